/** `vod local up`'s options are checked before any cloud starts. */
import { vod } from '../../e2e/vod';

describe('vod local up options', () => {
  it.each(['0', '-1', '1.5', 'many', '65'])('refuses --jobs %s with exit 2, naming the range and the usage', async (jobs) => {
    const run = await vod('local', 'up', `--jobs=${jobs}`, '--port', '0');

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--jobs ${jobs} is not a number of jobs from 1 to 64`);
    expect(run.stderr).toContain('usage: vod local up [--port 4566] [--jobs N] [--data-dir .vod-local]');
    expect(run.stdout).toBe('');
  });
});

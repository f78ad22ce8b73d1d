/**
 * A cloud `vod local up` serves on another port, over another directory, is what a command without
 * --endpoint uses; a command that starts its own cloud says so and names the running one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDataDir } from '../local/support';
import type { LocalUpProcess } from './local-up-process';
import { startLocalUp } from './local-up-process';
import { vod } from './vod';

let dataDir: string;
let otherDir: string;
let running: LocalUpProcess;
const runtime = process.env.VOD_RUNTIME_DIR!;

beforeAll(async () => {
  dataDir = tempDataDir();
  otherDir = tempDataDir();
  fs.rmSync(runtime, { recursive: true, force: true });
  running = await startLocalUp(dataDir, { VOD_RUNTIME_DIR: runtime });
});

afterAll(async () => {
  running.child.kill('SIGTERM');
  await running.exited;
  for (const dir of [dataDir, otherDir]) fs.rmSync(dir, { recursive: true, force: true });
});

describe('a local cloud on another port', () => {
  it('is used by a command that names no directory, which says so', async () => {
    // Act
    const run = await vod('assets', 'list', '--json');

    // Assess
    expect(run.code).toBe(0);
    expect(run.json()).toEqual([]);
    expect(run.stderr).toContain(`vod: using the local cloud at ${running.endpoint} (data in ${path.resolve(dataDir)})`);
  });

  it('is named by a command that starts a cloud of its own over another directory', async () => {
    // Act
    const run = await vod('assets', 'list', '--json', '--data-dir', otherDir);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`no local cloud serves ${path.resolve(otherDir)}; starting one for this command alone`);
    expect(run.stderr).toContain(`--endpoint ${running.endpoint} uses it`);
  });

  it('is not found once it stopped', async () => {
    // Prepare
    running.child.kill('SIGTERM');
    await running.exited;

    // Act
    const run = await vod('assets', 'list', '--json', '--data-dir', otherDir);

    // Assess
    expect(run.stderr).toContain('starting one for this command alone');
    expect(run.stderr).not.toContain(running.endpoint);
  });
});

/**
 * The limits that protect the bill, set through `vod -c key=value` on a local cloud the command
 * starts itself, as `cdk deploy -c` sets them on the stack.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AssetRecord } from '../../functions/shared/asset';
import { makeClip } from '../../cli/demo/sample-media';
import { startTestCloud } from '../local/support';
import { vod } from './vod';

jest.setTimeout(240_000);

let work: string;
let clip: string;
let port: string | undefined;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-e2e-cost-'));
  clip = await makeClip(path.join(work, 'clip.mp4'), { seconds: 2, width: 320, height: 240, toneHz: 440 });
  // Nothing answers on this port: every command starts a cloud of its own, with its -c settings.
  port = process.env.VOD_LOCAL_PORT;
  process.env.VOD_LOCAL_PORT = '1';
});

afterAll(() => {
  if (port === undefined) delete process.env.VOD_LOCAL_PORT;
  else process.env.VOD_LOCAL_PORT = port;
  fs.rmSync(work, { recursive: true, force: true });
});

describe('vod -c maxJobCostUsd', () => {
  it('rejects an upload whose job would cost more than the limit, before any MediaConvert job', async () => {
    // Prepare
    const dataDir = path.join(work, 'cheap');

    // Act
    const run = await vod('ingest', clip, '--key', 'uploads/clip.mp4', '--wait', '--json', '-c', 'maxJobCostUsd=0.001', '--data-dir', dataDir);

    // Assess: exit 1, REJECTED with the estimate and the limit, and no job on the record
    expect(run.code).toBe(1);
    const asset = run.json<AssetRecord>();
    expect(asset.status).toBe('REJECTED');
    expect(asset.error?.cause).toMatch(
      /^Asset \S+ \(SubmitDashJob\): estimated MediaConvert cost \$0\.\d{4} is above maxJobCostUsd \$0\.0010; raise the limit in cdk\.json \(-c maxJobCostUsd=\.\.\.\) or split the source$/,
    );
    expect(asset.jobs ?? []).toHaveLength(0);
  });

  it('fails to start on an invalid value, with the message the synth gives', async () => {
    // Act
    const run = await vod('local', 'up', '-c', 'maxJobCostUsd=-1', '--data-dir', path.join(work, 'invalid'));

    // Assess: the message of test/infra/stack-props.spec.ts for the same value
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'maxJobCostUsd -1 is not a number of US dollars above 0; give the most one MediaConvert job may cost, e.g. -c maxJobCostUsd=20',
    );
  });

  it('says that -c is ignored by a cloud that runs already', async () => {
    // Prepare
    const running = await startTestCloud();
    try {
      // Act
      const run = await vod('assets', 'list', '-c', 'maxJobCostUsd=1', '--endpoint', running.endpoint);

      // Assess
      expect(run.code).toBe(0);
      expect(run.stderr).toContain(
        `vod: -c maxJobCostUsd=1 is ignored: the local cloud at ${running.endpoint} (restart it with vod local up -c ...) keeps its own settings`,
      );
    } finally {
      await running.stop();
      fs.rmSync(running.dataDir, { recursive: true, force: true });
    }
  });
});

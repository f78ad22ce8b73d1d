/**
 * A new user's first IVS recording: `vod ivs-end` against a fresh local cloud, with no pre-roll,
 * post-roll or overlay uploaded, stitches with the generated defaults.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GetJobCommand } from '@aws-sdk/client-mediaconvert';
import type { AssetRecord } from '../../functions/shared/asset';
import { makeHlsRecording } from '../../cli/demo/sample-media';
import type { LocalCloud } from '../../local/cloud';
import { BUMPER_SECONDS } from '../../local/default-assets';
import type { Clients } from '../../local/clients';
import { clients, startTestCloud } from '../local/support';
import { vod } from './vod';

jest.setTimeout(240_000);

const RECORDING_SECONDS = 2;

let cloud: LocalCloud;
let media: string;
let aws: Clients;

beforeAll(async () => {
  media = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-e2e-fresh-'));
  await makeHlsRecording(path.join(media, 'recording'), { seconds: RECORDING_SECONDS });
  cloud = await startTestCloud();
  aws = clients(cloud);
});

afterAll(async () => {
  aws?.destroy();
  await cloud?.stop();
  if (cloud) fs.rmSync(cloud.dataDir, { recursive: true, force: true });
  fs.rmSync(media, { recursive: true, force: true });
});

describe('a fresh local cloud', () => {
  it('says its stitch assets are generated defaults, and stitches the first IVS recording with them', async () => {
    // Act
    const info = (await vod('local', 'info', '--json', '--endpoint', cloud.endpoint)).json<{ assetStates?: Record<string, string> }>();
    const run = await vod('ivs-end', path.join(media, 'recording'), '--wait', '--json', '--endpoint', cloud.endpoint);

    // Assess
    expect(info.assetStates).toEqual({ preroll: 'generated default', postroll: 'generated default', overlay: 'generated default' });
    expect(run.code).toBe(0);
    const asset = run.json<AssetRecord>();
    expect(asset).toMatchObject({ status: 'COMPLETE', branch: 'stitch', origin: 'ivs' });
    // Pre-roll, recording and post-roll, end to end.
    const { Job } = await aws.mediaConvert.send(new GetJobCommand({ Id: asset.jobs!.at(-1)!.jobId }));
    // Frame captures (RAW outputs) report their captures over their rate, not the programme's duration.
    const groups = Job!.Settings?.OutputGroups ?? [];
    const durations = (Job!.OutputGroupDetails ?? []).flatMap((group, g) =>
      (group.OutputDetails ?? []).filter((_, o) => groups[g]?.Outputs?.[o]?.ContainerSettings?.Container !== 'RAW').map((o) => o.DurationInMs ?? 0),
    );
    const longest = Math.max(...durations);
    expect(Math.abs(longest - (2 * BUMPER_SECONDS + RECORDING_SECONDS) * 1000)).toBeLessThanOrEqual(300);
  });
});

/**
 * End to end, through the `vod` command against the local cloud, with generated media: every branch,
 * the event path's de-duplication, awkward keys, a rejected input, and the operator's redrive story.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GetJobCommand, ListJobsCommand } from '@aws-sdk/client-mediaconvert';
import { DeleteObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { AssetRecord } from '../../functions/shared/asset';
import { NAME_MODIFIERS, transcodeLayout } from '../../functions/shared/output-layout';
import { parseS3Uri } from '../../functions/shared/s3-uri';
import type { Clients } from '../../local/clients';
import type { LocalCloud } from '../../local/cloud';
import { makeClip, makeHlsRecording, makeMezzanine, makeOverlay, makeTextFile } from '../../cli/demo/sample-media';
import type { StateRow } from '../../cli/history';
import { clients, startTestCloud, waitFor } from '../local/support';
import { cachedMedia } from '../support/media-cache';
import { vod } from './vod';

jest.setTimeout(240_000);

let cloud: LocalCloud;
let aws: Clients;
/** Paths of the sample media, by name. */
const media: Record<string, string> = {};
/** This file's own folder (what the tests write). */
let work: string;
let endpoint: string[];

const BUMPER_SECONDS = 1;
const RECORDING_SECONDS = 2;

function parseS3(uri: string): { Bucket: string; Key: string } {
  const { bucket, key } = parseS3Uri(uri);
  return { Bucket: bucket, Key: key };
}

async function objectExists(uri: string | undefined): Promise<boolean> {
  if (!uri) return false;
  try {
    await aws.s3.send(new HeadObjectCommand(parseS3(uri)));
    return true;
  } catch {
    return false;
  }
}

async function putAsset(uri: string, file: string): Promise<void> {
  await aws.s3.send(new PutObjectCommand({ ...parseS3(uri), Body: fs.readFileSync(file) }));
}

async function jobsOf(assetId: string): Promise<string[]> {
  const { Jobs = [] } = await aws.mediaConvert.send(new ListJobsCommand({ MaxResults: 20 }));
  return Jobs.filter((job) => job.UserMetadata?.assetId === assetId).map((job) => job.Id!);
}

async function outputDurationMs(asset: AssetRecord): Promise<number> {
  const { Job } = await aws.mediaConvert.send(new GetJobCommand({ Id: asset.jobs!.at(-1)!.jobId }));
  // Frame captures (RAW outputs) report their captures over their rate, not the programme's duration.
  const settings = Job!.Settings?.OutputGroups ?? [];
  return Math.max(
    ...(Job!.OutputGroupDetails ?? []).flatMap((group, g) =>
      (group.OutputDetails ?? []).filter((_, o) => settings[g]?.Outputs?.[o]?.ContainerSettings?.Container !== 'RAW').map((o) => o.DurationInMs ?? 0),
    ),
  );
}

const SAMPLE_MEDIA = path.join(__dirname, '..', '..', 'cli', 'demo', 'sample-media.ts');

/** Sample media made once for every run (test/support/media-cache.ts), by the demo's generators. */
function sample<T extends object>(name: string, options: T, make: (file: string, options: T) => Promise<string>): Promise<string> {
  return cachedMedia({ name, parameters: options, generator: SAMPLE_MEDIA }, (file) => make(file, options));
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-e2e-'));
  // Two at a time: each generator is one ffmpeg, and the machine has two cores.
  [media['clip.mp4'], media['mezzanine.mov']] = await Promise.all([
    sample('clip.mp4', { seconds: 3, width: 640, height: 360, toneHz: 440 }, makeClip),
    sample('mezzanine.mov', { seconds: 3, tracks: 8, audible: 2 }, makeMezzanine),
  ]);
  [media['silent.mp4'], media['mezzanine-16.mov']] = await Promise.all([
    sample('silent.mp4', { seconds: 2, width: 320, height: 180 }, makeClip),
    sample('mezzanine-16.mov', { seconds: 2, tracks: 16, audible: 2 }, makeMezzanine),
  ]);
  [media.recording, media['preroll.mp4']] = await Promise.all([
    sample('recording', { seconds: RECORDING_SECONDS }, makeHlsRecording),
    sample('preroll.mp4', { seconds: BUMPER_SECONDS, color: 'navy', toneHz: 880 }, makeClip),
  ]);
  [media['postroll.mp4'], media['overlay.png']] = await Promise.all([
    sample('postroll.mp4', { seconds: BUMPER_SECONDS, color: 'darkgreen', toneHz: 550 }, makeClip),
    sample('overlay.png', { width: 160, height: 90 }, makeOverlay),
  ]);
  media['notes.mp4'] = makeTextFile(path.join(work, 'notes.mp4'));

  cloud = await startTestCloud();
  aws = clients(cloud);
  endpoint = ['--endpoint', cloud.endpoint];
  const info = (await vod('local', 'info', '--json', ...endpoint)).json<{ assets: Record<string, string> }>();
  await putAsset(info.assets.preroll, media['preroll.mp4']);
  await putAsset(info.assets.postroll, media['postroll.mp4']);
  await putAsset(info.assets.overlay, media['overlay.png']);
});

afterAll(async () => {
  aws?.destroy();
  await cloud?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('the pipeline, end to end through vod', () => {
  let dashIngest: ReturnType<typeof vod> | undefined;
  /** The clip's dash asset, ingested by whichever test asks first: no test relies on another having run. */
  const ingestDash = () => (dashIngest ??= vod('ingest', media['clip.mp4'], '--key', 'uploads/e2e clip.mp4', '--wait', '--json', ...endpoint));
  const completeDashAsset = async (): Promise<AssetRecord> => {
    const run = await ingestDash();
    if (run.code !== 0) throw new Error(`vod ingest of the clip exited with ${run.code}: ${run.stderr}`);
    return run.json<AssetRecord>();
  };

  it('packages an upload as CMAF (an HLS master playlist and a DASH manifest) with an SD proxy, thumbnails and a poster (dash)', async () => {
    const run = await ingestDash();

    expect(run.code).toBe(0);
    const dashAsset = run.json<AssetRecord>();
    expect(dashAsset).toMatchObject({ status: 'COMPLETE', branch: 'dash', origin: 'upload' });
    expect(dashAsset.outputs?.dash).toMatch(/\.mpd$/);
    expect(dashAsset.outputs?.proxy).toMatch(/\.mp4$/);
    expect(await objectExists(dashAsset.outputs?.dash)).toBe(true);
    expect(await objectExists(dashAsset.outputs?.proxy)).toBe(true);
    const layout = transcodeLayout(parseS3Uri(dashAsset.outputs!.dash!).bucket, dashAsset.assetId);
    expect(dashAsset.outputs?.dash).toBe(layout.cmafDashManifest);
    expect(await objectExists(layout.hlsManifest)).toBe(true);
    expect(await objectExists(`${layout.thumbnailsDestination}${NAME_MODIFIERS.thumbnail}.0000000.jpg`)).toBe(true);
    expect(await objectExists(`${layout.posterDestination}${NAME_MODIFIERS.poster}.0000001.jpg`)).toBe(true);
    expect(dashAsset.outputs?.audio).toBe(true);
  });

  it("prints the asset's playback URLs with vod play: the record's keys on the local playback route", async () => {
    const dashAsset = await completeDashAsset();

    const run = await vod('play', dashAsset.assetId, '--json', ...endpoint);

    expect(run.code).toBe(0);
    const dashKey = dashAsset.outputs!.dash!.replace(/^s3:\/\/[^/]+\//, '');
    expect(run.json<Record<string, string>>()).toMatchObject({ dash: `${endpoint[1]}/_vod/play/${dashKey}` });
    expect(run.json()).toEqual(dashAsset.playback);
  });

  it('takes the same upload event delivered twice as one asset with one job', async () => {
    const dashAsset = await completeDashAsset();
    const { input } = await aws.sfn.send(new DescribeExecutionCommand({ executionArn: dashAsset.executionArn! }));
    const eventFile = path.join(work, 'replayed-event.json');
    fs.writeFileSync(eventFile, input!);
    const before = (await aws.sfn.send(new ListExecutionsCommand({ stateMachineArn: cloud.names.stateMachineArn }))).executions!.length;

    const first = await vod('events', 'put', eventFile, '--json', ...endpoint);
    const second = await vod('events', 'put', eventFile, '--json', ...endpoint);

    expect([first.code, second.code]).toEqual([0, 0]);
    const replays = await waitFor('both replays to end', async () => {
      const { executions = [] } = await aws.sfn.send(new ListExecutionsCommand({ stateMachineArn: cloud.names.stateMachineArn }));
      const fresh = executions.slice(0, executions.length - before);
      return fresh.length === 2 && fresh.every((e) => e.status !== 'RUNNING') ? fresh : undefined;
    });
    expect(replays.map((e) => e.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(await jobsOf(dashAsset.assetId)).toHaveLength(1);
    const asset = (await vod('assets', 'get', dashAsset.assetId, '--json', ...endpoint)).json<AssetRecord>();
    expect(asset).toMatchObject({ status: 'COMPLETE', executionArn: dashAsset.executionArn, jobs: [expect.anything()] });
  });

  it('processes a key with spaces, + and accents', async () => {
    const key = 'uploads/Été +fun: ñandú clip.mp4';

    const run = await vod('ingest', media['clip.mp4'], '--key', key, '--wait', '--json', ...endpoint);

    expect(run.code).toBe(0);
    expect(run.json<AssetRecord>()).toMatchObject({ status: 'COMPLETE', source: { key } });
  });

  it('classifies the silent tracks of an 8-track mezzanine and deletes its temporary files (loudness)', async () => {
    const run = await vod('ingest', media['mezzanine.mov'], '--key', 'mezzanine/e2e 8 tracks.mov', '--wait', '--json', ...endpoint);

    expect(run.code).toBe(0);
    const asset = run.json<AssetRecord>();
    expect(asset).toMatchObject({ status: 'COMPLETE', branch: 'loudness' });
    expect(asset.loudness).toMatchObject({
      loudnessMap: [1, 1, 0, 0, 0, 0, 0, 0],
      silentTracks: [3, 4, 5, 6, 7, 8],
      layout: 'stereo',
      thresholdDb: -50,
    });
    const left = await aws.s3.send(new ListObjectsV2Command({ Bucket: cloud.names.outputBucket, Prefix: `tmp/loudness/${asset.assetId}/` }));
    expect(left.KeyCount ?? 0).toBe(0);
  });

  it('classifies a 16-track mezzanine, track by track', async () => {
    const run = await vod('ingest', media['mezzanine-16.mov'], '--key', 'mezzanine/e2e 16 tracks.mov', '--wait', '--json', ...endpoint);

    expect(run.code).toBe(0);
    const asset = run.json<AssetRecord>();
    expect(asset).toMatchObject({ status: 'COMPLETE', branch: 'loudness' });
    expect(asset.loudness?.loudnessMap).toEqual([1, 1, ...Array.from({ length: 14 }, () => 0)]);
    expect(asset.loudness?.silentTracks).toEqual(Array.from({ length: 14 }, (_, i) => i + 3));
  });

  it('packages a video without audio as DASH, and rejects it for loudness with a clear cause', async () => {
    const packaged = await vod('ingest', media['silent.mp4'], '--key', 'uploads/no audio.mp4', '--wait', '--json', ...endpoint);
    const measured = await vod('ingest', media['silent.mp4'], '--key', 'mezzanine/no audio.mp4', '--wait', '--json', ...endpoint);

    expect(packaged.code).toBe(0);
    expect(packaged.json<AssetRecord>()).toMatchObject({ status: 'COMPLETE', branch: 'dash', probe: { audioCount: 0 }, outputs: { audio: false } });
    expect(measured.code).toBe(1);
    const rejected = measured.json<AssetRecord>();
    expect(rejected).toMatchObject({ status: 'REJECTED', error: { error: 'NoAudio' } });
    expect(rejected.error?.cause).toMatch(/no audio track/);
    expect(await jobsOf(rejected.assetId)).toEqual([]);
  });

  it('stitches pre-roll + recording + post-roll when an IVS recording ends (stitch)', async () => {
    const run = await vod('ivs-end', media.recording, '--wait', '--json', ...endpoint);

    expect(run.code).toBe(0);
    const asset = run.json<AssetRecord>();
    expect(asset).toMatchObject({ status: 'COMPLETE', branch: 'stitch', origin: 'ivs' });
    expect(await objectExists(asset.outputs?.dash)).toBe(true);
    const expected = (2 * BUMPER_SECONDS + RECORDING_SECONDS) * 1000;
    expect(Math.abs((await outputDurationMs(asset)) - expected)).toBeLessThanOrEqual(300);
  });

  it('rejects a text file named .mp4 with a clear cause, starting no job and disturbing nothing', async () => {
    const dashAsset = await completeDashAsset();

    const run = await vod('ingest', media['notes.mp4'], '--key', 'uploads/notes.mp4', '--wait', '--json', ...endpoint);

    expect(run.code).toBe(1);
    const asset = run.json<AssetRecord>();
    expect(asset).toMatchObject({ status: 'REJECTED', error: { state: 'Probe', error: 'NotMedia' } });
    expect(asset.error?.cause).toMatch(/not a media file/i);
    expect(await jobsOf(asset.assetId)).toEqual([]);
    const dash = (await vod('assets', 'get', dashAsset.assetId, '--json', ...endpoint)).json<AssetRecord>();
    expect(dash.status).toBe('COMPLETE');
  });

  it('refuses before uploading a file whose key the upload rule does not take, saying which keys it takes', async () => {
    const run = await vod('ingest', media['notes.mp4'], '--key', 'uploads/notes.txt', '--wait', ...endpoint);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('s3://vod-ingest/uploads/notes.txt would not start the pipeline');
    expect(run.stderr).toContain('{"wildcard":"*.mp4"}');
    expect(run.stderr).toContain('Nothing was uploaded');
    expect(await objectExists('s3://vod-ingest/uploads/notes.txt')).toBe(false);
  });

  it('lets an operator fix a missing post-roll and redrive the failed stitch to COMPLETE', async () => {
    const info = (await vod('local', 'info', '--json', ...endpoint)).json<{ assets: { postroll: string } }>();
    await aws.s3.send(new DeleteObjectCommand(parseS3(info.assets.postroll)));

    const failed = await vod('ivs-end', media.recording, '--wait', '--json', ...endpoint);

    expect(failed.code).toBe(1);
    const asset = failed.json<AssetRecord>();
    const settled = await waitFor('the FAILED status with its error', async () => {
      const record = (await vod('assets', 'get', asset.assetId, '--json', ...endpoint)).json<AssetRecord>();
      return record.status === 'FAILED' && record.error ? record : undefined;
    });
    expect(settled.error).toMatchObject({ state: 'SubmitStitchJob', error: expect.stringMatching(/^MediaConvert\.\d+$/) });
    expect(settled.error?.cause).toContain('postroll');

    await putAsset(info.assets.postroll, media['postroll.mp4']);
    const redriven = await vod('redrive', asset.assetId, '--wait', '--json', ...endpoint);

    expect(redriven.code).toBe(0);
    expect(redriven.json<AssetRecord>()).toMatchObject({ assetId: asset.assetId, status: 'COMPLETE', redriveCount: 1 });
    const history = (await vod('executions', 'show', asset.assetId, '--json', ...endpoint)).json<{ states: StateRow[] }>();
    const rows = history.states.map((row) => `${row.state}:${row.status}`);
    expect(rows).toEqual(expect.arrayContaining(['SubmitStitchJob:FAILED', '(redrive):REDRIVEN', 'SubmitStitchJob:SUCCEEDED']));
    expect(rows.indexOf('(redrive):REDRIVEN')).toBeGreaterThan(rows.indexOf('SubmitStitchJob:FAILED'));
  });
});

describe('vod against a pipeline that takes the recordings of some channels only', () => {
  it('refuses before uploading a recording of another channel, naming the channels it takes', async () => {
    // Prepare
    const allowed = 'arn:aws:ivs:us-east-1:000000000000:channel/allowedOne';
    const picky = await startTestCloud({ settings: { ivsChannelArns: [allowed] } });
    const pickyAws = clients(picky);
    try {
      // Act
      const run = await vod(
        'ivs-end',
        media.recording,
        '--channel-arn',
        'arn:aws:ivs:us-east-1:000000000000:channel/other',
        '--wait',
        '--endpoint',
        picky.endpoint,
      );

      // Assess
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('channel/other into s3://vod-recordings would not start the pipeline');
      expect(run.stderr).toContain(JSON.stringify([allowed]));
      const { KeyCount } = await pickyAws.s3.send(new ListObjectsV2Command({ Bucket: picky.names.recordingBucket }));
      expect(KeyCount).toBe(0);
    } finally {
      pickyAws.destroy();
      await picky.stop();
      fs.rmSync(picky.dataDir, { recursive: true, force: true });
    }
  });
});

describe('vod after a crash of the local cloud', () => {
  it('shows the asset of the execution the crash cut off still TRANSCODING, and the next cloud completes it without a redrive', async () => {
    // Prepare: an upload waiting on its job when the cloud goes (a stop leaves it RUNNING on disk, as a crash does)
    const crashed = await startTestCloud({ mediaConvertPaused: true });
    const crashedAws = clients(crashed);
    await crashedAws.s3.send(
      new PutObjectCommand({ Bucket: crashed.names.ingestBucket, Key: 'uploads/cut off.mp4', Body: fs.readFileSync(media['clip.mp4']) }),
    );
    const waiting = await waitFor('the asset TRANSCODING', async () => {
      const { Items = [] } = await crashedAws.documents.send(new ScanCommand({ TableName: crashed.names.assetTable }));
      return Items.find((item) => item.status === 'TRANSCODING') as AssetRecord | undefined;
    });
    crashedAws.destroy();
    await crashed.stop();
    const port = process.env.VOD_LOCAL_PORT;
    // Nothing answers there: vod starts a cloud of its own on the data directory, only to read.
    process.env.VOD_LOCAL_PORT = '1';
    let next: LocalCloud | undefined;
    try {
      // Act
      const shown = await vod('assets', 'get', waiting.assetId, '--data-dir', crashed.dataDir, '--json');
      next = await startTestCloud({ dataDir: crashed.dataDir });
      const nextAws = clients(next);
      const completed = await waitFor(
        'the asset COMPLETE',
        async () => {
          const { Items = [] } = await nextAws.documents.send(new ScanCommand({ TableName: next!.names.assetTable, ConsistentRead: true }));
          const asset = Items.find((item) => item.assetId === waiting.assetId) as AssetRecord | undefined;
          return asset?.status === 'COMPLETE' || asset?.status === 'FAILED' ? asset : undefined;
        },
        120_000,
      );
      const { Jobs = [] } = await nextAws.mediaConvert.send(new ListJobsCommand({}));
      nextAws.destroy();

      // Assess
      expect(shown.json<AssetRecord>()).toMatchObject({ assetId: waiting.assetId, status: 'TRANSCODING' });
      expect(completed).toMatchObject({ assetId: waiting.assetId, status: 'COMPLETE' });
      expect(completed.redriveCount ?? 0).toBe(0);
      expect(Jobs.filter((job) => job.UserMetadata?.assetId === waiting.assetId)).toHaveLength(1);
    } finally {
      if (port === undefined) delete process.env.VOD_LOCAL_PORT;
      else process.env.VOD_LOCAL_PORT = port;
      await next?.stop();
      fs.rmSync(crashed.dataDir, { recursive: true, force: true });
    }
  });
});

describe('vod usage', () => {
  it('exits 2 with the usage on a usage error', async () => {
    const run = await vod('assets', 'get');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('usage: vod assets get <assetId>');
  });
});

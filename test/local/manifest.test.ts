/**
 * Job manifests on the local cloud, through the same rules, state machine and handlers as AWS: a
 * video uploaded under sources/ waits; a `.vod.json` naming it starts one asset with its settings
 * (the ABR limits visibly cut the ladder the local MediaConvert encodes); manifests that are not
 * JSON, break the schema, name a missing video or exceed 64 KiB end REJECTED with the cause, and
 * no MediaConvert job is created for them.
 */
import { ListJobsCommand } from '@aws-sdk/client-mediaconvert';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import type { DescribeExecutionCommandOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ingest } from '../../cli/commands/ingest';
import { makeClip } from '../../cli/demo/sample-media';
import type { AssetRecord } from '../../functions/shared/asset';
import { parseS3Uri } from '../../functions/shared/s3-uri';
import type { Clients } from '../../local/clients';
import type { LocalCloud } from '../../local/cloud';
import { abrLadder } from '../../local/mediaconvert/engine/abr-ladder';
import dashTemplate from '../../job-templates/dash-abr.json';
import { cloudPerFile, waitFor } from './support';

jest.setTimeout(240_000);

const VIDEO_KEY = 'sources/spring clip.mp4';
const SIZE = { width: 960, height: 540 };

let cloud: LocalCloud;
let aws: Clients;
let folder: string;
/** The upload of the video every manifest here names (beforeAll). */
let videoRun: Run;
cloudPerFile((started, clients) => {
  cloud = started;
  aws = clients;
});

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-manifest-'));
  await makeClip(path.join(folder, 'clip.mp4'), { seconds: 3, ...SIZE, frameRate: 25, toneHz: 440 });
  videoRun = await uploadAndRun(VIDEO_KEY, fs.readFileSync(path.join(folder, 'clip.mp4')));
});

afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

interface Run {
  execution: DescribeExecutionCommandOutput;
  states: string[];
  asset?: AssetRecord;
}

async function put(key: string, body: Buffer | string): Promise<void> {
  await aws.s3.send(new PutObjectCommand({ Bucket: cloud.names.ingestBucket, Key: key, Body: body }));
}

/** Uploads an object and follows the execution its Object Created event starts to its end. */
async function uploadAndRun(key: string, body: Buffer | string): Promise<Run> {
  await put(key, body);
  const executionArn = await waitFor(`an execution for ${key}`, async () => {
    const { executions = [] } = await aws.sfn.send(new ListExecutionsCommand({ stateMachineArn: cloud.names.stateMachineArn }));
    for (const { executionArn: arn } of executions) {
      const { input } = await aws.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
      if ((JSON.parse(input ?? '{}') as { detail?: { object?: { key?: string } } }).detail?.object?.key === key) return arn;
    }
    return undefined;
  });
  const execution = await waitFor(
    `the execution for ${key} to end`,
    async () => {
      const described = await aws.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return described.status === 'RUNNING' ? undefined : described;
    },
    200_000,
  );
  const { events = [] } = await aws.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  const states = events.filter((event: HistoryEvent) => event.stateEnteredEventDetails).map((event) => event.stateEnteredEventDetails!.name!);
  const { Items = [] } = await aws.documents.send(
    new ScanCommand({
      TableName: cloud.names.assetTable,
      FilterExpression: 'executionArn = :arn',
      ExpressionAttributeValues: { ':arn': executionArn },
    }),
  );
  return { execution, states, asset: Items[0] as AssetRecord | undefined };
}

async function jobsOf(assetId: string) {
  const { Jobs = [] } = await aws.mediaConvert.send(new ListJobsCommand({}));
  return Jobs.filter((job) => job.UserMetadata?.assetId === assetId);
}

async function text(uri: string): Promise<string> {
  const { bucket, key } = parseS3Uri(uri);
  const { Body } = await aws.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Body!.transformToString();
}

describe('job manifests on the local cloud', () => {
  it('lets a video uploaded under sources/ wait for a manifest: its execution ends at AwaitsManifest and registers no asset', async () => {
    // Act (beforeAll)
    const run = videoRun;

    // Assess
    expect(run.execution.status).toBe('SUCCEEDED');
    expect(run.states).toEqual(['Register', 'AwaitsManifest']);
    expect(run.asset).toBeUndefined();
  });

  it("runs the video a manifest names with the manifest's settings, to a COMPLETE record with its metadata and a ladder cut by its ABR limits", async () => {
    // Prepare
    const manifest = {
      source: VIDEO_KEY,
      abr: { maxBitrate: 1_100_000 },
      clip: { start: 0.5, end: '00:00:02:12' },
      thumbnails: { intervalSeconds: 1 },
      metadata: { show: 'Spring', owner: 'Zoé' },
    };

    // Act
    const run = await uploadAndRun('jobs/spring.vod.json', JSON.stringify(manifest));

    // Assess: one asset, of the manifest, for the video it names
    expect(run.execution.status).toBe('SUCCEEDED');
    expect(run.states).toEqual(['Register', 'Probe', 'ChooseBranch', 'SubmitDashJob', 'CompleteTranscode']);
    const record = run.asset!;
    expect(record).toMatchObject({
      assetId: expect.stringMatching(/^spring-vod-json-[0-9a-f]{16}$/),
      status: 'COMPLETE',
      branch: 'dash',
      source: { bucket: cloud.names.ingestBucket, key: VIDEO_KEY },
      manifest: { bucket: cloud.names.ingestBucket, key: 'jobs/spring.vod.json', settings: manifest },
      metadata: { show: 'Spring', owner: 'Zoé' },
      probe: { video: SIZE },
    });
    // The job as the manifest asked: clip, ABR limits (the template's minimum moved under the new maximum), thumbnails.
    const [job, ...others] = await jobsOf(record.assetId);
    expect(others).toEqual([]);
    expect(job.Status).toBe('COMPLETE');
    expect(job.Settings?.Inputs?.[0].InputClippings).toEqual([{ StartTimecode: '00:00:00:12', EndTimecode: '00:00:02:12' }]);
    const abrGroup = job.Settings?.OutputGroups?.find((group) => group.AutomatedEncodingSettings);
    expect(abrGroup?.AutomatedEncodingSettings?.AbrSettings).toEqual({ MaxAbrBitrate: 1_100_000, MinAbrBitrate: 400_000, MaxRenditions: 6 });
    // The ladder: the template's limits give this 540p source three renditions, the manifest's two.
    const template = dashTemplate.Settings.OutputGroups[0].AutomatedEncodingSettings!.AbrSettings;
    const byTemplate = abrLadder(SIZE, {
      maxAbrBitrate: template.MaxAbrBitrate,
      minAbrBitrate: template.MinAbrBitrate,
      maxRenditions: template.MaxRenditions,
    });
    const master = await text(record.outputs!.hls!);
    const variants = master.split('\n').filter((line) => line.startsWith('#EXT-X-STREAM-INF'));
    expect(byTemplate).toHaveLength(3);
    expect(variants).toHaveLength(2);
    for (const variant of variants)
      expect(Number(/AVERAGE-BANDWIDTH=(\d+)/.exec(variant)?.[1] ?? /BANDWIDTH=(\d+)/.exec(variant)![1])).toBeLessThanOrEqual(1_300_000);
    // Thumbnails every second, over the 2 s clip of the 3 s video.
    const cues = (await text(record.outputs!.thumbnails!)).split('\n').filter((line) => line.includes('-->'));
    expect(cues.slice(0, 2)).toEqual(['00:00:00.000 --> 00:00:01.000', '00:00:01.000 --> 00:00:02.000']);
    const end = cues
      .at(-1)!
      .split(' --> ')[1]
      .split(':')
      .reduce((total, part) => total * 60 + Number(part), 0);
    expect(end).toBeGreaterThanOrEqual(2);
    expect(end).toBeLessThan(2.2);
  });

  it('vod ingest FILE --manifest M.json uploads the video under sources/, then the manifest, and follows the one asset it starts', async () => {
    // Prepare: a manifest without a source: the command names the video it uploads.
    const manifestFile = path.join(folder, 'take two.vod.json');
    fs.writeFileSync(manifestFile, JSON.stringify({ abr: { maxRenditions: 3 }, metadata: { take: '2' } }));
    let stdout = '';
    const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);

    // Act
    let code: number;
    try {
      code = await ingest([path.join(folder, 'clip.mp4'), '--manifest', manifestFile, '--wait', '--json', '--endpoint', cloud.endpoint]);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }

    // Assess
    const record = JSON.parse(stdout) as AssetRecord;
    expect(code).toBe(0);
    expect(record).toMatchObject({
      status: 'COMPLETE',
      source: { key: 'sources/clip.mp4' },
      manifest: { key: 'uploads/take two.vod.json', settings: { source: 'sources/clip.mp4', abr: { maxRenditions: 3 } } },
      metadata: { take: '2' },
    });
    const { Items = [] } = await aws.documents.send(new ScanCommand({ TableName: cloud.names.assetTable }));
    expect(Items.filter((item) => (item as { source: { key?: string } }).source.key === 'sources/clip.mp4')).toHaveLength(1);
  });

  it('vod ingest --manifest refuses an invalid manifest before uploading anything', async () => {
    const manifestFile = path.join(folder, 'bad.vod.json');
    fs.writeFileSync(manifestFile, JSON.stringify({ branch: 'stitch' }));

    const result = ingest([path.join(folder, 'clip.mp4'), '--manifest', manifestFile, '--endpoint', cloud.endpoint]);

    await expect(result).rejects.toMatchObject({
      name: 'UsageError',
      message: expect.stringContaining(
        'is not a valid job manifest: at $.branch: found "stitch" (a string); allowed: one of "dash", "loudness". Nothing was uploaded',
      ),
    });
  });

  it.each([
    [
      'not JSON',
      'jobs/not-json.vod.json',
      `{ source: ${VIDEO_KEY} }`,
      /is not valid: at \$: found text that is not JSON \(.+\); allowed: a JSON object\./,
    ],
    [
      'breaking the schema',
      'jobs/typos.vod.json',
      JSON.stringify({ source: VIDEO_KEY, abr: { maxBitrate: 'fast' }, Branch: 'dash', metadata: { take: 3 } }),
      new RegExp(
        [
          'at \\$\\.Branch: found a field this manifest format does not have; allowed: an object with the fields source, branch, .*',
          'at \\$\\.abr\\.maxBitrate: found "fast" \\(a string\\); allowed: a whole number from 100000 to 100000000',
          'at \\$\\.metadata\\.take: found 3 \\(a whole number\\); allowed: a string of at most 2048 characters',
        ].join('; '),
      ),
    ],
    [
      'naming a missing video',
      'jobs/missing.vod.json',
      JSON.stringify({ source: 'sources/missing.mp4' }),
      /names the video s3:\/\/[^/]+\/sources\/missing\.mp4 \(\$\.source\), which does not exist/,
    ],
    [
      'over 64 KiB',
      'jobs/large.vod.json',
      JSON.stringify({ source: VIDEO_KEY, metadata: { notes: 'x'.repeat(70_000) } }),
      /is not valid: at \$: found a manifest of 70\d{3} bytes; allowed: at most 65536 bytes \(64 KiB\)/,
    ],
  ])('rejects a manifest %s with the cause, creating no job', async (_what, key, body, cause) => {
    // Act
    const run = await uploadAndRun(key, body);

    // Assess
    expect(run.execution.status).toBe('SUCCEEDED');
    expect(run.states).toEqual(['Register', 'Probe', 'Rejected']);
    expect(run.asset).toMatchObject({ status: 'REJECTED', error: { state: 'Probe', error: 'InputRejected', cause: expect.stringMatching(cause) } });
    expect(run.asset?.error?.cause).toContain('No job was created');
    expect(run.asset?.manifest).toBeUndefined();
    expect(await jobsOf(run.asset!.assetId)).toEqual([]);
  });
});

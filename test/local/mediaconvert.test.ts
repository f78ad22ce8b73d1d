/**
 * The local MediaConvert through the gateway, with the SDK's MediaConvertClient: jobs run on the
 * engine, read and write the local S3, and put their state changes on the local EventBridge.
 */
import {
  CancelJobCommand,
  CreateJobCommand,
  GetJobCommand,
  GetJobTemplateCommand,
  ListJobTemplatesCommand,
  ListJobsCommand,
} from '@aws-sdk/client-mediaconvert';
import type { CreateJobRequest, Job, OutputGroup } from '@aws-sdk/client-mediaconvert';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BusEvent } from '../../local/eventbridge/types';
import type { LocalCloud } from '../../local/cloud';
import { buildJobRequest } from '../../functions/submit-job/job-request';
import { clients, makeMp4, startTestCloud, tempDataDir, waitFor } from './support';

jest.setTimeout(120_000);

type Aws = ReturnType<typeof clients>;

const media = makeMp4(2);
/** Half a minute of small video: a job that runs for seconds, long enough to be canceled while it runs. */
const longMedia = makeMp4(30);
/** Not the pipeline's name: the pipeline's job-events rule leaves these jobs alone. */
const PIPELINE = 'mediaconvert-tests';

function parseS3(uri: string): { Bucket: string; Key: string } {
  const [, Bucket, Key] = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri)!;
  return { Bucket, Key };
}

/** The MediaConvert events put on the bus, by job id. */
function recordJobEvents(cloud: LocalCloud): { of: (jobId: string) => BusEvent[]; stop: () => void } {
  const seen: BusEvent[] = [];
  const stop = cloud.bus.onEvent((event) => {
    if (event.source === 'aws.mediaconvert') seen.push(event);
  });
  return { of: (jobId) => seen.filter((event) => event.detail.jobId === jobId), stop };
}

const TERMINAL = ['COMPLETE', 'ERROR', 'CANCELED'];

async function ended(events: ReturnType<typeof recordJobEvents>, jobId: string): Promise<BusEvent[]> {
  await waitFor(
    `job ${jobId} to end`,
    async () => (events.of(jobId).some((event) => TERMINAL.includes(event.detail.status as string)) ? true : undefined),
    90_000,
  );
  return events.of(jobId);
}

/** The dash job the submit-job function builds for an upload at `key` of the bucket. */
function dashRequest(cloud: LocalCloud, bucket: string, key: string, assetId: string): CreateJobRequest {
  return buildJobRequest(
    'dash',
    {
      assetId,
      state: 'SubmitDashJob',
      source: { bucket, key, size: media.length },
      probe: {
        container: 'MPEG-4',
        durationMs: 2000,
        video: { codec: 'AVC', width: 320, height: 240 },
        audioCount: 1,
        audioTracks: [{ index: 1, codec: 'AAC', channels: 1, sampleRate: 48000 }],
      },
      taskToken: `token-${assetId}`,
    },
    {
      outputBucket: cloud.names.outputBucket,
      assetsBucket: cloud.names.assetsBucket,
      prerollKey: 'bumpers/preroll.mp4',
      postrollKey: 'bumpers/postroll.mp4',
      overlayKey: 'overlays/bug.png',
      loudnessClipSeconds: 60,
      packaging: 'cmaf',
      thumbnailIntervalSeconds: 10,
      mediaConvertRoleArn: cloud.names.mediaConvertRoleArn,
      pipelineName: PIPELINE,
    },
  ).request;
}

async function exists(aws: Aws, uri: string): Promise<string | undefined> {
  const head = await aws.s3.send(new HeadObjectCommand(parseS3(uri)));
  return head.ContentType;
}

describe('the local MediaConvert', () => {
  let cloud: LocalCloud;
  let aws: Aws;
  let events: ReturnType<typeof recordJobEvents>;
  // Uploads to the ingest bucket would start the pipeline too: the sources live in the assets bucket.
  let bucket: string;
  const key = 'sources/Clip d’été + 1:2.mp4';
  const longKey = 'sources/long take.mp4';

  beforeAll(async () => {
    cloud = await startTestCloud();
    aws = clients(cloud);
    events = recordJobEvents(cloud);
    bucket = cloud.names.assetsBucket;
    await aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: media, ContentType: 'video/mp4' }));
    await aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: longKey, Body: longMedia, ContentType: 'video/mp4' }));
  });

  afterAll(async () => {
    events.stop();
    aws.destroy();
    await cloud.stop();
    fs.rmSync(cloud.dataDir, { recursive: true, force: true });
  });

  it("runs submit-job's dash job: PROGRESSING … COMPLETE on the bus, its outputs in S3, GetJob COMPLETE", async () => {
    // Act
    const { Job: created } = await aws.mediaConvert.send(new CreateJobCommand(dashRequest(cloud, bucket, key, 'clip-1')));
    const own = await ended(events, created!.Id!);
    const { Job: job } = await aws.mediaConvert.send(new GetJobCommand({ Id: created!.Id }));

    // Assess
    expect(created?.Status).toBe('SUBMITTED');
    const statuses = own.map((event) => event.detail.status);
    expect(statuses[0]).toBe('PROGRESSING');
    expect(statuses.at(-1)).toBe('COMPLETE');
    expect(new Set(statuses.slice(1, -1))).toEqual(new Set(statuses.length > 2 ? ['STATUS_UPDATE'] : []));
    const complete = own.at(-1)!;
    expect(complete).toMatchObject({
      source: 'aws.mediaconvert',
      'detail-type': 'MediaConvert Job State Change',
      account: '000000000000',
      resources: [`arn:aws:mediaconvert:us-east-1:000000000000:jobs/${created!.Id}`],
      detail: {
        status: 'COMPLETE',
        jobId: created!.Id,
        accountId: '000000000000',
        queue: 'arn:aws:mediaconvert:us-east-1:000000000000:queues/Default',
        userMetadata: { assetId: 'clip-1', pipeline: PIPELINE, branch: 'dash' },
        timestamp: expect.any(Number),
        warnings: [],
      },
    });
    const groups = complete.detail.outputGroupDetails as {
      type: string;
      playlistFilePaths?: string[];
      outputDetails: { outputFilePaths?: string[]; durationInMs?: number }[];
    }[];
    expect(groups.map((group) => group.type)).toEqual(['CMAF_GROUP', 'FILE_GROUP', 'FILE_GROUP', 'FILE_GROUP']);
    const [mpd, m3u8] = groups[0].playlistFilePaths!;
    const proxy = groups[1].outputDetails[0].outputFilePaths![0];
    expect([mpd, m3u8]).toEqual(['s3://vod-outputs/clip-1/cmaf/clip-1.mpd', 's3://vod-outputs/clip-1/cmaf/clip-1.m3u8']);
    expect(proxy).toBe('s3://vod-outputs/clip-1/proxy/clip-1_proxy.mp4');
    expect(groups[2].outputDetails[0].outputFilePaths).toEqual(['s3://vod-outputs/clip-1/thumbnails/clip-1_thumb.0000000.jpg']);
    expect(groups[3].outputDetails[0].outputFilePaths).toEqual(['s3://vod-outputs/clip-1/poster/clip-1_poster.0000001.jpg']);
    expect(await exists(aws, mpd)).toBe('application/dash+xml');
    expect(await exists(aws, m3u8)).toBe('application/vnd.apple.mpegurl');
    expect(await exists(aws, groups[3].outputDetails[0].outputFilePaths![0])).toBe('image/jpeg');
    expect(await exists(aws, proxy)).toBe('video/mp4');
    expect(groups[1].outputDetails[0].durationInMs).toBeGreaterThan(1500);
    expect(job).toMatchObject({ Status: 'COMPLETE', JobPercentComplete: 100, UserMetadata: { assetId: 'clip-1' } });
    expect(job?.OutputGroupDetails?.[1].OutputDetails?.[0]).toMatchObject({ DurationInMs: expect.any(Number), VideoDetails: { HeightInPx: 360 } });
    expect(job?.Timing?.FinishTime).toBeInstanceOf(Date);
    expect(job!.Timing!.StartTime!.getTime()).toBeGreaterThanOrEqual(job!.Timing!.SubmitTime!.getTime());
  });

  it('lists jobs newest first, filtered by status, in pages', async () => {
    // Prepare: one more job, which fails at once (no input)
    const missing = dashRequest(cloud, bucket, 'sources/not there.mp4', 'missing-1');
    const { Job: failing } = await aws.mediaConvert.send(new CreateJobCommand(missing));
    await ended(events, failing!.Id!);

    // Act
    const { Jobs: all = [] } = await aws.mediaConvert.send(new ListJobsCommand({}));
    const { Jobs: complete = [] } = await aws.mediaConvert.send(new ListJobsCommand({ Status: 'COMPLETE' }));
    const first = await aws.mediaConvert.send(new ListJobsCommand({ MaxResults: 1 }));
    const second = await aws.mediaConvert.send(new ListJobsCommand({ MaxResults: 1, NextToken: first.NextToken }));

    // Assess
    const created = all.map((job) => job.CreatedAt!.getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(all[0].Id).toBe(failing!.Id);
    expect(complete.length).toBeGreaterThan(0);
    expect(complete.every((job: Job) => job.Status === 'COMPLETE')).toBe(true);
    expect(complete.map((job) => job.Id)).not.toContain(failing!.Id);
    expect([first.Jobs?.[0].Id, second.Jobs?.[0].Id]).toEqual([all[0].Id, all[1].Id]);
  });

  it('answers a setting the engine does not run with a 400 naming it', async () => {
    const request = dashRequest(cloud, bucket, key, 'unsupported-1');
    request.Settings!.Inputs![0].DeblockFilter = 'ENABLED';

    const error = (await aws.mediaConvert.send(new CreateJobCommand(request)).catch((caught: unknown) => caught)) as Error & {
      $metadata: { httpStatusCode: number };
    };

    expect(error.name).toBe('BadRequestException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toContain('Settings.Inputs[0].DeblockFilter');
  });

  it('ends a job whose input is missing with an ERROR event, code 1404, naming the input', async () => {
    const { Job: created } = await aws.mediaConvert.send(new CreateJobCommand(dashRequest(cloud, bucket, 'sources/gone + away.mp4', 'missing-2')));

    const own = await ended(events, created!.Id!);
    const { Job: job } = await aws.mediaConvert.send(new GetJobCommand({ Id: created!.Id }));

    expect(own.map((event) => event.detail.status)).toEqual(['PROGRESSING', 'ERROR']);
    expect(own[1].detail).toMatchObject({
      errorCode: 1404,
      errorMessage: expect.stringContaining(`s3://${bucket}/sources/gone + away.mp4`),
      userMetadata: { assetId: 'missing-2' },
    });
    expect(job).toMatchObject({ Status: 'ERROR', ErrorCode: 1404 });
  });

  it('cancels a running job: a CANCELED event, and it cannot be canceled again', async () => {
    // Prepare
    const { Job: created } = await aws.mediaConvert.send(new CreateJobCommand(dashRequest(cloud, bucket, longKey, 'cancel-1')));
    await waitFor('the job to run', async () => (events.of(created!.Id!).length > 0 ? true : undefined));

    // Act
    await aws.mediaConvert.send(new CancelJobCommand({ Id: created!.Id }));
    const own = await ended(events, created!.Id!);
    const again = (await aws.mediaConvert.send(new CancelJobCommand({ Id: created!.Id })).catch((caught: unknown) => caught)) as Error;
    const { Job: job } = await aws.mediaConvert.send(new GetJobCommand({ Id: created!.Id }));

    // Assess
    expect(own[0].detail.status).toBe('PROGRESSING');
    expect(own.at(-1)!.detail).toMatchObject({ status: 'CANCELED', userMetadata: { assetId: 'cancel-1' } });
    expect(job?.Status).toBe('CANCELED');
    expect(again.name).toBe('ConflictException');
  });

  it('lists the three job templates loaded at start, and runs a job made from one', async () => {
    // Prepare: the template has no destinations (submit-job sets them): the job gives its output groups
    const { JobTemplates = [] } = await aws.mediaConvert.send(new ListJobTemplatesCommand({}));
    const { JobTemplate: template } = await aws.mediaConvert.send(new GetJobTemplateCommand({ Name: 'vod-pipeline-dash' }));
    const outputGroups = structuredClone(template!.Settings!.OutputGroups!) as OutputGroup[];
    // As an operator running the template from the console would: every group gets a destination (both ABR packagings run).
    const [cmaf, dash, proxy, thumbnails, poster] = outputGroups;
    cmaf.OutputGroupSettings!.CmafGroupSettings!.Destination = 's3://vod-outputs/from-template/cmaf/from-template';
    dash.OutputGroupSettings!.DashIsoGroupSettings!.Destination = 's3://vod-outputs/from-template/dash/from-template';
    proxy.OutputGroupSettings!.FileGroupSettings!.Destination = 's3://vod-outputs/from-template/proxy/from-template';
    thumbnails.OutputGroupSettings!.FileGroupSettings!.Destination = 's3://vod-outputs/from-template/thumbnails/from-template';
    poster.OutputGroupSettings!.FileGroupSettings!.Destination = 's3://vod-outputs/from-template/poster/from-template';
    const inputOnly = await aws.mediaConvert
      .send(
        new CreateJobCommand({
          Role: cloud.names.mediaConvertRoleArn,
          JobTemplate: 'vod-pipeline-dash',
          Settings: { Inputs: [{ FileInput: `s3://${bucket}/${key}` }] },
        }),
      )
      .catch((caught: unknown) => caught as Error);

    // Act
    const { Job: created } = await aws.mediaConvert.send(
      new CreateJobCommand({
        Role: cloud.names.mediaConvertRoleArn,
        JobTemplate: 'vod-pipeline-dash',
        Settings: { Inputs: [{ FileInput: `s3://${bucket}/${key}` }], OutputGroups: outputGroups },
        UserMetadata: { pipeline: PIPELINE },
      }),
    );
    const own = await ended(events, created!.Id!);

    // Assess
    expect(JobTemplates.map((entry) => entry.Name)).toEqual(['vod-pipeline-dash', 'vod-pipeline-loudness', 'vod-pipeline-stitch']);
    expect(inputOnly).toMatchObject({ name: 'BadRequestException', message: expect.stringContaining('CmafGroupSettings.Destination') });
    // The template's settings are merged in: timecode, the input's audio selector, interval, acceleration.
    expect(created).toMatchObject({
      JobTemplate: 'vod-pipeline-dash',
      StatusUpdateInterval: 'SECONDS_60',
      AccelerationSettings: { Mode: 'PREFERRED' },
      Settings: {
        TimecodeConfig: { Source: 'ZEROBASED' },
        Inputs: [{ FileInput: `s3://${bucket}/${key}`, AudioSelectors: { 'Audio Selector 1': { DefaultSelection: 'DEFAULT' } } }],
      },
    });
    expect(own.at(-1)!.detail.status).toBe('COMPLETE');
    expect(await exists(aws, 's3://vod-outputs/from-template/cmaf/from-template.m3u8')).toBe('application/vnd.apple.mpegurl');
    expect(await exists(aws, 's3://vod-outputs/from-template/dash/from-template.mpd')).toBe('application/dash+xml');
  });
});

describe('the local MediaConvert across a restart', () => {
  it('runs the job that was running again, then the one that waited', async () => {
    // Prepare: one job at a time, so the second waits SUBMITTED behind the first
    const dataDir = tempDataDir();
    const before = await startTestCloud({ dataDir, mediaConvertConcurrency: 1 });
    let aws = clients(before);
    const bucket = before.names.assetsBucket;
    await aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'sources/restart.mp4', Body: media }));
    let running!: () => void;
    const started = new Promise<void>((resolve) => (running = resolve));
    before.bus.onEvent((event) => {
      if (event.source === 'aws.mediaconvert' && event.detail.status === 'PROGRESSING') running();
    });
    const { Job: first } = await aws.mediaConvert.send(new CreateJobCommand(dashRequest(before, bucket, 'sources/restart.mp4', 'restart-1')));
    const { Job: second } = await aws.mediaConvert.send(new CreateJobCommand(dashRequest(before, bucket, 'sources/restart.mp4', 'restart-2')));
    await started;
    aws.destroy();

    // Act: stop while the first job runs, start again on the same data
    await before.stop();
    const after = await startTestCloud({ dataDir });
    aws = clients(after);
    try {
      const interrupted = await waitFor(
        'the interrupted job to complete',
        async () => {
          const { Job } = await aws.mediaConvert.send(new GetJobCommand({ Id: first!.Id }));
          return Job?.Status === 'COMPLETE' || Job?.Status === 'ERROR' ? Job : undefined;
        },
        90_000,
      );
      const resumed = await waitFor(
        'the waiting job to complete',
        async () => {
          const { Job } = await aws.mediaConvert.send(new GetJobCommand({ Id: second!.Id }));
          return Job?.Status === 'COMPLETE' || Job?.Status === 'ERROR' ? Job : undefined;
        },
        90_000,
      );

      // Assess
      expect(interrupted.Status).toBe('COMPLETE');
      expect(await exists(aws, 's3://vod-outputs/restart-1/cmaf/restart-1.mpd')).toBe('application/dash+xml');
      expect(resumed.Status).toBe('COMPLETE');
      expect(await exists(aws, 's3://vod-outputs/restart-2/cmaf/restart-2.mpd')).toBe('application/dash+xml');
      expect(fs.readdirSync(path.join(dataDir, 'mediaconvert', 'work'))).toEqual([]);
    } finally {
      aws.destroy();
      await after.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

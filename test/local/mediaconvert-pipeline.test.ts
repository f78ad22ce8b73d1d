/**
 * The whole pipeline on the local cloud with nothing done by hand: an upload of a short 720p MP4
 * goes through register, probe and SubmitDashJob; the local MediaConvert runs the job, its real
 * COMPLETE event reaches the job-events function, which completes the task token; CompleteTranscode
 * writes the outputs on the asset.
 */
import { ListJobsCommand } from '@aws-sdk/client-mediaconvert';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AssetRecord } from '../../functions/shared/asset';
import { parseS3Uri } from '../../functions/shared/s3-uri';
import { makeClip } from '../../cli/demo/sample-media';
import type { LocalCloud } from '../../local/cloud';
import type { BusEvent } from '../../local/eventbridge/types';
import { clients, makeMp4, startTestCloud, tempDataDir, waitFor } from './support';

jest.setTimeout(180_000);

type Aws = ReturnType<typeof clients>;

function deadLetters(cloud: LocalCloud): string[] {
  const folder = path.join(cloud.dataDir, 'events', 'dead-letter');
  return fs.existsSync(folder) ? fs.readdirSync(folder) : [];
}

async function assetOf(cloud: LocalCloud, aws: Aws, assetId: string | undefined): Promise<AssetRecord | undefined> {
  const { Item } = await aws.documents.send(new GetCommand({ TableName: cloud.names.assetTable, Key: { assetId }, ConsistentRead: true }));
  return Item as AssetRecord | undefined;
}

function parseS3(uri: string): { Bucket: string; Key: string } {
  const [, Bucket, Key] = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri)!;
  return { Bucket, Key };
}

async function exists(aws: Aws, uri: string | undefined): Promise<boolean> {
  if (!uri) return false;
  await aws.s3.send(new HeadObjectCommand(parseS3(uri)));
  return true;
}

describe('the pipeline on the local cloud, with the local MediaConvert running the job', () => {
  let cloud: LocalCloud;
  let aws: Aws;
  let folder: string;
  const seen: BusEvent[] = [];

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-mc-pipeline-'));
    await makeClip(path.join(folder, 'clip.mp4'), { seconds: 2, width: 1280, height: 720, toneHz: 440 });
    cloud = await startTestCloud();
    aws = clients(cloud);
    cloud.bus.onEvent((event) => {
      if (event.source === 'aws.mediaconvert') seen.push(event);
    });
  });

  afterAll(async () => {
    aws.destroy();
    await cloud.stop();
    fs.rmSync(cloud.dataDir, { recursive: true, force: true });
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('takes an upload to a COMPLETE asset whose HLS and DASH manifests and proxy exist', async () => {
    // Prepare
    const key = 'uploads/Été: prise + 1.mp4';
    const body = fs.readFileSync(path.join(folder, 'clip.mp4'));

    // Act
    await aws.s3.send(new PutObjectCommand({ Bucket: cloud.names.ingestBucket, Key: key, Body: body, ContentType: 'video/mp4' }));
    const executionArn = await waitFor('the execution of the upload', async () => {
      const { executions = [] } = await aws.sfn.send(new ListExecutionsCommand({ stateMachineArn: cloud.names.stateMachineArn }));
      return executions[0]?.executionArn;
    });
    const execution = await waitFor(
      'the execution to end',
      async () => {
        const described = await aws.sfn.send(new DescribeExecutionCommand({ executionArn }));
        return described.status === 'RUNNING' ? undefined : described;
      },
      150_000,
    );
    await cloud.idle();
    const { events = [] } = await aws.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    const { Jobs = [] } = await aws.mediaConvert.send(new ListJobsCommand({}));
    const job = Jobs[0];
    const record = (await assetOf(cloud, aws, job?.UserMetadata?.assetId))!;

    // Assess: the job's real events, the token completed from COMPLETE, the asset written by CompleteTranscode
    expect(execution.status).toBe('SUCCEEDED');
    expect(Jobs).toHaveLength(1);
    expect(job).toMatchObject({
      Status: 'COMPLETE',
      JobPercentComplete: 100,
      UserMetadata: { branch: 'dash', pipeline: cloud.settings.pipelineName },
    });
    const jobId = job.Id;
    const statuses = seen.filter((event) => event.detail.jobId === jobId).map((event) => event.detail.status);
    expect(statuses[0]).toBe('PROGRESSING');
    expect(statuses.at(-1)).toBe('COMPLETE');
    const complete = seen.find((event) => event.detail.jobId === jobId && event.detail.status === 'COMPLETE')!;
    const groups = complete.detail.outputGroupDetails as { type: string; playlistFilePaths?: string[] }[];
    // The CMAF group lists its DASH manifest and its HLS master playlist.
    expect(groups[0].type).toBe('CMAF_GROUP');
    const playlists = groups[0].playlistFilePaths ?? [];
    expect(playlists.map((uri) => uri.slice(uri.lastIndexOf('.')))).toEqual(['.mpd', '.m3u8']);
    const succeeded = events
      .filter((event) => event.type === 'TaskSucceeded')
      .map((event) => JSON.parse(event.taskSucceededEventDetails?.output ?? '{}') as { jobId?: string; outputFiles?: string[] });
    expect(succeeded.find((result) => result.jobId === jobId)?.outputFiles).toEqual(expect.arrayContaining(playlists));
    expect(events.some((event) => event.type === 'TaskStateEntered' && event.stateEnteredEventDetails?.name === 'CompleteTranscode')).toBe(true);
    expect(record).toMatchObject({
      status: 'COMPLETE',
      branch: 'dash',
      source: { bucket: cloud.names.ingestBucket, key },
      probe: { video: { width: 1280, height: 720, rotation: 0 } },
      // The record's DASH output is the CMAF group's manifest; HLS is its master playlist.
      outputs: { dash: playlists[0], hls: playlists[1], proxy: expect.stringMatching(/_proxy\.mp4$/), audio: true },
      jobs: [{ jobId, status: 'COMPLETE' }],
    });
    for (const playlist of playlists) expect(await exists(aws, playlist)).toBe(true);
    // The playback URLs name the same keys on this cloud's playback route; the thumbnails track is written beside the frames.
    const play = `${cloud.endpoint}/_vod/play/`;
    const onRoute = (uri: string | undefined) => `${play}${parseS3Uri(uri!).key}`;
    expect(record.playback).toEqual({
      hls: onRoute(playlists[1]),
      dash: onRoute(playlists[0]),
      proxy: onRoute(record.outputs!.proxy),
      poster: onRoute(record.outputs!.poster),
      thumbnails: onRoute(record.outputs!.thumbnails),
    });
    expect(await exists(aws, record.outputs?.thumbnails)).toBe(true);
    expect(await exists(aws, record.outputs?.poster)).toBe(true);
    expect(await exists(aws, record.outputs?.proxy)).toBe(true);
    expect(deadLetters(cloud)).toEqual([]);
  });
});

describe('the pipeline across a restart of the local cloud while its job runs', () => {
  it('runs the job again at the next start, and its completion completes the execution that kept waiting', async () => {
    // Prepare: a job that lasts seconds (20 s of small video), still running once submit-job has
    // stored its token and recorded the job on the asset
    const dataDir = tempDataDir();
    const key = 'uploads/Coupure: en cours.mp4';
    const before = await startTestCloud({ dataDir });
    let aws = clients(before);
    await aws.s3.send(new PutObjectCommand({ Bucket: before.names.ingestBucket, Key: key, Body: makeMp4(20), ContentType: 'video/mp4' }));
    const running = await waitFor('the job to run, recorded on its asset', async () => {
      const { Jobs = [] } = await aws.mediaConvert.send(new ListJobsCommand({}));
      const job = Jobs[0];
      if (job?.Status !== 'PROGRESSING') return undefined;
      const asset = await assetOf(before, aws, job.UserMetadata?.assetId);
      return asset?.jobs?.some((entry) => entry.jobId === job.Id) ? job : undefined;
    });
    aws.destroy();

    // Act
    await before.stop();
    const after = await startTestCloud({ dataDir });
    aws = clients(after);
    try {
      const { executions: resumed = [] } = await aws.sfn.send(new ListExecutionsCommand({ stateMachineArn: after.names.stateMachineArn }));
      const record = await waitFor(
        'the asset COMPLETE',
        async () => {
          const asset = await assetOf(after, aws, running.UserMetadata?.assetId);
          return asset?.status === 'COMPLETE' || asset?.status === 'FAILED' ? asset : undefined;
        },
        120_000,
      );
      await after.idle();
      const { Jobs = [] } = await aws.mediaConvert.send(new ListJobsCommand({}));
      const { executions = [] } = await aws.sfn.send(new ListExecutionsCommand({ stateMachineArn: after.names.stateMachineArn }));

      // Assess
      expect(resumed.map((execution) => execution.status)).toEqual(['RUNNING']);
      expect(record).toMatchObject({ status: 'COMPLETE', jobs: [{ jobId: running.Id, status: 'COMPLETE' }] });
      expect(record.redriveCount ?? 0).toBe(0);
      expect(Jobs.map((job) => job.Id)).toEqual([running.Id]);
      expect(executions.map((execution) => [execution.status, execution.redriveCount])).toEqual([['SUCCEEDED', 0]]);
      expect(deadLetters(after)).toEqual([]);
    } finally {
      aws.destroy();
      await after.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

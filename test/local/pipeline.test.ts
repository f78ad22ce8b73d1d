/**
 * The whole pipeline on the local cloud, driven through the gateway with the AWS SDK: an upload ->
 * EventBridge -> the state machine -> the handlers -> a MediaConvert job awaited by task token,
 * completed (or failed) here by SendTaskSuccess / SendTaskFailure, as the job-events function
 * would on a job's state change.
 *
 * These tests own the task-token callback path: the local MediaConvert's queue is paused, so its
 * jobs stay SUBMITTED and no real job event races the callbacks sent here. Jobs that really run
 * are tested in mediaconvert-pipeline.test.ts.
 */
import { ListJobsCommand } from '@aws-sdk/client-mediaconvert';
import type { Job } from '@aws-sdk/client-mediaconvert';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
} from '@aws-sdk/client-sfn';
import type { DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AssetRecord } from '../../functions/shared/asset';
import { completeTranscodeValues } from '../../functions/job-events/record-values';
import type { TaskTokenItem } from '../../functions/shared/task-tokens';
import type { LocalCloud } from '../../local/cloud';
import { clients, makeMp4, startTestCloud, tempDataDir, waitFor } from './support';

jest.setTimeout(120000);

const media = makeMp4(1);

type Aws = ReturnType<typeof clients>;

/** Uploads the clip and returns the execution its Object Created event started. */
async function upload(cloud: LocalCloud, aws: Aws, key: string): Promise<string> {
  await aws.s3.send(new PutObjectCommand({ Bucket: cloud.names.ingestBucket, Key: key, Body: media, ContentType: 'video/mp4' }));
  return waitFor(`an execution for ${key}`, async () => {
    const { executions } = await aws.sfn.send(new ListExecutionsCommand({ stateMachineArn: cloud.names.stateMachineArn }));
    for (const execution of executions ?? []) {
      const described = await aws.sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }));
      const input = JSON.parse(described.input ?? '{}') as { detail?: { object?: { key?: string } } };
      if (input.detail?.object?.key === key) return execution.executionArn;
    }
    return undefined;
  });
}

/** The next MediaConvert job of the execution's asset (other than `seen`), and its stored task token. */
async function nextJob(cloud: LocalCloud, aws: Aws, seen: string[] = []): Promise<{ job: Job; token: TaskTokenItem }> {
  return waitFor('a MediaConvert job with its task token', async () => {
    const { Jobs } = await aws.mediaConvert.send(new ListJobsCommand({}));
    const job = Jobs?.find((candidate) => !seen.includes(candidate.Id!));
    if (!job) return undefined;
    const { Item } = await aws.documents.send(new GetCommand({ TableName: cloud.names.taskTokenTable, Key: { jobId: job.Id } }));
    return Item ? { job, token: Item as TaskTokenItem } : undefined;
  });
}

async function finalStatus(aws: Aws, executionArn: string, status: string): Promise<DescribeExecutionCommandOutput> {
  return waitFor(`execution ${status}`, async () => {
    const described = await aws.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return described.status === status ? described : undefined;
  });
}

async function asset(cloud: LocalCloud, aws: Aws, assetId: string): Promise<AssetRecord | undefined> {
  const { Item } = await aws.documents.send(new GetCommand({ TableName: cloud.names.assetTable, Key: { assetId }, ConsistentRead: true }));
  return Item as AssetRecord | undefined;
}

/** Events no target could take (an error of a function or of the wiring). */
function deadLetters(cloud: LocalCloud): string[] {
  const folder = path.join(cloud.dataDir, 'events', 'dead-letter');
  return fs.existsSync(folder) ? fs.readdirSync(folder) : [];
}

function jobResult(jobId: string, name: string) {
  const dash = `s3://vod-outputs/assets/${name}/dash/manifest.mpd`;
  const proxy = `s3://vod-outputs/assets/${name}/proxy/proxy.mp4`;
  const outputs = { dash, proxy };
  return { jobId, status: 'COMPLETE', outputs, outputFiles: [dash, proxy], durationMs: 1000, record: completeTranscodeValues(outputs) };
}

describe('the pipeline on the local cloud', () => {
  let cloud: LocalCloud;
  let aws: Aws;

  beforeAll(async () => {
    cloud = await startTestCloud({ mediaConvertPaused: true });
    aws = clients(cloud);
  });

  afterAll(async () => {
    aws.destroy();
    await cloud.stop();
    fs.rmSync(cloud.dataDir, { recursive: true, force: true });
  });

  it('takes an upload through register, probe and a DASH job to a COMPLETE asset', async () => {
    // Prepare
    const key = 'uploads/Clip d’été + 1.mp4';

    // Act
    const executionArn = await upload(cloud, aws, key);
    const { job, token } = await nextJob(cloud, aws);
    const result = jobResult(job.Id!, 'clip');
    await aws.sfn.send(new SendTaskSuccessCommand({ taskToken: token.taskToken, output: JSON.stringify(result) }));
    const execution = await finalStatus(aws, executionArn, 'SUCCEEDED');
    const record = await asset(cloud, aws, token.assetId);

    // Assess
    expect(token).toMatchObject({ jobId: job.Id, branch: 'dash', executionArn });
    expect(job.Status).toBe('SUBMITTED');
    expect(job.UserMetadata).toMatchObject({ assetId: token.assetId, pipeline: cloud.settings.pipelineName, branch: 'dash' });
    expect(JSON.stringify(job.Settings?.Inputs)).toContain(`s3://${cloud.names.ingestBucket}/${key}`);
    expect(execution.redriveCount).toBe(0);
    expect(record).toMatchObject({
      assetId: token.assetId,
      status: 'COMPLETE',
      origin: 'upload',
      branch: 'dash',
      source: { bucket: cloud.names.ingestBucket, key, size: media.length },
      outputs: result.outputs,
      executionArn,
      probe: { audioCount: 1, video: { width: 320, height: 240 } },
    });
    expect(record?.jobs?.map((entry) => entry.jobId)).toEqual([job.Id]);
  });

  it('records a failed job as a FAILED asset, and a redrive completes it', async () => {
    // Prepare
    const key = 'uploads/Échec puis reprise.mp4';
    const executionArn = await upload(cloud, aws, key);
    const first = await nextJob(cloud, aws, (await aws.mediaConvert.send(new ListJobsCommand({}))).Jobs?.map((j) => j.Id!) ?? []);

    // Act: the job fails
    await aws.sfn.send(
      new SendTaskFailureCommand({ taskToken: first.token.taskToken, error: 'MediaConvert.ERROR', cause: 'Job 1 failed: 1040 (input unreadable)' }),
    );
    await finalStatus(aws, executionArn, 'FAILED');
    const failed = await waitFor('the asset FAILED', async () => {
      const record = await asset(cloud, aws, first.token.assetId);
      return record?.status === 'FAILED' ? record : undefined;
    });

    // Act: redrive, and the new job completes
    const seen = (await aws.mediaConvert.send(new ListJobsCommand({}))).Jobs?.map((j) => j.Id!) ?? [];
    await aws.sfn.send(new RedriveExecutionCommand({ executionArn }));
    const second = await nextJob(cloud, aws, seen);
    await aws.sfn.send(
      new SendTaskSuccessCommand({ taskToken: second.token.taskToken, output: JSON.stringify(jobResult(second.job.Id!, 'reprise')) }),
    );
    const execution = await finalStatus(aws, executionArn, 'SUCCEEDED');
    await cloud.idle();
    const { events } = await aws.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    const record = await asset(cloud, aws, first.token.assetId);

    // Assess
    expect(failed.error).toMatchObject({ error: 'MediaConvert.ERROR' });
    expect(execution.redriveCount).toBe(1);
    const types = events?.map((event) => event.type) ?? [];
    expect(types.indexOf('ExecutionFailed')).toBeGreaterThan(0);
    expect(types.indexOf('ExecutionRedriven')).toBeGreaterThan(types.indexOf('ExecutionFailed'));
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    expect(record).toMatchObject({ status: 'COMPLETE', redriveCount: 1, outputs: jobResult(second.job.Id!, 'reprise').outputs });
    expect(record?.jobs?.map((entry) => entry.jobId)).toEqual([first.job.Id, second.job.Id]);
    expect(record?.error).toBeUndefined();
    expect(deadLetters(cloud)).toEqual([]);
  });
});

describe('the pipeline across a restart of the local cloud', () => {
  it('keeps the execution waiting on its token RUNNING, and the same token completes it: no redrive, one job', async () => {
    // Prepare: an execution waiting on its job's token
    const dataDir = tempDataDir();
    const key = 'uploads/Avant redémarrage.mp4';
    const before = await startTestCloud({ dataDir, mediaConvertPaused: true });
    let aws = clients(before);
    const executionArn = await upload(before, aws, key);
    const { token } = await nextJob(before, aws);
    // The submit-job function saves the token, then records the job on the asset: it has returned once both are there.
    await waitFor('the job recorded on the asset', async () =>
      (await asset(before, aws, token.assetId))?.jobs?.some((job) => job.jobId === token.jobId) ? true : undefined,
    );
    aws.destroy();

    // Act: stop it mid-execution, start again on the same data, and complete the token stored before the stop
    await before.stop();
    const after = await startTestCloud({ dataDir, mediaConvertPaused: true });
    aws = clients(after);
    try {
      const resumed = await aws.sfn.send(new DescribeExecutionCommand({ executionArn }));
      const object = await aws.s3.send(new GetObjectCommand({ Bucket: after.names.ingestBucket, Key: key }));
      const size = (await object.Body!.transformToByteArray()).length;
      await after.idle();
      const kept = await asset(after, aws, token.assetId);
      await aws.sfn.send(new SendTaskSuccessCommand({ taskToken: token.taskToken, output: JSON.stringify(jobResult(token.jobId, 'restart')) }));
      const execution = await finalStatus(aws, executionArn, 'SUCCEEDED');
      await after.idle();
      const record = await asset(after, aws, token.assetId);
      const { Jobs = [] } = await aws.mediaConvert.send(new ListJobsCommand({}));
      const { events } = await aws.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));

      // Assess
      expect(resumed).toMatchObject({ status: 'RUNNING', redriveCount: 0 });
      expect(size).toBe(media.length);
      expect(kept).toMatchObject({ assetId: token.assetId, status: 'TRANSCODING', source: { key }, jobs: [{ jobId: token.jobId }] });
      expect(execution.redriveCount).toBe(0);
      expect(events?.map((event) => event.type)).not.toContain('ExecutionAborted');
      expect(record).toMatchObject({ status: 'COMPLETE', outputs: jobResult(token.jobId, 'restart').outputs });
      expect(record?.redriveCount ?? 0).toBe(0);
      expect(Jobs.map((job) => job.Id)).toEqual([token.jobId]);
      expect(deadLetters(after)).toEqual([]);
    } finally {
      aws.destroy();
      await after.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

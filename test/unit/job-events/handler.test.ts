import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SFNClient, SendTaskFailureCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand, TaskTimedOut } from '@aws-sdk/client-sfn';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { CLAIM_EXPIRY_MS } from '../../../functions/shared/task-tokens';
import { handler } from '../../../functions/job-events/handler';
import type { JobStateChangeEvent } from '../../../functions/job-events/job-state-change';
import type { AssetRecord, JobRecord } from '../../../functions/shared/asset';
import { resetClients } from '../../../functions/shared/clients';
import type { TaskTokenItem } from '../../../functions/shared/task-tokens';
import { completeTranscodeValues } from '../../../functions/job-events/record-values';
import { sampleEvent } from '../../support/events';
import { cmafTranscodeGroups } from '../../support/transcode-events';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const s3 = mockClient(S3Client);
const context = { functionName: 'job-events', awsRequestId: 'req-1' } as Context;
const assetId = 'show-e-pisode-1-a1b2c3d4e5f60718';
const executionArn = 'arn:aws:states:us-east-1:111122223333:execution:vod-pipeline:e1';

/** An AWS sample event with this pipeline's user metadata; optionally dated now (minus some ms). */
function jobEvent(file: string, options: { ageMs?: number } = {}): JobStateChangeEvent {
  const event = sampleEvent<JobStateChangeEvent>(`mediaconvert/${file}`);
  event.detail.userMetadata = { assetId, pipeline: 'vod-pipeline', branch: 'dash' };
  if (options.ageMs !== undefined) {
    const at = Date.now() - options.ageMs;
    event.detail.timestamp = at;
    event.time = new Date(at).toISOString().replace(/\.\d+Z$/, 'Z');
  }
  return event;
}

/** The DASH + proxy COMPLETE event of a dash job: the two AWS samples' output groups together. */
function dashComplete(): JobStateChangeEvent {
  const event = jobEvent('dash-iso-group.complete.json');
  const proxy = jobEvent('file-group.complete.json');
  event.detail.outputGroupDetails = [...event.detail.outputGroupDetails!, ...proxy.detail.outputGroupDetails!];
  return event;
}

function token(jobId: string, extra: Partial<TaskTokenItem> = {}): TaskTokenItem {
  return {
    jobId,
    taskToken: `token-of-${jobId}`,
    assetId,
    branch: 'dash',
    executionArn,
    createdAt: '2026-01-01T00:00:00.000Z',
    expiresAt: 1_800_000_000,
    ...extra,
  };
}

function asset(jobs: JobRecord[]): AssetRecord {
  return {
    assetId,
    status: 'TRANSCODING',
    origin: 'upload',
    source: { bucket: 'ingest', key: 'uploads/show é+1.mp4' },
    jobs,
    executionArn,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

const submitted = (jobId: string): JobRecord => ({ jobId, template: 'dash', status: 'SUBMITTED', submittedAt: '2026-01-01T00:00:00.000Z' });

function storedToken(item: TaskTokenItem | undefined): void {
  ddb.on(GetCommand, { TableName: 'tokens' }).resolves({ Item: item });
}
function storedAsset(record: AssetRecord | undefined): void {
  ddb.on(GetCommand, { TableName: 'assets' }).resolves({ Item: record });
}
const tokenUpdates = () => ddb.commandCalls(UpdateCommand, { TableName: 'tokens' });
const assetUpdates = () => ddb.commandCalls(UpdateCommand, { TableName: 'assets' });
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  s3.reset();
  resetClients();
  process.env.ASSET_TABLE = 'assets';
  process.env.TASK_TOKEN_TABLE = 'tokens';
  process.env.OUTPUT_BUCKET = 'outputs';
  delete process.env.PLAYBACK_BASE_URL;
  s3.on(PutObjectCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  sfn.on(SendTaskSuccessCommand).resolves({});
  sfn.on(SendTaskFailureCommand).resolves({});
  sfn.on(SendTaskHeartbeatCommand).resolves({});
});

describe('job-events', () => {
  it('succeeds the task of a COMPLETE job with its outputs and records the job COMPLETE', async () => {
    // Prepare
    const event = dashComplete();
    storedToken(token(event.detail.jobId));
    storedAsset(asset([submitted(event.detail.jobId)]));

    // Act
    await handler(event, context);

    // Assess
    const claim = tokenUpdates()[0].args[0].input;
    expect(claim).toMatchObject({ Key: { jobId: '1536964333549-opn151' }, UpdateExpression: 'SET claimedAt = :now' });
    expect(claim.ConditionExpression).toContain('attribute_not_exists(completedAt)');
    expect(tokenUpdates().at(-1)!.args[0].input.UpdateExpression).toBe('SET completedAt = :now');
    const success = sfn.commandCalls(SendTaskSuccessCommand)[0].args[0].input;
    expect(success.taskToken).toBe('token-of-1536964333549-opn151');
    const outputs = { dash: 's3://bucket/dash/1.mpd', proxy: 's3://bucket/file/file.mp4', audio: true };
    expect(JSON.parse(success.output!)).toEqual({
      jobId: '1536964333549-opn151',
      status: 'COMPLETE',
      outputs,
      outputFiles: ['s3://bucket/dash/1.mpd', 's3://bucket/frameoutput/file.0000036.jpg', 's3://bucket/file/file.mp4'],
      durationMs: 180041,
      record: completeTranscodeValues(outputs),
    });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    const jobUpdate = assetUpdates()[0].args[0].input;
    expect(jobUpdate.Key).toEqual({ assetId });
    expect(jobUpdate.ExpressionAttributeValues?.[':job']).toMatchObject({
      jobId: '1536964333549-opn151',
      status: 'COMPLETE',
      completedAt: new Date(1536964380391).toISOString(),
    });
  });

  it('writes the thumbnails track beside the frames before succeeding the task with it and the playback URLs', async () => {
    // Prepare
    process.env.PLAYBACK_BASE_URL = 'http://127.0.0.1:4566/_vod/play';
    const event = dashComplete();
    event.detail.outputGroupDetails = cmafTranscodeGroups(assetId, { thumbnails: 3, intervalMs: 10_000, durationMs: 25_000 });
    storedToken(token(event.detail.jobId));
    storedAsset(asset([submitted(event.detail.jobId)]));

    // Act
    await handler(event, context);

    // Assess
    const puts = s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
    expect(puts).toHaveLength(1);
    expect(puts[0]).toMatchObject({ Bucket: 'outputs', Key: `${assetId}/thumbnails/thumbnails.vtt`, ContentType: 'text/vtt' });
    expect(puts[0].Body).toBe(
      'WEBVTT\n\n' +
        `00:00:00.000 --> 00:00:10.000\n${assetId}_thumb.0000000.jpg\n\n` +
        `00:00:10.000 --> 00:00:20.000\n${assetId}_thumb.0000001.jpg\n\n` +
        `00:00:20.000 --> 00:00:25.000\n${assetId}_thumb.0000002.jpg\n`,
    );
    const result = JSON.parse(sfn.commandCalls(SendTaskSuccessCommand)[0].args[0].input.output!);
    expect(result.outputs).toMatchObject({
      hls: `s3://outputs/${assetId}/cmaf/${assetId}.m3u8`,
      thumbnails: `s3://outputs/${assetId}/thumbnails/thumbnails.vtt`,
      poster: `s3://outputs/${assetId}/poster/${assetId}_poster.0000002.jpg`,
      audio: true,
    });
    expect(result.record.playback.M).toEqual({
      hls: { S: `http://127.0.0.1:4566/_vod/play/${assetId}/cmaf/${assetId}.m3u8` },
      dash: { S: `http://127.0.0.1:4566/_vod/play/${assetId}/cmaf/${assetId}.mpd` },
      proxy: { S: `http://127.0.0.1:4566/_vod/play/${assetId}/proxy/${assetId}_proxy.mp4` },
      poster: { S: `http://127.0.0.1:4566/_vod/play/${assetId}/poster/${assetId}_poster.0000002.jpg` },
      thumbnails: { S: `http://127.0.0.1:4566/_vod/play/${assetId}/thumbnails/thumbnails.vtt` },
    });
  });

  it('releases the claim and succeeds nothing when the thumbnails track cannot be written, so a retry writes it', async () => {
    // Prepare
    const event = dashComplete();
    event.detail.outputGroupDetails = cmafTranscodeGroups(assetId);
    storedToken(token(event.detail.jobId));
    storedAsset(asset([submitted(event.detail.jobId)]));
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' }));

    // Act
    const run = handler(event, context);

    // Assess
    await expect(run).rejects.toThrow('Service unavailable');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect(tokenUpdates().at(-1)!.args[0].input.UpdateExpression).toContain('REMOVE claimedAt');
  });

  it('completes the task once when COMPLETE is delivered twice', async () => {
    const event = dashComplete();
    storedToken(token(event.detail.jobId));
    storedAsset(asset([submitted(event.detail.jobId)]));
    ddb.on(UpdateCommand, { TableName: 'tokens', UpdateExpression: 'SET claimedAt = :now' }).resolvesOnce({}).rejects(conditionFailed());

    await handler(event, context);
    storedToken(token(event.detail.jobId, { completedAt: '2026-01-01T00:10:00.000Z' }));
    await handler(event, context);

    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
    expect(assetUpdates()).toHaveLength(1);
  });

  it('has an event retried while another one holds a live claim on the token', async () => {
    const event = dashComplete();
    storedToken(token(event.detail.jobId, { claimedAt: new Date().toISOString() }));
    storedAsset(asset([submitted(event.detail.jobId)]));
    ddb.on(UpdateCommand, { TableName: 'tokens', UpdateExpression: 'SET claimedAt = :now' }).rejects(conditionFailed());

    await expect(handler(event, context)).rejects.toMatchObject({ name: 'TaskTokenBusy', message: expect.stringContaining('retried') });

    expect(sfn.calls()).toHaveLength(0);
    expect(assetUpdates()).toHaveLength(0);
  });

  it('lets a retried event take over a claim whose holder died, but not a live one', async () => {
    // Prepare: the claim's condition, as DynamoDB evaluates it, against a token claimed at various times.
    const event = dashComplete();
    storedToken(token(event.detail.jobId));
    storedAsset(asset([submitted(event.detail.jobId)]));

    // Act
    await handler(event, context);

    // Assess
    const claim = tokenUpdates()[0].args[0].input;
    expect(claim.ConditionExpression).toBe(
      'attribute_exists(jobId) AND attribute_not_exists(completedAt) AND (attribute_not_exists(claimedAt) OR claimedAt < :expired)',
    );
    const now = Date.parse(claim.ExpressionAttributeValues![':now'] as string);
    const expired = Date.parse(claim.ExpressionAttributeValues![':expired'] as string);
    expect(now - expired).toBe(CLAIM_EXPIRY_MS);
    // A claim older than the expiry compares below :expired (ISO timestamps sort as times); a live one does not.
    expect(new Date(now - CLAIM_EXPIRY_MS - 1000).toISOString() < (claim.ExpressionAttributeValues![':expired'] as string)).toBe(true);
    expect(new Date(now - 30_000).toISOString() < (claim.ExpressionAttributeValues![':expired'] as string)).toBe(false);
  });

  it('fails the task of an ERROR job with the MediaConvert error code and message', async () => {
    const event = jobEvent('ev_status_error.json');
    storedToken(token(event.detail.jobId));
    storedAsset(asset([submitted(event.detail.jobId)]));

    await handler(event, context);

    expect(sfn.commandCalls(SendTaskFailureCommand)[0].args[0].input).toEqual({
      taskToken: 'token-of-1515368087458-qnoxtd',
      error: 'MediaConvert.1040',
      cause: 'Example error message',
    });
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect(assetUpdates()[0].args[0].input.ExpressionAttributeValues?.[':job']).toMatchObject({
      status: 'ERROR',
      errorCode: '1040',
      errorMessage: 'Example error message',
      completedAt: new Date(1515368120764).toISOString(),
    });
  });

  it('fails the task of a CANCELED job and records the job CANCELED', async () => {
    const event = jobEvent('ev_status_canceled.json');
    storedToken(token(event.detail.jobId));
    storedAsset(asset([submitted(event.detail.jobId)]));

    await handler(event, context);

    expect(sfn.commandCalls(SendTaskFailureCommand)[0].args[0].input).toMatchObject({ error: 'MediaConvert.Canceled' });
    expect(assetUpdates()[0].args[0].input.ExpressionAttributeValues?.[':job']).toMatchObject({ status: 'CANCELED' });
  });

  it('sends a heartbeat on PROGRESSING and records the job PROGRESSING, without claiming the token', async () => {
    const event = jobEvent('ev_status_progressing.json');
    storedToken(token(event.detail.jobId));
    storedAsset(asset([submitted(event.detail.jobId)]));

    await handler(event, context);

    expect(sfn.commandCalls(SendTaskHeartbeatCommand)[0].args[0].input).toEqual({ taskToken: 'token-of-1671477617078-2886ye' });
    expect(tokenUpdates()).toHaveLength(0);
    expect(assetUpdates()[0].args[0].input.ExpressionAttributeValues?.[':job']).toMatchObject({ status: 'PROGRESSING' });
  });

  it('sends only a heartbeat on STATUS_UPDATE', async () => {
    const event = jobEvent('ev_status_status_update.json');
    storedToken(token(event.detail.jobId));

    await handler(event, context);

    expect(sfn.commandCalls(SendTaskHeartbeatCommand)).toHaveLength(1);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('ignores progress reported after the task was completed', async () => {
    const event = jobEvent('ev_status_progressing.json');
    storedToken(token(event.detail.jobId, { completedAt: '2026-01-01T00:10:00.000Z' }));

    await handler(event, context);

    expect(sfn.commandCalls(SendTaskHeartbeatCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('treats a late COMPLETE whose task timed out as a no-op that still records the job', async () => {
    const event = dashComplete();
    storedToken(token(event.detail.jobId));
    storedAsset(asset([submitted(event.detail.jobId)]));
    sfn.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));

    await expect(handler(event, context)).resolves.toBeUndefined();

    // Claimed, then marked completed: the waiting task is gone, nothing can complete it again.
    expect(tokenUpdates().map((call) => call.args[0].input.UpdateExpression)).toEqual(['SET claimedAt = :now', 'SET completedAt = :now']);
    expect(assetUpdates()[0].args[0].input.ExpressionAttributeValues?.[':job']).toMatchObject({ status: 'COMPLETE' });
  });

  it('releases the claim and rethrows when the callback fails for a reason a retry can fix', async () => {
    const event = dashComplete();
    storedToken(token(event.detail.jobId));
    storedAsset(asset([submitted(event.detail.jobId)]));
    sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    await expect(handler(event, context)).rejects.toMatchObject({ name: 'ThrottlingException' });

    const [claim, release] = tokenUpdates().map((call) => call.args[0].input);
    expect(claim.UpdateExpression).toBe('SET claimedAt = :now');
    expect(release).toMatchObject({ Key: { jobId: '1536964333549-opn151' }, UpdateExpression: 'REMOVE claimedAt' });
    expect(tokenUpdates()).toHaveLength(2);
  });

  it('releases the claim when recording the job fails, before calling back', async () => {
    const event = jobEvent('ev_status_error.json');
    storedToken(token(event.detail.jobId));
    storedAsset(asset([submitted(event.detail.jobId)]));
    ddb
      .on(UpdateCommand, { TableName: 'assets' })
      .rejects(Object.assign(new Error('Throughput exceeded'), { name: 'ProvisionedThroughputExceededException' }));

    await expect(handler(event, context)).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException' });

    expect(tokenUpdates().map((call) => call.args[0].input.UpdateExpression)).toEqual(['SET claimedAt = :now', 'REMOVE claimedAt']);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('throws TaskTokenNotFound for a recent COMPLETE whose token is not stored yet, so the event is retried', async () => {
    const event = dashComplete();
    event.detail.timestamp = Date.now() - 30_000;
    storedToken(undefined);
    storedAsset(asset([]));

    const result = handler(event, context);

    await expect(result).rejects.toMatchObject({
      name: 'TaskTokenNotFound',
      message: expect.stringMatching(new RegExp(`1536964333549-opn151.*${assetId}.*retried`)),
    });
    expect(sfn.calls()).toHaveLength(0);
  });

  it('ignores an old terminal event without a token', async () => {
    const event = jobEvent('ev_status_error.json');
    storedToken(undefined);
    storedAsset(asset([]));

    await expect(handler(event, context)).resolves.toBeUndefined();

    expect(sfn.calls()).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('ignores a recent terminal event without a token when the job already ended on the asset', async () => {
    const event = jobEvent('ev_status_canceled.json', { ageMs: 5_000 });
    storedToken(undefined);
    storedAsset(asset([{ ...submitted(event.detail.jobId), status: 'CANCELED' }]));

    await expect(handler(event, context)).resolves.toBeUndefined();

    expect(sfn.calls()).toHaveLength(0);
  });

  it('ignores a recent terminal event of an asset that does not exist', async () => {
    const event = jobEvent('ev_status_error.json', { ageMs: 5_000 });
    storedToken(undefined);
    storedAsset(undefined);

    await expect(handler(event, context)).resolves.toBeUndefined();

    expect(sfn.calls()).toHaveLength(0);
  });

  it('refuses an event that is not a job state change', async () => {
    const result = handler({ id: 'e-1', detail: {} } as JobStateChangeEvent, context);

    await expect(result).rejects.toThrow(/jobStateChange rule/);
    expect(ddb.calls()).toHaveLength(0);
  });
});

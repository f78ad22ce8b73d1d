/**
 * Asset Status Change events on the local cloud, with its real DynamoDB, Step Functions and bus:
 * one event per status change, whether the MediaConvert job event comes twice or the function that
 * announces it runs again; read back from the bus's event log (what `vod events tail` reads) and
 * from the webhook the local bus delivers to.
 */
import * as fs from 'node:fs';
import { ListJobsCommand } from '@aws-sdk/client-mediaconvert';
import type { Job } from '@aws-sdk/client-mediaconvert';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ListExecutionsCommand, DescribeExecutionCommand, RedriveExecutionCommand, SendTaskFailureCommand } from '@aws-sdk/client-sfn';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { handler as executionStatus } from '../../functions/execution-status/handler';
import type { AssetRecord } from '../../functions/shared/asset';
import { NOTIFICATION_CLAIM_EXPIRY_MS, claimNotification, markNotificationPublished } from '../../functions/shared/notification-marks';
import type { StatusChangeDetail } from '../../functions/shared/status-notification';
import type { TaskTokenItem } from '../../functions/shared/task-tokens';
import type { Clients } from '../../local/clients';
import type { LocalCloud } from '../../local/cloud';
import { EventLogReader, eventLogDir } from '../../local/eventbridge/event-log';
import type { BusEvent } from '../../local/eventbridge/types';
import { cmafTranscodeGroups } from '../support/transcode-events';
import type { WebhookReceiver } from '../support/webhook-receiver';
import { startWebhookReceiver } from '../support/webhook-receiver';
import { clients, executionStatusEvent, executionWithStatus, makeMp4, startTestCloud, waitFor } from './support';

jest.setTimeout(120000);

let cloud: LocalCloud;
let aws: Clients;
let receiver: WebhookReceiver;
const media = makeMp4(1);
const context = { functionName: 'execution-status', awsRequestId: 'local-retry' } as Context;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  cloud = await startTestCloud({
    // The jobs stay SUBMITTED: the test puts their state change events itself, twice when it wants.
    mediaConvertPaused: true,
    settings: { webhookUrl: receiver.url },
    webhookRetry: { attempts: 3, delayMs: 20, backoffRate: 2, maxDelayMs: 100 },
  });
  aws = clients(cloud);
});

afterAll(async () => {
  aws?.destroy();
  await cloud?.stop();
  if (cloud) fs.rmSync(cloud.dataDir, { recursive: true, force: true });
  await receiver?.close();
});

/** Every Asset Status Change the bus received for the asset, in order, from the event log. */
function statusChanges(assetId: string): BusEvent[] {
  return new EventLogReader(eventLogDir(cloud.dataDir), new Date(0))
    .poll()
    .filter((event) => event['detail-type'] === 'Asset Status Change' && event.detail.assetId === assetId);
}

const describe_ = (event: BusEvent) => {
  const detail = event.detail as unknown as StatusChangeDetail;
  return `${detail.change} ${detail.status}`;
};

async function upload(key: string): Promise<string> {
  await aws.s3.send(new PutObjectCommand({ Bucket: cloud.names.ingestBucket, Key: key, Body: media, ContentType: 'video/mp4' }));
  return waitFor(`an execution for ${key}`, async () => {
    const { executions } = await aws.sfn.send(new ListExecutionsCommand({ stateMachineArn: cloud.names.stateMachineArn }));
    for (const execution of executions ?? []) {
      const described = await aws.sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }));
      if ((JSON.parse(described.input ?? '{}') as { detail?: { object?: { key?: string } } }).detail?.object?.key === key)
        return execution.executionArn;
    }
    return undefined;
  });
}

async function nextJob(seen: string[] = []): Promise<{ job: Job; token: TaskTokenItem }> {
  return waitFor('a MediaConvert job with its task token', async () => {
    const { Jobs } = await aws.mediaConvert.send(new ListJobsCommand({}));
    const job = Jobs?.find((candidate) => !seen.includes(candidate.Id!));
    if (!job) return undefined;
    const { Item } = await aws.documents.send(new GetCommand({ TableName: cloud.names.taskTokenTable, Key: { jobId: job.Id } }));
    return Item ? { job, token: Item as TaskTokenItem } : undefined;
  });
}

async function jobIds(): Promise<string[]> {
  return (await aws.mediaConvert.send(new ListJobsCommand({}))).Jobs?.map((job) => job.Id!) ?? [];
}

/** The job's COMPLETE state change, put on the bus as MediaConvert puts it. */
async function putJobComplete(jobId: string, assetId: string): Promise<void> {
  const detail = {
    timestamp: Date.now(),
    accountId: '000000000000',
    queue: 'arn:aws:mediaconvert:us-east-1:000000000000:queues/Default',
    jobId,
    status: 'COMPLETE',
    userMetadata: { pipeline: cloud.settings.pipelineName, assetId },
    outputGroupDetails: cmafTranscodeGroups(assetId, { bucket: cloud.names.outputBucket, thumbnails: 0, poster: false, durationMs: 1000 }),
  };
  const result = await aws.events.send(
    new PutEventsCommand({ Entries: [{ Source: 'aws.mediaconvert', DetailType: 'MediaConvert Job State Change', Detail: JSON.stringify(detail) }] }),
  );
  expect(result.FailedEntryCount).toBe(0);
}

describe('Asset Status Change events', () => {
  it('puts one COMPLETE event for a job event delivered twice and an announcing function run twice, and POSTs it to the webhook', async () => {
    // Prepare
    const executionArn = await upload('uploads/notified twice.mp4');
    const { job, token } = await nextJob();

    // Act: the job's COMPLETE event twice, then the execution's SUCCEEDED event handled once more
    await putJobComplete(job.Id!, token.assetId);
    await putJobComplete(job.Id!, token.assetId);
    await executionWithStatus(aws, executionArn, 'SUCCEEDED');
    await cloud.idle();
    await executionStatus(await executionStatusEvent(aws, executionArn), context);
    await cloud.idle();

    // Assess
    const events = statusChanges(token.assetId);
    expect(events.map(describe_)).toEqual(['STATUS COMPLETE']);
    const record = (await aws.documents.send(new GetCommand({ TableName: cloud.names.assetTable, Key: { assetId: token.assetId } })))
      .Item as AssetRecord;
    const detail = events[0].detail as unknown as StatusChangeDetail;
    expect(detail).toMatchObject({
      assetId: token.assetId,
      status: 'COMPLETE',
      previousStatus: 'TRANSCODING',
      branch: 'dash',
      executionArn,
      source: { bucket: cloud.names.ingestBucket, key: 'uploads/notified twice.mp4' },
      playback: record.playback,
    });
    expect(detail.playback?.hls).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_vod\/play\//);
    expect(record.notifications?.[detail.eventId]?.publishedAt).toBeDefined();
    const posted = receiver.requests.filter((request) => (JSON.parse(request.body) as BusEvent).detail.assetId === token.assetId);
    expect(posted).toHaveLength(1);
    expect(JSON.parse(posted[0].body)).toEqual(events[0]);
    expect(posted[0].headers['content-type']).toBe('application/json');
  });

  it('announces FAILED, the redrive and COMPLETE once each, whatever is delivered again', async () => {
    // Prepare
    const executionArn = await upload('uploads/failed then redriven.mp4');
    const first = await nextJob(await jobIds());

    // Act: the job fails; the failure is handled again
    await aws.sfn.send(
      new SendTaskFailureCommand({ taskToken: first.token.taskToken, error: 'MediaConvert.1040', cause: 'Job 1 failed: input unreadable' }),
    );
    await executionWithStatus(aws, executionArn, 'FAILED');
    await cloud.idle();
    await executionStatus(await executionStatusEvent(aws, executionArn), context);
    // Act: a redrive, its RUNNING event handled again, and the new job completes
    const seen = await jobIds();
    await aws.sfn.send(new RedriveExecutionCommand({ executionArn }));
    const second = await nextJob(seen);
    await cloud.idle();
    await executionStatus(await executionStatusEvent(aws, executionArn, { status: 'RUNNING' }), context);
    await putJobComplete(second.job.Id!, first.token.assetId);
    await executionWithStatus(aws, executionArn, 'SUCCEEDED');
    await cloud.idle();

    // Assess
    const events = statusChanges(first.token.assetId);
    expect(events.map(describe_)).toEqual(['STATUS FAILED', 'REDRIVE TRANSCODING', 'STATUS COMPLETE']);
    expect(events[0].detail).toMatchObject({
      previousStatus: 'TRANSCODING',
      redriveCount: 0,
      error: { state: 'SubmitDashJob', error: 'MediaConvert.1040', cause: 'Job 1 failed: input unreadable' },
    });
    expect(events[1].detail).toMatchObject({ previousStatus: 'FAILED', redriveCount: 1 });
    expect(events[2].detail).toMatchObject({ redriveCount: 1 });
    expect(events[2].detail).not.toHaveProperty('error');
    expect(new Set(events.map((event) => (event.detail as unknown as StatusChangeDetail).eventId)).size).toBe(3);
  });
});

describe('notification marks on a real DynamoDB', () => {
  const assetId = 'marks-asset';

  beforeAll(async () => {
    const record: AssetRecord = {
      assetId,
      status: 'COMPLETE',
      origin: 'upload',
      source: { bucket: 'vod-ingest', key: 'uploads/m.mp4' },
      createdAt: '2026-12-03T10:00:00.000Z',
      updatedAt: '2026-12-03T10:00:00.000Z',
    };
    await aws.documents.send(new PutCommand({ TableName: cloud.names.assetTable, Item: record }));
  });

  it('claims a change once, holds it while claimed, and refuses it once published', async () => {
    const now = new Date();

    const first = await claimNotification(assetId, 'first', now);
    const again = await claimNotification(assetId, 'first', now);
    const other = await claimNotification(assetId, 'other', now);
    await markNotificationPublished(assetId, 'first');
    const published = await claimNotification(assetId, 'first', new Date(now.getTime() + NOTIFICATION_CLAIM_EXPIRY_MS * 2));

    expect([first, again, other, published]).toEqual(['claimed', 'busy', 'claimed', 'done']);
  });

  it('lets a retry take over the claim of an invocation that died before putting the event', async () => {
    const then = new Date(Date.now() - NOTIFICATION_CLAIM_EXPIRY_MS - 1000);
    await claimNotification(assetId, 'orphaned', then);

    expect(await claimNotification(assetId, 'orphaned')).toBe('claimed');
  });

  it('says when there is no asset', async () => {
    expect(await claimNotification('no-such-asset', 'x')).toBe('missing');
  });
});

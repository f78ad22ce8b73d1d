/**
 * The execution-status function announces each final status and each redrive start once: a retried
 * invocation (the same event again) finds the change marked published on the record and puts nothing.
 */
import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { handler } from '../../../functions/execution-status/handler';
import type { ExecutionStatusDetail, ExecutionStatusEvent } from '../../../functions/execution-status/execution-event';
import type { AssetRecord } from '../../../functions/shared/asset';
import { resetClients } from '../../../functions/shared/clients';
import { normaliseSourceEvent } from '../../../functions/shared/source-event';
import { statusEventId } from '../../../functions/shared/status-notification';
import type { StatusChangeDetail } from '../../../functions/shared/status-notification';
import { objectCreated } from '../../support/events';
import { entered, executionStarted, lambdaTask, newestFirst, taskFailed } from './history';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const events = mockClient(EventBridgeClient);
const context = { functionName: 'execution-status', awsRequestId: 'req-1' } as Context;
const stateMachineArn = 'arn:aws:states:us-east-1:111122223333:stateMachine:vod-pipeline';
const executionArn = 'arn:aws:states:us-east-1:111122223333:execution:vod-pipeline:0f1e2d3c';
const upload = objectCreated('ingest', 'uploads/show.mp4');
const { assetId } = normaliseSourceEvent(upload);
const completeId = statusEventId(assetId, { kind: 'status', status: 'COMPLETE', redriveCount: 0 });
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

function statusEvent(detail: Partial<ExecutionStatusDetail>): ExecutionStatusEvent {
  return {
    version: '0',
    id: '315c1398-40ff-a850-213b-158f73e60175',
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: '111122223333',
    time: '2026-12-03T10:05:00Z',
    region: 'us-east-1',
    resources: [executionArn],
    detail: {
      executionArn,
      stateMachineArn,
      status: 'SUCCEEDED',
      input: JSON.stringify(upload),
      inputDetails: { included: true },
      redriveCount: 0,
      ...detail,
    },
  };
}

function asset(extra: Partial<AssetRecord> = {}): AssetRecord {
  return {
    assetId,
    status: 'COMPLETE',
    origin: 'upload',
    source: { bucket: 'ingest', key: 'uploads/show.mp4' },
    branch: 'dash',
    playback: { hls: 'https://d.example/a.m3u8' },
    executionArn,
    redriveCount: 0,
    createdAt: '2026-12-03T10:00:00.000Z',
    updatedAt: '2026-12-03T10:04:00.000Z',
    ...extra,
  };
}

const puts = () => events.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries![0]);
const putDetail = (index = 0) => JSON.parse(puts()[index].Detail!) as StatusChangeDetail;
const updateExpressions = () => ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input.UpdateExpression);

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  events.reset();
  resetClients();
  process.env.ASSET_TABLE = 'assets';
  ddb.on(UpdateCommand).resolves({});
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'bus-1' }] });
});

describe('execution-status announcements', () => {
  it('puts one Asset Status Change when an execution succeeds with its asset COMPLETE, and marks it published', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({ Item: asset({ notifications: {} }) });

    // Act
    await handler(statusEvent({}), context);

    // Assess
    expect(puts()).toHaveLength(1);
    expect(puts()[0]).toMatchObject({ Source: 'vod-pipeline', DetailType: 'Asset Status Change', Resources: [executionArn] });
    expect(putDetail()).toMatchObject({ eventId: completeId, assetId, status: 'COMPLETE', previousStatus: 'TRANSCODING', branch: 'dash' });
    expect(updateExpressions()).toEqual(['SET #n.#id = :claim', 'SET #n.#id.publishedAt = :at']);
  });

  it('puts nothing when the same event is handled again after the change was published (a retried function)', async () => {
    ddb
      .on(GetCommand)
      .resolves({ Item: asset({ notifications: { [completeId]: { claimedAt: new Date().toISOString(), publishedAt: new Date().toISOString() } } }) });
    ddb.on(UpdateCommand).rejects(conditionFailed());

    await handler(statusEvent({}), context);

    expect(puts()).toHaveLength(0);
  });

  it('creates the map of marks with the first claim of a record that has none', async () => {
    ddb.on(GetCommand).resolves({ Item: asset() });
    ddb.on(UpdateCommand, { UpdateExpression: 'SET #n.#id = :claim' }).rejects(conditionFailed());

    await handler(statusEvent({}), context);

    expect(puts()).toHaveLength(1);
    const first = ddb.commandCalls(UpdateCommand)[1].args[0].input;
    expect(first).toMatchObject({
      UpdateExpression: 'SET #n = :marks',
      ConditionExpression: 'attribute_exists(assetId) AND attribute_not_exists(#n)',
    });
    expect(Object.keys(first.ExpressionAttributeValues![':marks'] as object)).toEqual([completeId]);
  });

  it('gives the claim back and fails when EventBridge refuses the event, so the retry puts it', async () => {
    ddb.on(GetCommand).resolves({ Item: asset({ notifications: {} }) });
    events
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }] })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'bus-2' }] });

    await expect(handler(statusEvent({}), context)).rejects.toThrow(/refused the STATUS COMPLETE event .*InternalFailure/);
    expect(updateExpressions()).toEqual(['SET #n.#id = :claim', 'REMOVE #n.#id']);

    await handler(statusEvent({}), context);
    expect(puts()).toHaveLength(2);
    expect(putDetail(1).eventId).toBe(putDetail(0).eventId);
  });

  it('fails, to be retried, while another invocation holds a live claim on the same change', async () => {
    ddb.on(GetCommand).resolves({ Item: asset({ notifications: { [completeId]: { claimedAt: new Date().toISOString() } } }) });
    ddb.on(UpdateCommand).rejects(conditionFailed());

    await expect(handler(statusEvent({}), context)).rejects.toThrow(/another invocation is putting/);
    expect(puts()).toHaveLength(0);
  });

  it('announces nothing for the execution of a duplicate event, whose asset belongs to another execution', async () => {
    ddb.on(GetCommand).resolves({ Item: asset({ executionArn: `${executionArn}-first` }) });

    await handler(statusEvent({}), context);

    expect(puts()).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('announces REJECTED when the execution ends at Rejected', async () => {
    const error = { state: 'Probe', error: 'NotMedia', cause: 'uploads/show.mp4 is not a media file MediaInfo recognises' };
    ddb.on(GetCommand).resolves({ Item: asset({ status: 'REJECTED', error, notifications: {} }) });

    await handler(statusEvent({}), context);

    expect(putDetail()).toMatchObject({ status: 'REJECTED', previousStatus: 'PROBING', error });
  });

  it('announces FAILED with the error and cause once the failure is recorded', async () => {
    const cause = JSON.stringify({ errorType: 'Error', errorMessage: 'socket hang up', trace: [] });
    const failed = asset({
      status: 'FAILED',
      resumeStatus: 'TRANSCODING',
      error: { state: 'SubmitDashJob', error: 'Error', cause: 'socket hang up' },
    });
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: asset({ status: 'TRANSCODING', notifications: {} }) })
      .resolves({ Item: { ...failed, notifications: {} } });
    sfn
      .on(GetExecutionHistoryCommand)
      .resolves({ events: newestFirst([executionStarted(), entered('SubmitDashJob'), ...lambdaTask(), taskFailed('Error', cause)]) });

    await handler(statusEvent({ status: 'FAILED', error: 'Error', cause }), context);

    expect(puts()).toHaveLength(1);
    expect(putDetail()).toMatchObject({
      eventId: statusEventId(assetId, { kind: 'status', status: 'FAILED', redriveCount: 0 }),
      status: 'FAILED',
      previousStatus: 'TRANSCODING',
      error: { state: 'SubmitDashJob', error: 'Error', cause: 'socket hang up' },
    });
  });

  it('announces a redrive start with the status the asset resumed in', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: asset({ status: 'FAILED', resumeStatus: 'TRANSCODING' }) })
      .resolves({ Item: asset({ status: 'TRANSCODING', redriveCount: 1, notifications: {} }) });
    sfn.on(DescribeExecutionCommand).resolves({ executionArn, stateMachineArn, status: 'RUNNING', redriveCount: 1, startDate: new Date() });

    await handler(statusEvent({ status: 'RUNNING', redriveCount: 1 }), context);

    expect(putDetail()).toMatchObject({
      eventId: statusEventId(assetId, { kind: 'redrive', redriveCount: 1 }),
      change: 'REDRIVE',
      status: 'TRANSCODING',
      previousStatus: 'FAILED',
      redriveCount: 1,
    });
  });
});

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
import { objectCreated, recordingEnd } from '../../support/events';
import { entered, executionStarted, exited, lambdaTask, newestFirst, succeeded, taskFailed } from './history';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const events = mockClient(EventBridgeClient);
const context = { functionName: 'execution-status', awsRequestId: 'req-1' } as Context;
const stateMachineArn = 'arn:aws:states:us-east-1:111122223333:stateMachine:vod-pipeline';
const executionArn = 'arn:aws:states:us-east-1:111122223333:execution:vod-pipeline:0f1e2d3c';
const upload = objectCreated('ingest', 'uploads/Récital 2+1 à: été.mov');
const { assetId } = normaliseSourceEvent(upload);
const lambdaCause = JSON.stringify({ errorType: 'Error', errorMessage: 'socket hang up', trace: [] });

/** A `Step Functions Execution Status Change` event in the shape the Step Functions guide documents. */
function statusEvent(detail: Partial<ExecutionStatusDetail>, input: unknown = upload): ExecutionStatusEvent {
  return {
    version: '0',
    id: '315c1398-40ff-a850-213b-158f73e60175',
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: '111122223333',
    time: '2026-03-01T10:05:00Z',
    region: 'us-east-1',
    resources: [executionArn],
    detail: {
      executionArn,
      stateMachineArn,
      name: '0f1e2d3c',
      status: 'FAILED',
      startDate: 1772359200000,
      stopDate: 1772359500000,
      input: JSON.stringify(input),
      inputDetails: { included: true },
      output: null,
      outputDetails: null,
      error: null,
      cause: null,
      redriveCount: 0,
      redriveDate: null,
      redriveStatus: 'REDRIVABLE',
      redriveStatusReason: 'Execution is FAILED and can be redriven',
      ...detail,
    },
  };
}

function asset(extra: Partial<AssetRecord> = {}): AssetRecord {
  return {
    assetId,
    status: 'TRANSCODING',
    origin: 'upload',
    source: { bucket: 'ingest', key: 'uploads/Récital 2+1 à: été.mov' },
    executionArn,
    redriveCount: 0,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:01:00.000Z',
    ...extra,
  };
}

const failedAtSubmit = newestFirst([
  executionStarted(),
  entered('Register'),
  ...lambdaTask(),
  succeeded(),
  exited('Register'),
  entered('SubmitDashJob'),
  ...lambdaTask(),
  taskFailed('Error', lambdaCause),
  { type: 'ExecutionFailed', executionFailedEventDetails: { error: 'Error', cause: lambdaCause } },
]);

const updates = () => ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  events.reset();
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'bus-1' }] });
  resetClients();
  process.env.ASSET_TABLE = 'assets';
  ddb.on(UpdateCommand).resolves({});
  sfn.on(GetExecutionHistoryCommand).resolves({ events: failedAtSubmit });
});

describe('execution-status', () => {
  it('marks the asset of a failed execution FAILED with the failing state, error and cause', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({ Item: asset() });

    // Act
    await handler(statusEvent({ status: 'FAILED', error: 'Error', cause: lambdaCause }), context);

    // Assess
    expect(ddb.commandCalls(GetCommand)[0].args[0].input.Key).toEqual({ assetId });
    expect(sfn.commandCalls(GetExecutionHistoryCommand)[0].args[0].input).toMatchObject({ executionArn, reverseOrder: true });
    const [update] = updates();
    expect(update.Key).toEqual({ assetId });
    expect(update.ExpressionAttributeValues).toMatchObject({
      ':status': 'FAILED',
      ':error': { state: 'SubmitDashJob', error: 'Error', cause: 'socket hang up' },
      ':resumeStatus': 'TRANSCODING',
    });
  });

  it('derives the same asset id as Register from a key with spaces, +, : and accents', async () => {
    ddb.on(GetCommand).resolves({ Item: asset() });
    const input = JSON.parse(JSON.stringify(upload)) as { detail: { object: { key: string } } };

    await handler(statusEvent({ status: 'FAILED' }, input), context);

    expect(input.detail.object.key).toBe('uploads/Récital 2+1 à: été.mov');
    expect(ddb.commandCalls(GetCommand)[0].args[0].input.Key).toEqual({ assetId });
    expect(assetId).toMatch(/^recital-2-1-a-ete-mov-[0-9a-f]{16}$/);
  });

  it('records a timed-out execution as States.Timeout', async () => {
    ddb.on(GetCommand).resolves({ Item: asset() });
    sfn.on(GetExecutionHistoryCommand).resolves({
      events: newestFirst([
        executionStarted(),
        entered('SubmitDashJob'),
        ...lambdaTask(),
        { type: 'ExecutionTimedOut', executionTimedOutEventDetails: {} },
      ]),
    });

    await handler(statusEvent({ status: 'TIMED_OUT' }), context);

    expect(updates()[0].ExpressionAttributeValues?.[':error']).toMatchObject({ state: 'SubmitDashJob', error: 'States.Timeout' });
  });

  it('records a stopped execution as ExecutionAborted', async () => {
    ddb.on(GetCommand).resolves({ Item: asset() });
    sfn.on(GetExecutionHistoryCommand).resolves({
      events: newestFirst([executionStarted(), entered('Probe'), ...lambdaTask(), { type: 'ExecutionAborted', executionAbortedEventDetails: {} }]),
    });

    await handler(statusEvent({ status: 'ABORTED' }), context);

    expect(updates()[0].ExpressionAttributeValues?.[':error']).toMatchObject({ state: 'Probe', error: 'ExecutionAborted' });
  });

  it('reads more history when the first page does not show the failing state', async () => {
    ddb.on(GetCommand).resolves({ Item: asset() });
    sfn
      .on(GetExecutionHistoryCommand)
      .resolvesOnce({ events: failedAtSubmit.slice(0, 3), nextToken: 'page-2' })
      .resolves({ events: failedAtSubmit.slice(3) });

    await handler(statusEvent({ status: 'FAILED' }), context);

    const calls = sfn.commandCalls(GetExecutionHistoryCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1].args[0].input.nextToken).toBe('page-2');
    expect(updates()[0].ExpressionAttributeValues?.[':error']).toMatchObject({ state: 'SubmitDashJob', error: 'Error' });
  });

  it('sets the asset back in progress when a redrive starts', async () => {
    ddb.on(GetCommand).resolves({
      Item: asset({ status: 'FAILED', resumeStatus: 'TRANSCODING', error: { state: 'SubmitDashJob', error: 'Error', cause: 'x' } }),
    });
    sfn.on(DescribeExecutionCommand).resolves({ executionArn, stateMachineArn, status: 'RUNNING', redriveCount: 1, startDate: new Date() });

    await handler(statusEvent({ status: 'RUNNING', stopDate: null, redriveCount: 1, redriveDate: 1772360000000 }), context);

    const [update] = updates();
    expect(update.ExpressionAttributeValues).toMatchObject({ ':status': 'TRANSCODING', ':redriveCount': 1 });
    expect(update.UpdateExpression).toContain('REMOVE #error, #resumeStatus');
    expect(sfn.commandCalls(GetExecutionHistoryCommand)).toHaveLength(0);
  });

  it.each([
    ['already failed again', 'FAILED', 1],
    ['redriven once more', 'RUNNING', 2],
  ])('only counts the redrive when its start arrives after the run %s', async (_case, status, redriveCount) => {
    ddb.on(GetCommand).resolves({ Item: asset({ status: 'FAILED', resumeStatus: 'TRANSCODING' }) });
    sfn.on(DescribeExecutionCommand).resolves({ executionArn, stateMachineArn, status: status as 'RUNNING', redriveCount, startDate: new Date() });

    await handler(statusEvent({ status: 'RUNNING', stopDate: null, redriveCount: 1 }), context);

    const [update] = updates();
    expect(update.UpdateExpression).not.toContain('#status =');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':redriveCount': 1, ':executionArn': executionArn });
    expect(update.ConditionExpression).toContain('redriveCount < :redriveCount');
  });

  it('counts the redrive of a run that wrote COMPLETE before its RUNNING event arrived, and keeps COMPLETE', async () => {
    ddb.on(GetCommand).resolves({ Item: asset({ status: 'COMPLETE', redriveCount: 0 }) });

    await handler(statusEvent({ status: 'RUNNING', stopDate: null, redriveCount: 1 }), context);

    const [update] = updates();
    expect(update.UpdateExpression).toMatch(/^SET #redriveCount = :redriveCount, #updatedAt = :updatedAt$/);
    expect(update.ExpressionAttributeValues).toMatchObject({ ':redriveCount': 1 });
    expect(sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(0);
  });

  it('writes nothing and announces nothing again for a redrive start delivered again', async () => {
    const announced = { claimedAt: '2026-03-01T10:06:00.000Z', publishedAt: '2026-03-01T10:06:00.100Z' };
    const notifications = { [statusEventId(assetId, { kind: 'redrive', redriveCount: 1 })]: announced };
    ddb.on(GetCommand).resolves({ Item: asset({ status: 'TRANSCODING', redriveCount: 1, notifications }) });
    ddb.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    await handler(statusEvent({ status: 'RUNNING', stopDate: null, redriveCount: 1 }), context);

    expect(updates().filter((update) => !update.UpdateExpression?.includes('#n'))).toHaveLength(0);
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('reads the record again when it changed between the read and the write', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: asset({ status: 'FAILED', resumeStatus: 'TRANSCODING' }) })
      .resolves({ Item: asset({ status: 'COMPLETE' }) });
    sfn.on(DescribeExecutionCommand).resolves({ executionArn, stateMachineArn, status: 'RUNNING', redriveCount: 1, startDate: new Date() });
    ddb
      .on(UpdateCommand)
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }))
      .resolves({});

    await handler(statusEvent({ status: 'RUNNING', stopDate: null, redriveCount: 1 }), context);

    const [resume, count] = updates();
    expect(resume.ExpressionAttributeValues).toMatchObject({ ':status': 'TRANSCODING', ':redriveCount': 1 });
    expect(count.ExpressionAttributeValues).not.toHaveProperty(':status');
    expect(count.ExpressionAttributeValues).toMatchObject({ ':redriveCount': 1 });
  });

  it('records the count of the run whose failure it records', async () => {
    ddb.on(GetCommand).resolves({ Item: asset({ status: 'FAILED', resumeStatus: 'TRANSCODING', redriveCount: 0 }) });

    await handler(statusEvent({ status: 'FAILED', redriveCount: 1, error: 'Error', cause: 'again' }), context);

    expect(updates()[0].ExpressionAttributeValues).toMatchObject({ ':status': 'FAILED', ':redriveCount': 1, ':resumeStatus': 'TRANSCODING' });
  });

  it('never downgrades a COMPLETE asset', async () => {
    ddb.on(GetCommand).resolves({ Item: asset({ status: 'COMPLETE' }) });

    await handler(statusEvent({ status: 'FAILED', error: 'Error', cause: 'late' }), context);

    expect(updates()).toHaveLength(0);
  });

  it('ignores the failure of an earlier run once a later redrive is recorded', async () => {
    ddb.on(GetCommand).resolves({ Item: asset({ status: 'TRANSCODING', redriveCount: 2 }) });

    await handler(statusEvent({ status: 'FAILED', redriveCount: 1, error: 'Error', cause: 'stale' }), context);

    expect(updates()).toHaveLength(0);
  });

  it('does nothing for an execution whose asset was registered by another execution', async () => {
    ddb.on(GetCommand).resolves({ Item: asset({ executionArn: `${executionArn}-first` }) });

    await handler(statusEvent({ status: 'FAILED' }), context);

    expect(updates()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('does nothing for an execution that failed before registering its asset', async () => {
    ddb.on(GetCommand).resolves({});

    await handler(statusEvent({ status: 'FAILED' }), context);

    expect(updates()).toHaveLength(0);
  });

  it('reads the input with DescribeExecution when the event left it out', async () => {
    const ivs = recordingEnd('recordings', 'ivs/v1/111122223333/AbCdEf/2026/3/1/10/5/rec-42');
    const ivsAssetId = normaliseSourceEvent(ivs).assetId;
    sfn.on(DescribeExecutionCommand).resolves({ executionArn, stateMachineArn, status: 'FAILED', startDate: new Date(), input: JSON.stringify(ivs) });
    ddb.on(GetCommand).resolves({ Item: asset({ assetId: ivsAssetId, status: 'PROBING' }) });

    await handler(statusEvent({ status: 'FAILED', input: null, inputDetails: { included: false } }), context);

    expect(sfn.commandCalls(DescribeExecutionCommand)[0].args[0].input).toEqual({ executionArn });
    expect(updates()[0].Key).toEqual({ assetId: ivsAssetId });
  });

  it('does nothing when the input is not a pipeline event', async () => {
    await handler(statusEvent({ status: 'FAILED' }, { source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification' }), context);

    expect(ddb.calls()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('ignores a run that is not a redrive', async () => {
    await handler(statusEvent({ status: 'RUNNING', redriveCount: 0 }), context);

    expect(ddb.calls()).toHaveLength(0);
  });
});

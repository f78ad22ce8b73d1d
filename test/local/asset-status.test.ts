/**
 * Failure and redrive status writes against a real DynamoDB and a real Step Functions (the local
 * cloud's): events that arrive late, twice or out of order never undo a later redrive or a final
 * status, never count a redrive twice, and never lower the count.
 */
import { CreateStateMachineCommand, DescribeExecutionCommand, RedriveExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { handler } from '../../functions/execution-status/handler';
import type { AssetRecord } from '../../functions/shared/asset';
import { getAsset, markComplete, markFailed, markRedriven, recordRedriveCount } from '../../functions/shared/asset-table';
import { normaliseSourceEvent } from '../../functions/shared/source-event';
import type { Clients } from '../../local/clients';
import type { LocalCloud } from '../../local/cloud';
import { objectCreated } from '../support/events';
import { cloudPerFile, executionStatusEvent, executionWithStatus } from './support';

let cloud: LocalCloud;
let aws: Clients;
const executionArn = 'arn:aws:states:us-east-1:000000000000:execution:vod-pipeline:e1';
const failure = { state: 'SubmitStitchJob', error: 'MediaConvert.1404', cause: 'post-roll missing' };
const context = { functionName: 'execution-status', awsRequestId: 'local-test' } as Context;

cloudPerFile(
  (started, startedAws) => {
    cloud = started;
    aws = startedAws;
  },
  { mediaConvertPaused: true },
);

async function putAsset(record: AssetRecord): Promise<AssetRecord> {
  await aws.documents.send(new PutCommand({ TableName: cloud.names.assetTable, Item: record }));
  return record;
}

function transcoding(assetId: string, arn = executionArn): Promise<AssetRecord> {
  return putAsset({
    assetId,
    status: 'TRANSCODING',
    origin: 'ivs',
    source: { bucket: 'vod-recordings', prefix: 'ivs/v1/x', channelArn: 'arn:aws:ivs:us-east-1:000000000000:channel/c' },
    executionArn: arn,
    redriveCount: 0,
    createdAt: '2026-11-21T00:00:00.000Z',
    updatedAt: '2026-11-21T00:00:00.000Z',
  });
}

async function read(assetId: string): Promise<AssetRecord> {
  const asset = await getAsset(assetId);
  if (!asset) throw new Error(`asset ${assetId} missing`);
  return asset;
}

describe('failure and redrive status writes', () => {
  it('records a failure, then a redrive back to the status it failed in', async () => {
    const seen = await transcoding('story');

    expect(await markFailed(seen, failure, { executionArn, redriveCount: 0 })).toBe(true);
    expect(await getAsset('story')).toMatchObject({ status: 'FAILED', error: failure, resumeStatus: 'TRANSCODING' });

    expect(await markRedriven(await read('story'), 1, executionArn)).toBe(true);
    const after = await getAsset('story');
    expect(after).toMatchObject({ status: 'TRANSCODING', redriveCount: 1 });
    expect(after).not.toHaveProperty('error');
  });

  it('ignores a failure event that arrives after a later redrive, and a redrive counted twice', async () => {
    const staleRead = await transcoding('late');
    await markFailed(staleRead, failure, { executionArn, redriveCount: 0 });
    const failedRead = await read('late');
    await markRedriven(failedRead, 1, executionArn);

    // The first run's failure and the redrive, delivered again late, as read before the redrive.
    expect(await markFailed(staleRead, failure, { executionArn, redriveCount: 0 })).toBe(false);
    expect(await markRedriven(failedRead, 1, executionArn)).toBe(false);
    expect(await markRedriven(await read('late'), 1, executionArn)).toBe(false);
    expect(await recordRedriveCount('late', 1, executionArn)).toBe(false);
    expect(await getAsset('late')).toMatchObject({ status: 'TRANSCODING', redriveCount: 1 });
  });

  it('counts a redrive whose run wrote COMPLETE first, once, and never lowers the count', async () => {
    await markFailed(await transcoding('fast'), failure, { executionArn, redriveCount: 0 });
    const failedRead = await read('fast');
    await markComplete('fast', { outputs: { dash: 's3://out/fast/index.mpd' } });

    expect(await markRedriven(failedRead, 1, executionArn)).toBe(false);
    expect(await recordRedriveCount('fast', 1, executionArn)).toBe(true);
    expect(await recordRedriveCount('fast', 1, executionArn)).toBe(false);
    expect(await recordRedriveCount('fast', 2, executionArn)).toBe(true);
    expect(await recordRedriveCount('fast', 1, executionArn)).toBe(false);
    expect(await getAsset('fast')).toMatchObject({ status: 'COMPLETE', redriveCount: 2, outputs: { dash: 's3://out/fast/index.mpd' } });
  });

  it('keeps the count of the run whose failure it records', async () => {
    await markFailed(await transcoding('again'), failure, { executionArn, redriveCount: 0 });

    // The redriven run failed again before its RUNNING event was handled.
    expect(await markFailed(await read('again'), failure, { executionArn, redriveCount: 1 })).toBe(true);
    expect(await markRedriven(await read('again'), 1, executionArn)).toBe(false);
    expect(await getAsset('again')).toMatchObject({ status: 'FAILED', redriveCount: 1, resumeStatus: 'TRANSCODING' });
  });

  it("never marks another execution's asset", async () => {
    const seen = await transcoding('other');

    expect(await markFailed(seen, failure, { executionArn: `${executionArn}-duplicate`, redriveCount: 0 })).toBe(false);
    expect(await markRedriven(seen, 1, `${executionArn}-duplicate`)).toBe(false);
    expect(await recordRedriveCount('other', 1, `${executionArn}-duplicate`)).toBe(false);
    expect(await getAsset('other')).toMatchObject({ status: 'TRANSCODING', redriveCount: 0 });
  });
});

/**
 * A state machine whose first state fails until a gate item exists, then writes COMPLETE on the
 * asset: a redrive after opening the gate is a fast redriven run that ends before its RUNNING
 * event is handled.
 */
function gatedDefinition(assetId: string): string {
  const table = cloud.names.assetTable;
  return JSON.stringify({
    StartAt: 'Gate',
    States: {
      Gate: {
        Type: 'Task',
        Resource: 'arn:aws:states:::dynamodb:updateItem',
        Parameters: {
          TableName: table,
          Key: { assetId: { S: `${assetId}-gate` } },
          UpdateExpression: 'SET passed = :yes',
          ConditionExpression: 'attribute_exists(assetId)',
          ExpressionAttributeValues: { ':yes': { BOOL: true } },
        },
        ResultPath: null,
        Next: 'CompleteTranscode',
      },
      CompleteTranscode: {
        Type: 'Task',
        Resource: 'arn:aws:states:::dynamodb:updateItem',
        Parameters: {
          TableName: table,
          Key: { assetId: { S: assetId } },
          UpdateExpression: 'SET #status = :complete REMOVE #error, #resumeStatus',
          ExpressionAttributeNames: { '#status': 'status', '#error': 'error', '#resumeStatus': 'resumeStatus' },
          ExpressionAttributeValues: { ':complete': { S: 'COMPLETE' } },
        },
        ResultPath: null,
        End: true,
      },
    },
  });
}

describe('execution-status with a redriven run that ends fast', () => {
  it('counts the redrive when its RUNNING event arrives after the COMPLETE write, and ignores late and repeated events', async () => {
    // Prepare: an execution of an upload that fails at its first state, recorded FAILED from its event.
    const upload = objectCreated(cloud.names.ingestBucket, 'uploads/fast-redrive.mp4');
    const { assetId } = normaliseSourceEvent(upload);
    const { stateMachineArn } = await aws.sfn.send(
      new CreateStateMachineCommand({ name: 'gated-complete', definition: gatedDefinition(assetId), roleArn: 'arn:aws:iam::000000000000:role/test' }),
    );
    const { executionArn: arn } = await aws.sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(upload) }));
    await executionWithStatus(aws, arn!, 'FAILED');
    await transcoding(assetId, arn);
    const firstFailure = await executionStatusEvent(aws, arn!);
    await handler(firstFailure, context);
    expect(await getAsset(assetId)).toMatchObject({ status: 'FAILED', redriveCount: 0, resumeStatus: 'TRANSCODING' });

    // Act: the redriven run passes the gate and writes COMPLETE before its RUNNING event is handled.
    await aws.documents.send(new PutCommand({ TableName: cloud.names.assetTable, Item: { assetId: `${assetId}-gate` } }));
    await aws.sfn.send(new RedriveExecutionCommand({ executionArn: arn }));
    await executionWithStatus(aws, arn!, 'SUCCEEDED');
    const redriveRunning = await executionStatusEvent(aws, arn!, { status: 'RUNNING', stopDate: null });
    await handler(redriveRunning, context);

    // Assess
    const described = await aws.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(described.redriveCount).toBe(1);
    expect(await getAsset(assetId)).toMatchObject({ status: 'COMPLETE', redriveCount: 1 });
    expect(await getAsset(assetId)).not.toHaveProperty('error');

    // Act: the RUNNING event delivered twice, and the first run's FAILED event delivered late.
    await handler(redriveRunning, context);
    await handler(firstFailure, context);

    // Assess
    expect(await getAsset(assetId)).toMatchObject({ status: 'COMPLETE', redriveCount: 1 });
  });
});

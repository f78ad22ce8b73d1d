/**
 * Causes on the asset record are for people: a failing function's error reaches the record as its
 * message, saying what to do next, and its stack trace goes to the log. Real functions, a real Step
 * Functions history and a real DynamoDB (the local cloud's).
 */
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { handler } from '../../functions/execution-status/handler';
import type { AssetRecord } from '../../functions/shared/asset';
import { getAsset } from '../../functions/shared/asset-table';
import { logger } from '../../functions/shared/logger';
import { normaliseSourceEvent } from '../../functions/shared/source-event';
import type { Clients } from '../../local/clients';
import type { LocalCloud } from '../../local/cloud';
import { recordingEnd } from '../support/events';
import { cloudPerFile, executionStatusEvent, executionWithStatus } from './support';

let cloud: LocalCloud;
let aws: Clients;

cloudPerFile(
  (started, startedAws) => {
    cloud = started;
    aws = startedAws;
  },
  { mediaConvertPaused: true },
);

/** The pipeline's Probe state without its retries: a recording that is not there fails at once. */
const PROBE_ONCE = JSON.stringify({
  StartAt: 'Probe',
  States: {
    Probe: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: {
        FunctionName: 'probe',
        Payload: { 'assetId.$': '$.assetId', 'origin.$': '$.origin', 'source.$': '$.source', 'state.$': '$$.State.Name' },
      },
      End: true,
    },
  },
});

/** Runs `act` with the functions' JSON log lines collected (the local cloud runs them in this process). */
async function logged(act: () => Promise<void>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  logger.setLogLevel('INFO');
  const collect = (chunk: string | Uint8Array) => {
    lines.push(
      ...chunk
        .toString()
        .split('\n')
        .filter((line) => line.startsWith('{')),
    );
    return true;
  };
  // INFO and DEBUG go to stdout, WARN and ERROR to stderr, as on Lambda.
  const writes = [jest.spyOn(process.stdout, 'write').mockImplementation(collect), jest.spyOn(process.stderr, 'write').mockImplementation(collect)];
  try {
    await act();
  } finally {
    for (const write of writes) write.mockRestore();
    logger.setLogLevel('SILENT');
  }
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the cause of a failed IVS recording', () => {
  it('records the function error as its message with what to do next, and logs the stack trace with the asset id', async () => {
    // Prepare: an IVS recording whose files never reached the bucket.
    const ended = recordingEnd(cloud.names.recordingBucket, 'ivs/v1/000000000000/AbCdEf/2026/11/21/10/5/never-written');
    const ref = normaliseSourceEvent(ended);
    const { stateMachineArn } = await aws.sfn.send(
      new CreateStateMachineCommand({ name: 'probe-once', definition: PROBE_ONCE, roleArn: 'arn:aws:iam::000000000000:role/test' }),
    );
    const record: AssetRecord = {
      ...ref,
      status: 'PROBING',
      redriveCount: 0,
      createdAt: '2026-11-21T10:05:00.000Z',
      updatedAt: '2026-11-21T10:05:00.000Z',
    };

    // Act: the probe fails; the execution's FAILED event reaches execution-status.
    let executionArn = '';
    const lines = await logged(async () => {
      const started = await aws.sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ ...ref }) }));
      executionArn = started.executionArn!;
      await aws.documents.send(new PutCommand({ TableName: cloud.names.assetTable, Item: { ...record, executionArn } }));
      const failed = await executionWithStatus(aws, executionArn, 'FAILED');
      // Its input as the pipeline's would be: the IVS event (this state machine was given the asset reference).
      const event = await executionStatusEvent(aws, executionArn, { input: JSON.stringify(ended) });
      // What Step Functions reports is the Lambda service's JSON, trace and all.
      expect(JSON.parse(failed.cause!)).toMatchObject({ errorType: 'RecordingNotReady', trace: expect.any(Array) });
      await handler(event, { functionName: 'execution-status', awsRequestId: 'local-test' } as Context);
    });

    // Assess: the record says what happened and what to do, in words.
    const asset = await getAsset(ref.assetId);
    expect(asset).toMatchObject({ status: 'FAILED', error: { state: 'Probe', error: 'RecordingNotReady' } });
    const cause = asset!.error!.cause;
    expect(cause).toContain('is not there yet');
    expect(cause).toContain('redrive the execution');
    expect(cause).not.toMatch(/errorType|trace|\.ts:\d+|node_modules|^\s*\{/);

    // Assess: the stack trace is in the logs, JSON, with the asset id.
    const probeFailure = lines.find((line) => line.message === 'Invocation failed; the state machine gets the error');
    expect(probeFailure).toMatchObject({
      assetId: ref.assetId,
      error: { name: 'RecordingNotReady', stack: expect.stringContaining('probe-recording') },
    });
    const statusLine = lines.find((line) => line.message === 'Execution failed; asset marked FAILED');
    expect(statusLine).toMatchObject({ assetId: ref.assetId, lambdaError: { errorType: 'RecordingNotReady', trace: expect.any(Array) } });
  });
});

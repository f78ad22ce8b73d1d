import { mintTaskToken } from '../../../../local/stepfunctions/task-token';
import {
  createMachine,
  elapse,
  expectLinked,
  fails,
  harnessPerTest,
  history,
  ok,
  putAsset,
  statuses,
  types,
  useFakeTime,
  type Harness,
} from './harness';

const TABLE = 'vod-assets';

const services = harnessPerTest(TABLE);
let h: Harness;
beforeEach(async () => {
  h = await services.start();
});

/** A lambda:invoke of `probe` with the given Retry/Catch, and the state a Catch leads to. */
function probeMachine(handling: Record<string, unknown>) {
  return {
    StartAt: 'Probe',
    States: {
      Probe: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'probe', Payload: { 'key.$': '$.key', 'retry.$': '$$.State.RetryCount' } },
        ResultSelector: { 'probe.$': '$.Payload' },
        ResultPath: '$.result',
        End: true,
        ...handling,
      },
      ...('Catch' in handling ? { Rejected: { Type: 'Succeed' } } : {}),
    },
  };
}

const KEY = 'mezzanine/Ünïcode clip+1:2.mxf';

describe('Retry and Catch on a function error', () => {
  it('retries the error type the function reports and then succeeds', async () => {
    // Prepare
    h.functions.on('probe', (_payload, call) => (call === 1 ? fails('RecordingNotReady', 'the playlist is not there yet') : ok({ audioCount: 2 })));
    const machine = createMachine(
      h.service,
      'retry',
      probeMachine({ Retry: [{ ErrorEquals: ['RecordingNotReady'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 1 }] }),
    );

    useFakeTime();

    // Act: the retry waits its IntervalSeconds (1 s).
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine, input: JSON.stringify({ key: KEY }) });
    await h.functions.call('probe', 1);
    await elapse(999);
    const beforeInterval = h.functions.callsOf('probe').length;
    await elapse(1);
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(beforeInterval).toBe(1);
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output as string)).toEqual({ key: KEY, result: { probe: { audioCount: 2 } } });
    expect(h.functions.callsOf('probe')).toEqual([
      { key: KEY, retry: 0 },
      { key: KEY, retry: 1 },
    ]);
    const events = history(h.service, executionArn as string);
    expect(types(events)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expectLinked(events);
    const failed = events[4].taskFailedEventDetails;
    expect(failed).toMatchObject({ resourceType: 'lambda', resource: 'invoke', error: 'RecordingNotReady' });
    expect(JSON.parse(failed?.cause as string)).toEqual({
      errorType: 'RecordingNotReady',
      errorMessage: 'the playlist is not there yet',
      trace: ['RecordingNotReady: the playlist is not there yet', '    at handler (/var/task/index.js:1:1)'],
    });
  });

  it('catches the error type into ResultPath and goes on to the Catch target', async () => {
    // Prepare
    h.functions.on('probe', () => fails('NotMedia', `${KEY} is not a media file`));
    const machine = createMachine(
      h.service,
      'catch',
      probeMachine({ Catch: [{ ErrorEquals: ['NotMedia', 'NoAudio'], ResultPath: '$.rejection', Next: 'Rejected' }] }),
    );

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine, input: JSON.stringify({ key: KEY }) });
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    const output = JSON.parse(result.output as string);
    expect(output.rejection.Error).toBe('NotMedia');
    expect(JSON.parse(output.rejection.Cause)).toMatchObject({ errorType: 'NotMedia', errorMessage: `${KEY} is not a media file` });
    expect(types(history(h.service, executionArn as string))).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('fails an invoke of an unknown function with the Lambda service error, as AWS names it', async () => {
    // Prepare: no function called probe
    const machine = createMachine(h.service, 'unknown-function', probeMachine({ Catch: [{ ErrorEquals: ['NotMedia'], Next: 'Rejected' }] }));

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine, input: JSON.stringify({ key: KEY }) });
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'Lambda.ResourceNotFoundException', cause: 'Function not found: probe' });
    const failed = history(h.service, executionArn as string).find((event) => event.type === 'TaskFailed');
    expect(failed?.taskFailedEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke', error: 'Lambda.ResourceNotFoundException' });
  });

  it('fails the execution with the function error when nothing catches it', async () => {
    // Prepare
    h.functions.on('probe', () => fails('Error', 'socket hang up'));
    const machine = createMachine(h.service, 'uncaught', probeMachine({ Catch: [{ ErrorEquals: ['NotMedia'], Next: 'Rejected' }] }));

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine, input: JSON.stringify({ key: KEY }) });
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'Error', redriveStatus: 'REDRIVABLE' });
    expect(JSON.parse(result.cause as string)).toMatchObject({ errorType: 'Error', errorMessage: 'socket hang up' });
    expect(types(history(h.service, executionArn as string)).slice(-2)).toEqual(['TaskFailed', 'ExecutionFailed']);
  });

  it('names a failed DynamoDB call DynamoDB.<Exception> so Catch can match it', async () => {
    // Prepare: no item, so the condition fails.
    const machine = createMachine(h.service, 'dynamodb-error', {
      StartAt: 'Complete',
      States: {
        Complete: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:updateItem',
          Parameters: {
            TableName: TABLE,
            Key: { assetId: { 'S.$': '$.assetId' } },
            UpdateExpression: 'SET #s = :s',
            ConditionExpression: 'attribute_exists(assetId)',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':s': { S: 'COMPLETE' } },
          },
          Catch: [{ ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'], ResultPath: '$.error', Next: 'Missing' }],
          End: true,
        },
        Missing: { Type: 'Pass', End: true },
      },
    });

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine, input: JSON.stringify({ assetId: 'missing asset+1' }) });
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    const error = JSON.parse(result.output as string).error;
    expect(error.Error).toBe('DynamoDB.ConditionalCheckFailedException');
    expect(error.Cause).toMatch(/\(Service: DynamoDb, Status Code: 400, Error Code: ConditionalCheckFailedException, Request ID: .+\)$/);
  });

  it('returns the item of dynamodb:getItem with the response metadata AWS adds', async () => {
    // Prepare
    await putAsset(h.dynamodb, TABLE, 'asset é+1');
    const machine = createMachine(h.service, 'dynamodb-get', {
      StartAt: 'Get',
      States: {
        Get: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:getItem',
          Parameters: { TableName: TABLE, Key: { assetId: { 'S.$': '$.assetId' } } },
          End: true,
        },
      },
    });

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine, input: JSON.stringify({ assetId: 'asset é+1' }) });
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(JSON.parse(result.output as string)).toMatchObject({
      Item: { assetId: { S: 'asset é+1' }, status: { S: 'TRANSCODING' } },
      SdkHttpMetadata: { HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: expect.any(String) },
    });
  });
});

describe('task tokens', () => {
  const callback = {
    StartAt: 'Wait',
    States: {
      Wait: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: 'submit', Payload: { 'taskToken.$': '$$.Task.Token' } },
        End: true,
      },
    },
  };

  it('answers InvalidToken, TaskDoesNotExist and TaskTimedOut as AWS names them', async () => {
    // Prepare
    h.functions.on('submit', () => ok({}));
    const machine = createMachine(h.service, 'tokens', callback);
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine });
    const token = ((await h.functions.call('submit', 1)) as { taskToken: string }).taskToken;

    // Act
    h.service.sendTaskSuccess({ taskToken: token, output: '{"done":true}' });
    await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(() => h.service.sendTaskSuccess({ taskToken: token, output: '{}' })).toThrow(expect.objectContaining({ code: 'TaskTimedOut' }));
    expect(() => h.service.sendTaskHeartbeat({ taskToken: token })).toThrow(expect.objectContaining({ code: 'TaskTimedOut' }));
    expect(() => h.service.sendTaskFailure({ taskToken: 'not a token' })).toThrow(expect.objectContaining({ code: 'InvalidToken' }));
    const unknown = mintTaskToken('arn:aws:states:us-east-1:000000000000:execution:tokens:never-started');
    expect(() => h.service.sendTaskSuccess({ taskToken: unknown, output: '{}' })).toThrow(expect.objectContaining({ code: 'TaskDoesNotExist' }));
  });

  it('rejects output that is not JSON with InvalidOutput and keeps the task open', async () => {
    // Prepare
    h.functions.on('submit', () => ok({}));
    const machine = createMachine(h.service, 'tokens-output', callback);
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine });
    const token = ((await h.functions.call('submit', 1)) as { taskToken: string }).taskToken;

    // Act
    const invalid = () => h.service.sendTaskSuccess({ taskToken: token, output: 'not json' });

    // Assess
    expect(invalid).toThrow(expect.objectContaining({ code: 'InvalidOutput' }));
    h.service.sendTaskSuccess({ taskToken: token, output: '[1,2]' });
    expect(await h.service.waitForExecution(executionArn as string)).toMatchObject({ status: 'SUCCEEDED', output: '[1,2]' });
  });

  it('accepts an answer that comes before the invoke returns and applies it after TaskSubmitted', async () => {
    // Prepare: the function completes its own token before returning.
    h.functions.on('submit', (payload) => {
      h.service.sendTaskSuccess({ taskToken: (payload as { taskToken: string }).taskToken, output: '{"early":true}' });
      return ok({});
    });
    const machine = createMachine(h.service, 'tokens-early', callback);

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine });
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '{"early":true}' });
    expect(types(history(h.service, executionArn as string)).slice(-4)).toEqual([
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('StopExecution aborts the execution and closes its token', async () => {
    // Prepare
    h.functions.on('submit', () => ok({}));
    const machine = createMachine(h.service, 'stop', callback);
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine });
    const token = ((await h.functions.call('submit', 1)) as { taskToken: string }).taskToken;

    // Act
    const { stopDate } = h.service.stopExecution({ executionArn, error: 'Operator.Stop', cause: 'stopped from the console' });
    const result = await h.service.waitForExecution(executionArn as string);
    const events = history(h.service, executionArn as string);
    await h.service.flushed();

    // Assess
    expect(result).toMatchObject({ status: 'ABORTED', stopDate, error: 'Operator.Stop', redriveStatus: 'REDRIVABLE' });
    expect(events[events.length - 1]).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'Operator.Stop', cause: 'stopped from the console' },
    });
    expect(statuses(h.events, executionArn as string)).toEqual(['RUNNING', 'ABORTED']);
    expect(() => h.restart().sendTaskSuccess({ taskToken: token, output: '{}' })).toThrow(expect.objectContaining({ code: 'TaskTimedOut' }));
  });
});

describe('definitions', () => {
  it('refuses a Task resource the local executor does not implement, naming it', () => {
    // Act
    const create = () =>
      createMachine(h.service, 'sqs', {
        StartAt: 'Send',
        States: { Send: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl: 'q', MessageBody: 'm' }, End: true } },
      });

    // Assess
    expect(create).toThrow(
      expect.objectContaining({ code: 'InvalidDefinition', message: expect.stringContaining('arn:aws:states:::sqs:sendMessage') }),
    );
  });

  it('refuses JSONata and invalid definitions with InvalidDefinition', () => {
    expect(() => createMachine(h.service, 'jsonata', { QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Succeed' } } })).toThrow(
      expect.objectContaining({ code: 'InvalidDefinition', message: expect.stringContaining('JSONPath') }),
    );
    expect(() => createMachine(h.service, 'dangling', { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } })).toThrow(
      expect.objectContaining({ code: 'InvalidDefinition', message: expect.stringContaining('B') }),
    );
  });

  it('redrives flat state machines only, and says so for Parallel', async () => {
    // Prepare
    const machine = createMachine(h.service, 'parallel', {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'Broken', States: { Broken: { Type: 'Fail', Error: 'Branch.Failed', Cause: 'one branch failed' } } }],
          End: true,
        },
      },
    });
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine });
    const failed = await h.service.waitForExecution(executionArn as string);

    // Act
    const redrive = () => h.service.redriveExecution({ executionArn });

    // Assess
    expect(failed).toMatchObject({ status: 'FAILED', error: 'Branch.Failed', redriveStatus: 'NOT_REDRIVABLE' });
    expect(redrive).toThrow(
      expect.objectContaining({ code: 'ExecutionNotRedrivable', message: expect.stringContaining('Parallel or Map states; this one has Both') }),
    );
  });

  it('reports a Fail state with its Error and Cause', async () => {
    // Prepare
    const machine = createMachine(h.service, 'fail', {
      StartAt: 'Check',
      States: {
        Check: { Type: 'Choice', Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Fine' }], Default: 'Broken' },
        Fine: { Type: 'Succeed' },
        Broken: { Type: 'Fail', Error: 'Input.Invalid', Cause: 'ok is not true' },
      },
    });

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine, input: '{"ok":false}' });
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'Input.Invalid', cause: 'ok is not true' });
    expect(types(history(h.service, executionArn as string))).toEqual([
      'ExecutionStarted',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'FailStateEntered',
      'ExecutionFailed',
    ]);
  });
});

import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CALLBACK_STATE_EVENTS,
  createMachine,
  expectLinked,
  functionArn,
  harnessPerTest,
  history,
  ok,
  putAsset,
  statuses,
  TASK_STATE_EVENTS,
  types,
  type Harness,
} from './harness';

const TABLE = 'vod-assets';
// Keys with spaces, `+`, `:` and accents travel through every state unchanged.
const ASSET_ID = 's3-clips/été 2024+final:cut.mp4';

/** lambda:invoke -> lambda:invoke.waitForTaskToken -> dynamodb:updateItem, as the pipeline does. */
const FLOW = {
  QueryLanguage: 'JSONPath',
  StartAt: 'Register',
  States: {
    Register: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: functionArn('register'), 'Payload.$': '$' },
      ResultSelector: { 'assetId.$': '$.Payload.assetId' },
      ResultPath: '$',
      Next: 'Submit job',
    },
    'Submit job': {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: functionArn('submit'),
        Payload: {
          'assetId.$': '$.assetId',
          'taskToken.$': '$$.Task.Token',
          'executionArn.$': '$$.Execution.Id',
          'state.$': '$$.State.Name',
        },
      },
      ResultPath: '$.job',
      TimeoutSeconds: 600,
      HeartbeatSeconds: 300,
      Next: 'Complete',
    },
    Complete: {
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:updateItem',
      Parameters: {
        TableName: TABLE,
        Key: { assetId: { 'S.$': '$.assetId' } },
        UpdateExpression: 'SET #status = :complete, #dash = :dash',
        ConditionExpression: 'attribute_exists(assetId)',
        ExpressionAttributeNames: { '#status': 'status', '#dash': 'dash' },
        ExpressionAttributeValues: { ':complete': { S: 'COMPLETE' }, ':dash': { 'S.$': '$.job.dash' } },
      },
      ResultPath: null,
      End: true,
    },
  },
};

const services = harnessPerTest(TABLE);
let h: Harness;
beforeEach(async () => {
  h = await services.start();
  await putAsset(h.dynamodb, TABLE, ASSET_ID);
  h.functions.on('register', () => ok({ assetId: ASSET_ID })).on('submit', () => ok({ jobId: 'job-1' }));
});

const submitToken = async (call: number) => ((await h.functions.call('submit', call)) as { taskToken: string }).taskToken;

describe('an execution through lambda:invoke, .waitForTaskToken and dynamodb:updateItem', () => {
  it('waits for SendTaskSuccess, writes the item and records the history in AWS format', async () => {
    // Prepare
    const machine = createMachine(h.service, 'flow', FLOW);

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine, name: 'upload-1', input: JSON.stringify({ key: ASSET_ID }) });
    const token = await submitToken(1);
    h.service.sendTaskSuccess({ taskToken: token, output: JSON.stringify({ dash: 's3://vod-out/été/index.mpd' }) });
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output as string)).toEqual({ assetId: ASSET_ID, job: { dash: 's3://vod-out/été/index.mpd' } });
    const item = await h.dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: { assetId: { S: ASSET_ID } } }));
    expect(item.Item).toMatchObject({ status: { S: 'COMPLETE' }, dash: { S: 's3://vod-out/été/index.mpd' } });
    expect(await h.functions.call('submit', 1)).toMatchObject({ assetId: ASSET_ID, executionArn, state: 'Submit job' });

    const events = history(h.service, executionArn as string);
    expect(types(events)).toEqual(['ExecutionStarted', ...TASK_STATE_EVENTS, ...CALLBACK_STATE_EVENTS, ...TASK_STATE_EVENTS, 'ExecutionSucceeded']);
    expectLinked(events);
    expect(events[0].executionStartedEventDetails).toEqual({
      input: JSON.stringify({ key: ASSET_ID }),
      inputDetails: { truncated: false },
      roleArn: expect.any(String),
    });
    expect(events[1].stateEnteredEventDetails).toMatchObject({ name: 'Register', input: JSON.stringify({ key: ASSET_ID }) });
    const invoked = JSON.parse(events[4].taskSucceededEventDetails?.output as string);
    expect(invoked).toMatchObject({
      ExecutedVersion: '$LATEST',
      Payload: { assetId: ASSET_ID },
      StatusCode: 200,
      SdkHttpMetadata: { HttpStatusCode: 200 },
    });
    expect(events[7].taskScheduledEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      region: 'us-east-1',
      timeoutInSeconds: 600,
      heartbeatInSeconds: 300,
    });
    expect(JSON.parse(events[7].taskScheduledEventDetails?.parameters as string)).toMatchObject({ Payload: { taskToken: token } });
    expect(events[9].taskSubmittedEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke.waitForTaskToken' });
    expect(events[10].taskSucceededEventDetails?.output).toBe(JSON.stringify({ dash: 's3://vod-out/été/index.mpd' }));
    expect(events[13].taskScheduledEventDetails).toMatchObject({ resourceType: 'dynamodb', resource: 'updateItem' });
    expect(events[16].stateExitedEventDetails).toMatchObject({ name: 'Complete', output: result.output });
  });

  it('sends RUNNING and SUCCEEDED status change events shaped as AWS sends them', async () => {
    // Prepare
    const machine = createMachine(h.service, 'flow', FLOW);

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine, name: 'upload-2' });
    h.service.sendTaskSuccess({ taskToken: await submitToken(1), output: JSON.stringify({ dash: 's3://vod-out/a.mpd' }) });
    await h.service.waitForExecution(executionArn as string);
    await h.service.flushed();

    // Assess
    expect(statuses(h.events, executionArn as string)).toEqual(['RUNNING', 'SUCCEEDED']);
    const [running, succeeded] = h.events;
    expect(running).toMatchObject({ source: 'aws.states', detailType: 'Step Functions Execution Status Change', resources: [executionArn] });
    expect(running.detail).toEqual({
      executionArn,
      stateMachineArn: machine,
      name: 'upload-2',
      status: 'RUNNING',
      startDate: expect.any(Number),
      stopDate: null,
      input: '{}',
      inputDetails: { included: true },
      output: null,
      outputDetails: null,
      error: null,
      cause: null,
      redriveCount: 0,
      redriveDate: null,
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is RUNNING and cannot be redriven',
    });
    expect(succeeded.detail).toMatchObject({ status: 'SUCCEEDED', stopDate: expect.any(Number), outputDetails: { included: true } });
    expect(JSON.parse(succeeded.detail.output as string)).toMatchObject({ job: { dash: 's3://vod-out/a.mpd' } });
  });

  it('fails on SendTaskFailure, then a redrive resumes at the failed state and completes the same execution', async () => {
    // Prepare
    const machine = createMachine(h.service, 'flow', FLOW);
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine, name: 'upload-3', input: '{"n":1}' });
    const firstToken = await submitToken(1);
    h.service.sendTaskFailure({ taskToken: firstToken, error: 'MediaConvert.JobFailed', cause: 'ERROR 1040: unsupported codec' });
    const failed = await h.service.waitForExecution(executionArn as string);

    // Act
    const { redriveDate } = h.service.redriveExecution({ executionArn });
    const secondToken = await submitToken(2);
    h.service.sendTaskSuccess({ taskToken: secondToken, output: JSON.stringify({ dash: 's3://vod-out/b.mpd' }) });
    const result = await h.service.waitForExecution(executionArn as string);
    const events = history(h.service, executionArn as string);
    await h.service.flushed();

    // Assess
    expect(failed).toMatchObject({
      status: 'FAILED',
      error: 'MediaConvert.JobFailed',
      cause: 'ERROR 1040: unsupported codec',
      redriveStatus: 'REDRIVABLE',
    });
    expect(result).toMatchObject({ executionArn, status: 'SUCCEEDED', redriveCount: 1, redriveDate, redriveStatus: 'NOT_REDRIVABLE' });
    expect(secondToken).not.toBe(firstToken);
    expect(h.functions.callsOf('register')).toHaveLength(1);
    expect(await h.functions.call('submit', 2)).toMatchObject({ executionArn, state: 'Submit job' });
    expect(types(events)).toEqual([
      'ExecutionStarted',
      ...TASK_STATE_EVENTS,
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskFailed',
      'ExecutionFailed',
      'ExecutionRedriven',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      ...TASK_STATE_EVENTS,
      'ExecutionSucceeded',
    ]);
    expectLinked(events);
    expect(events[10].taskFailedEventDetails).toEqual({
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      error: 'MediaConvert.JobFailed',
      cause: 'ERROR 1040: unsupported codec',
    });
    expect(events[11].executionFailedEventDetails).toEqual({ error: 'MediaConvert.JobFailed', cause: 'ERROR 1040: unsupported codec' });
    expect(events[12].executionRedrivenEventDetails).toEqual({ redriveCount: 1 });
    expect(statuses(h.events, executionArn as string)).toEqual(['RUNNING', 'FAILED', 'RUNNING', 'SUCCEEDED']);
    expect(h.events[1].detail).toMatchObject({ status: 'FAILED', error: 'MediaConvert.JobFailed', redriveStatus: 'REDRIVABLE', redriveCount: 0 });
    expect(h.events[2].detail).toMatchObject({ status: 'RUNNING', redriveCount: 1, redriveDate: expect.any(Number), stopDate: null });
    expect(() => h.restart().sendTaskSuccess({ taskToken: firstToken, output: '{}' })).toThrow(expect.objectContaining({ code: 'TaskTimedOut' }));
  });

  it('refuses to redrive a running or succeeded execution', async () => {
    // Prepare
    const machine = createMachine(h.service, 'flow', FLOW);
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine });
    const token = await submitToken(1);

    // Act
    const whileRunning = () => h.service.redriveExecution({ executionArn });
    const runningError = (() => {
      try {
        whileRunning();
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    h.service.sendTaskSuccess({ taskToken: token, output: JSON.stringify({ dash: 's3://x' }) });
    await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(runningError).toMatchObject({ code: 'ExecutionNotRedrivable', message: expect.stringContaining('RUNNING') });
    expect(whileRunning).toThrow(expect.objectContaining({ code: 'ExecutionNotRedrivable', message: expect.stringContaining('SUCCEEDED') }));
  });

  it('runs a Lambda function ARN as Resource, with the LambdaFunction history events', async () => {
    // Prepare
    h.functions.on('normalise', (payload) => ok({ normalised: payload }));
    const machine = createMachine(h.service, 'function-arn', {
      StartAt: 'Normalise',
      States: { Normalise: { Type: 'Task', Resource: functionArn('normalise'), TimeoutSeconds: 30, ResultPath: '$.out', End: true } },
    });

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine, input: '{"key":"a b"}' });
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(JSON.parse(result.output as string)).toEqual({ key: 'a b', out: { normalised: { key: 'a b' } } });
    const events = history(h.service, executionArn as string);
    expect(types(events)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events[2].lambdaFunctionScheduledEventDetails).toMatchObject({
      resource: functionArn('normalise'),
      input: '{"key":"a b"}',
      timeoutInSeconds: 30,
    });
  });

  it('gives the context object the execution, state machine, state and task fields', async () => {
    // Prepare
    const machine = createMachine(h.service, 'context', {
      StartAt: 'Look',
      States: {
        Look: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: {
            FunctionName: 'context',
            Payload: {
              'id.$': '$$.Execution.Id',
              'name.$': '$$.Execution.Name',
              'input.$': '$$.Execution.Input',
              'start.$': '$$.Execution.StartTime',
              'redrives.$': '$$.Execution.RedriveCount',
              'machine.$': '$$.StateMachine.Id',
              'machineName.$': '$$.StateMachine.Name',
              'state.$': '$$.State.Name',
              'entered.$': '$$.State.EnteredTime',
              'retries.$': '$$.State.RetryCount',
              'token.$': '$$.Task.Token',
              'formatted.$': "States.Format('{} in {}', $$.Execution.Name, $$.State.Name)",
            },
          },
          OutputPath: '$.Payload',
          End: true,
        },
      },
    });
    h.functions.on('context', (payload) => ok(payload));

    // Act
    const { executionArn, startDate } = h.service.startExecution({ stateMachineArn: machine, name: 'ctx', input: '{"a":"é"}' });
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    const entered = history(h.service, executionArn as string)[1];
    expect(JSON.parse(result.output as string)).toEqual({
      id: executionArn,
      name: 'ctx',
      input: { a: 'é' },
      start: (startDate as Date).toISOString(),
      redrives: 0,
      machine,
      machineName: 'context',
      state: 'Look',
      entered: entered.timestamp?.toISOString(),
      retries: 0,
      token: expect.any(String),
      formatted: 'ctx in Look',
    });
  });
});

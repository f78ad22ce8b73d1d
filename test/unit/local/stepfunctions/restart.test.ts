import { createMachine, expectLinked, harness, history, ok, startDynalite, statuses, types, until, type Dynalite, type Harness } from './harness';

const MACHINE = {
  StartAt: 'Prepare',
  States: {
    Prepare: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'prepare', 'Payload.$': '$' },
      OutputPath: '$.Payload',
      Next: 'Wait for job',
    },
    'Wait for job': {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: 'submit',
        Payload: { 'key.$': '$.key', 'taskToken.$': '$$.Task.Token', 'redrives.$': '$$.Execution.RedriveCount' },
      },
      ResultPath: '$.job',
      End: true,
    },
  },
};

let dynamo: Dynalite;
let h: Harness;
beforeAll(async () => {
  dynamo = await startDynalite('unused');
});
afterAll(() => dynamo.close());
beforeEach(async () => {
  h = await harness(dynamo.client);
  h.functions.on('prepare', (payload) => ok(payload)).on('submit', () => ok({ jobId: 'job-1' }));
});
afterEach(() => h.cleanup());

type SubmitPayload = { key: string; taskToken: string; redrives: number };

describe('a restart on the same data directory', () => {
  it('marks the execution left running ABORTED, and a redrive resumes it at the state it was in', async () => {
    // Prepare: an execution waiting for its job when the process goes away.
    const machine = createMachine(h.service, 'restart', MACHINE);
    const input = JSON.stringify({ key: 'ingest/my clip+final:v2 é.mov' });
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine, name: 'before-restart', input });
    const before = (await h.functions.call('submit', 1)) as SubmitPayload;
    await until(() => types(history(h.service, executionArn as string)).includes('TaskSubmitted'), 'the job to be submitted');
    await h.service.stop();

    // Act
    const restarted = h.restart();
    const beforeStart = restarted.describeExecution({ executionArn }).status;
    await restarted.start();
    const aborted = restarted.describeExecution({ executionArn });
    restarted.redriveExecution({ executionArn });
    const after = (await h.functions.call('submit', 2)) as SubmitPayload;
    restarted.sendTaskSuccess({ taskToken: after.taskToken, output: '{"done":true}' });
    const result = await restarted.waitForExecution(executionArn as string);
    const events = history(restarted, executionArn as string);
    await restarted.stop();

    // Assess
    expect(beforeStart).toBe('RUNNING');
    expect(aborted).toMatchObject({ status: 'ABORTED', error: 'Local.Interrupted', redriveStatus: 'REDRIVABLE' });
    expect(aborted.cause).toContain('"Wait for job"');
    expect(result).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1, input });
    expect(JSON.parse(result.output as string)).toEqual({ key: 'ingest/my clip+final:v2 é.mov', job: { done: true } });
    expect(before).toMatchObject({ key: 'ingest/my clip+final:v2 é.mov', redrives: 0 });
    expect(after).toMatchObject({ key: 'ingest/my clip+final:v2 é.mov', redrives: 1 });
    expect(h.functions.callsOf('prepare')).toHaveLength(1);
    expect(types(events)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'ExecutionAborted',
      'ExecutionRedriven',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expectLinked(events);
    expect(statuses(h.events, executionArn as string)).toEqual(['RUNNING', 'ABORTED', 'RUNNING', 'SUCCEEDED']);
    expect(() => h.restart().sendTaskSuccess({ taskToken: before.taskToken, output: '{}' })).toThrow(
      expect.objectContaining({ code: 'TaskTimedOut' }),
    );
  });

  it('keeps the state machines and finished executions', async () => {
    // Prepare
    const machine = createMachine(h.service, 'kept', MACHINE);
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine, name: 'kept-1', input: '{"key":"a"}' });
    const payload = (await h.functions.call('submit', 1)) as SubmitPayload;
    h.service.sendTaskSuccess({ taskToken: payload.taskToken, output: '{}' });
    await h.service.waitForExecution(executionArn as string);
    const original = history(h.service, executionArn as string);
    await h.service.stop();

    // Act
    const restarted = h.restart();
    await restarted.start();

    // Assess
    expect(restarted.describeStateMachine({ stateMachineArn: machine })).toMatchObject({ name: 'kept', definition: JSON.stringify(MACHINE) });
    expect(restarted.describeExecution({ executionArn }).status).toBe('SUCCEEDED');
    expect(history(restarted, executionArn as string)).toEqual(original);
    expect(restarted.listExecutions({ stateMachineArn: machine }).executions?.map((item) => item.name)).toEqual(['kept-1']);
  });
});

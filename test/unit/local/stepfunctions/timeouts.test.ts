/** TimeoutSeconds, HeartbeatSeconds, the state machine's TimeoutSeconds and Retry intervals, on fake time (see useFakeTime). */
import { createMachine, elapse, harnessPerTest, history, ok, statuses, types, useFakeTime, type Harness } from './harness';

const services = harnessPerTest();
let h: Harness;

/** A service on fake time: started on real time (its start-up probes the library with a 1 ms timer). */
async function fakeTimeHarness(options: Parameters<typeof services.start>[0] = {}): Promise<Harness> {
  const started = await services.start(options);
  started.functions.on('submit', () => ok({ submitted: true }));
  useFakeTime();
  return started;
}

/** A callback task on the `submit` function, with the given timeouts and error handling. */
function callbackMachine(task: Record<string, unknown>, extraStates: Record<string, unknown> = {}) {
  return {
    StartAt: 'Wait for job',
    States: {
      'Wait for job': {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: 'submit', Payload: { 'taskToken.$': '$$.Task.Token' } },
        End: true,
        ...task,
      },
      ...extraStates,
    },
  };
}

const caught = { 'Timed out': { Type: 'Pass', End: true } };
const tokenOf = async (call: number) => ((await h.functions.call('submit', call)) as { taskToken: string }).taskToken;

describe('TimeoutSeconds', () => {
  beforeEach(async () => {
    h = await fakeTimeHarness();
  });

  it('times the task out with States.Timeout, fails the execution and closes the token', async () => {
    // Prepare
    const machine = createMachine(h.service, 'timeout', callbackMachine({ TimeoutSeconds: 1 }));

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine });
    const token = await tokenOf(1);
    await elapse(999);
    const before = h.service.describeExecution({ executionArn }).status;
    await elapse(1);
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(before).toBe('RUNNING');
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Timeout', redriveStatus: 'REDRIVABLE' });
    const events = history(h.service, executionArn as string);
    expect(types(events).slice(-3)).toEqual(['TaskSubmitted', 'TaskTimedOut', 'ExecutionFailed']);
    expect(events[events.length - 2].taskTimedOutEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      error: 'States.Timeout',
    });
    expect(() => h.service.sendTaskSuccess({ taskToken: token, output: '{}' })).toThrow(expect.objectContaining({ code: 'TaskTimedOut' }));
  });

  it('lets Catch on States.Timeout handle the timeout', async () => {
    // Prepare
    const machine = createMachine(
      h.service,
      'timeout-caught',
      callbackMachine({ TimeoutSeconds: 1, Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'Timed out' }] }, caught),
    );

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine });
    await tokenOf(1);
    await elapse(1000);
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output as string).error).toMatchObject({ Error: 'States.Timeout' });
  });

  it('does not let States.TaskFailed catch a timeout, as on AWS', async () => {
    // Prepare
    const machine = createMachine(
      h.service,
      'timeout-not-task-failed',
      callbackMachine({ TimeoutSeconds: 1, Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Timed out' }] }, caught),
    );

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine });
    await tokenOf(1);
    await elapse(1000);
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  });

  it('retries a timed-out task with Retry on States.Timeout, with a new token', async () => {
    // Prepare
    const machine = createMachine(
      h.service,
      'timeout-retried',
      callbackMachine({ TimeoutSeconds: 1, Retry: [{ ErrorEquals: ['States.Timeout'], IntervalSeconds: 1, MaxAttempts: 1 }] }),
    );

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine });
    const first = await tokenOf(1);
    await elapse(1000);
    const retriedEarly = h.functions.callsOf('submit').length;
    // The retry waits its IntervalSeconds (1 s) after the timeout.
    await elapse(1000);
    const second = await tokenOf(2);
    h.service.sendTaskSuccess({ taskToken: second, output: '{"retried":true}' });
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(retriedEarly).toBe(1);
    expect(second).not.toBe(first);
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '{"retried":true}' });
    expect(types(history(h.service, executionArn as string)).filter((type) => type === 'TaskTimedOut')).toHaveLength(1);
  });

  it('fails the execution with ExecutionTimedOut when the state machine TimeoutSeconds passes', async () => {
    // Prepare
    const machine = createMachine(h.service, 'execution-timeout', { ...callbackMachine({}), TimeoutSeconds: 1 });

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine });
    const token = await tokenOf(1);
    await elapse(1000);
    const result = await h.service.waitForExecution(executionArn as string);
    const events = history(h.service, executionArn as string);
    await h.service.flushed();

    // Assess
    expect(result).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout', redriveStatus: 'REDRIVABLE' });
    expect(events[events.length - 1]).toMatchObject({ type: 'ExecutionTimedOut', executionTimedOutEventDetails: { error: 'States.Timeout' } });
    expect(statuses(h.events, executionArn as string)).toEqual(['RUNNING', 'TIMED_OUT']);
    expect(() => h.restart().sendTaskSuccess({ taskToken: token, output: '{}' })).toThrow(expect.objectContaining({ code: 'TaskTimedOut' }));
  });
});

describe('HeartbeatSeconds', () => {
  beforeEach(async () => {
    h = await fakeTimeHarness();
  });

  it('times the task out with States.HeartbeatTimeout when no heartbeat comes, which Catch on States.Timeout handles', async () => {
    // Prepare
    const machine = createMachine(
      h.service,
      'heartbeat',
      callbackMachine(
        { TimeoutSeconds: 60, HeartbeatSeconds: 1, Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'Timed out' }] },
        caught,
      ),
    );

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine });
    await tokenOf(1);
    await elapse(1000);
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output as string).error).toMatchObject({ Error: 'States.HeartbeatTimeout' });
    const timedOut = history(h.service, executionArn as string).find((event) => event.type === 'TaskTimedOut');
    expect(timedOut?.taskTimedOutEventDetails).toMatchObject({ error: 'States.HeartbeatTimeout' });
  });

  it('fails the execution with States.HeartbeatTimeout when nothing catches it', async () => {
    // Prepare
    const machine = createMachine(h.service, 'heartbeat-uncaught', callbackMachine({ HeartbeatSeconds: 1 }));

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine });
    await tokenOf(1);
    await elapse(1000);
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
  });

  it('keeps the task alive while SendTaskHeartbeat comes in time', async () => {
    // Prepare
    const machine = createMachine(h.service, 'heartbeat-alive', callbackMachine({ HeartbeatSeconds: 1 }));
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine });
    const token = await tokenOf(1);

    // Act: heartbeats well inside the 1 s window, for longer than the window.
    for (let beat = 0; beat < 8; beat += 1) {
      await elapse(200);
      h.service.sendTaskHeartbeat({ taskToken: token });
    }
    h.service.sendTaskSuccess({ taskToken: token, output: '{"alive":true}' });
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '{"alive":true}' });
    expect(types(history(h.service, executionArn as string))).not.toContain('TaskTimedOut');
  });
});

describe('a task without TimeoutSeconds', () => {
  it("waits past the library's own Task timer, as AWS waits indefinitely", async () => {
    // Prepare: the library's per-Task timer shortened to 1 s.
    h = await fakeTimeHarness({ taskTimerSeconds: 1 });
    const machine = createMachine(h.service, 'no-timeout', callbackMachine({}));
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine });
    const token = await tokenOf(1);

    // Act
    await elapse(2200);
    h.service.sendTaskSuccess({ taskToken: token, output: '{"late":true}' });
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '{"late":true}' });
    const events = history(h.service, executionArn as string);
    expect(types(events).filter((type) => type === 'TaskScheduled')).toHaveLength(1);
    expect(types(events)).not.toContain('TaskTimedOut');
    expect(h.functions.callsOf('submit')).toHaveLength(1);
  });
});

describe('a Wait state', () => {
  it('waits its Seconds on fake time, then goes on', async () => {
    // Prepare
    h = await fakeTimeHarness();
    const machine = createMachine(h.service, 'wait-state', {
      StartAt: 'Pause',
      States: { Pause: { Type: 'Wait', Seconds: 60, Next: 'Done' }, Done: { Type: 'Succeed' } },
    });

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine, input: '{"a":1}' });
    await elapse(59_999);
    const before = h.service.describeExecution({ executionArn }).status;
    await elapse(1);
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(before).toBe('RUNNING');
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '{"a":1}' });
    expect(types(history(h.service, executionArn as string))).toEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('waits only what is left of its Seconds after a restart', async () => {
    // Prepare: 15 s into a 60 s wait, then 20 s down.
    h = await fakeTimeHarness();
    const machine = createMachine(h.service, 'wait-restart', {
      StartAt: 'Pause',
      States: { Pause: { Type: 'Wait', Seconds: 60, End: true } },
    });
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine });
    await elapse(15_000);
    await h.service.stop();
    jest.setSystemTime(Date.now() + 20_000);

    // Act
    const restarted = h.restart();
    await restarted.start();
    await elapse(24_999);
    const before = restarted.describeExecution({ executionArn }).status;
    await elapse(1);
    const result = await restarted.waitForExecution(executionArn as string);

    // Assess
    expect(before).toBe('RUNNING');
    expect(result).toMatchObject({ status: 'SUCCEEDED', redriveCount: 0 });
    expect(result.stopDate!.getTime() - result.startDate!.getTime()).toBe(60_000);
  });
});

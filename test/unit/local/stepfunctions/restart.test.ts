import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InvokeResult } from '../../../../local/lambda/types';
import {
  CALLBACK_STATE_EVENTS,
  createMachine,
  expectLinked,
  FakeClock,
  harnessPerTest,
  history,
  ok,
  statuses,
  TASK_STATE_EVENTS,
  types,
  waitFor,
  type Harness,
} from './harness';

/** Prepare (lambda:invoke) -> Wait for job (a callback task with the given timeouts). */
function machine(wait: Record<string, unknown> = {}) {
  return {
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
        ...wait,
      },
    },
  };
}

const KEY = 'ingest/my clip+final:v2 é.mov';
const INPUT = JSON.stringify({ key: KEY });
const never = () => new Promise<InvokeResult>(() => undefined);

const services = harnessPerTest();
let h: Harness;
let clock: FakeClock;
beforeEach(async () => {
  clock = new FakeClock();
  h = await services.start({ clock });
  h.functions.on('prepare', (payload) => ok(payload)).on('submit', () => ok({ jobId: 'job-1' }));
});

type SubmitPayload = { key: string; taskToken: string; redrives: number };

const submitted = (executionArn: string) =>
  waitFor('the job to be submitted', async () => (types(history(h.service, executionArn)).includes('TaskSubmitted') ? true : undefined));

describe('a restart on the same data directory', () => {
  it('keeps an execution waiting on a task token RUNNING, and its token completes it: no redrive, no second submit', async () => {
    // Prepare: an execution waiting for its job when the process goes away.
    const arn = createMachine(h.service, 'restart', machine());
    const { executionArn } = h.service.startExecution({ stateMachineArn: arn, name: 'before-restart', input: INPUT });
    const before = (await h.functions.call('submit', 1)) as SubmitPayload;
    await submitted(executionArn as string);
    await h.service.stop();

    // Act: the answer comes as soon as the restarted service starts, before the state runs again.
    const restarted = h.restart();
    await restarted.start();
    const afterStart = restarted.describeExecution({ executionArn });
    restarted.sendTaskSuccess({ taskToken: before.taskToken, output: '{"done":true}' });
    const result = await restarted.waitForExecution(executionArn as string);
    const events = history(restarted, executionArn as string);
    await restarted.flushed();

    // Assess
    expect(afterStart).toMatchObject({ status: 'RUNNING', redriveCount: 0 });
    expect(result).toMatchObject({ status: 'SUCCEEDED', redriveCount: 0, input: INPUT });
    expect(JSON.parse(result.output as string)).toEqual({ key: KEY, job: { done: true } });
    expect(h.functions.callsOf('prepare')).toHaveLength(1);
    expect(h.functions.callsOf('submit')).toHaveLength(1);
    expect(types(events)).toEqual(['ExecutionStarted', ...TASK_STATE_EVENTS, ...CALLBACK_STATE_EVENTS, 'ExecutionSucceeded']);
    expectLinked(events);
    expect(statuses(h.events, executionArn as string)).toEqual(['RUNNING', 'SUCCEEDED']);
    expect(() => h.restart().sendTaskSuccess({ taskToken: before.taskToken, output: '{}' })).toThrow(
      expect.objectContaining({ code: 'TaskTimedOut' }),
    );
  });

  it('answers SendTaskHeartbeat and SendTaskFailure for the resumed token once the state waits again', async () => {
    // Prepare
    const arn = createMachine(h.service, 'restart-failure', machine({ HeartbeatSeconds: 60 }));
    const { executionArn } = h.service.startExecution({ stateMachineArn: arn, input: INPUT });
    const { taskToken } = (await h.functions.call('submit', 1)) as SubmitPayload;
    await submitted(executionArn as string);
    await h.service.stop();

    // Act
    const restarted = h.restart();
    await restarted.start();
    await clock.advance(0);
    restarted.sendTaskHeartbeat({ taskToken });
    restarted.sendTaskFailure({ taskToken, error: 'MediaConvert.ERROR', cause: 'job 1 failed' });
    const result = await restarted.waitForExecution(executionArn as string);

    // Assess
    expect(result).toMatchObject({
      status: 'FAILED',
      error: 'MediaConvert.ERROR',
      cause: 'job 1 failed',
      redriveCount: 0,
      redriveStatus: 'REDRIVABLE',
    });
    expect(h.functions.callsOf('submit')).toHaveLength(1);
  });

  it('runs a Lambda task that was in flight again from its state, at least once', async () => {
    // Prepare: prepare's first call never returns; the process goes away during it.
    h.functions.on('prepare', (payload, call) => (call === 1 ? never() : ok(payload)));
    const arn = createMachine(h.service, 'restart-lambda', machine());
    const { executionArn } = h.service.startExecution({ stateMachineArn: arn, input: INPUT });
    await h.functions.call('prepare', 1);
    await h.service.stop();

    // Act
    const restarted = h.restart();
    await restarted.start();
    const { taskToken } = (await h.functions.call('submit', 1)) as SubmitPayload;
    restarted.sendTaskSuccess({ taskToken, output: '{}' });
    const result = await restarted.waitForExecution(executionArn as string);
    const events = history(restarted, executionArn as string);

    // Assess
    expect(result).toMatchObject({ status: 'SUCCEEDED', redriveCount: 0 });
    expect(h.functions.callsOf('prepare')).toEqual([{ key: KEY }, { key: KEY }]);
    expect(types(events).slice(0, 7)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
    ]);
    expectLinked(events);
  });

  it('invokes a callback task whose invoke had not returned again with the same token, so its submitter can submit once', async () => {
    // Prepare
    h.functions.on('submit', (_payload, call) => (call === 1 ? never() : ok({ jobId: 'job-1' })));
    const arn = createMachine(h.service, 'restart-submit', machine());
    const { executionArn } = h.service.startExecution({ stateMachineArn: arn, input: INPUT });
    const first = (await h.functions.call('submit', 1)) as SubmitPayload;
    await h.service.stop();

    // Act
    const restarted = h.restart();
    await restarted.start();
    const second = (await h.functions.call('submit', 2)) as SubmitPayload;
    await waitFor('the job to be submitted again', async () =>
      types(history(restarted, executionArn as string)).includes('TaskSubmitted') ? true : undefined,
    );
    restarted.sendTaskSuccess({ taskToken: second.taskToken, output: '{}' });
    const result = await restarted.waitForExecution(executionArn as string);

    // Assess
    expect(second.taskToken).toBe(first.taskToken);
    expect(result).toMatchObject({ status: 'SUCCEEDED', redriveCount: 0 });
  });

  it('resumes the heartbeat and the timeout from their persisted deadlines, not from the restart', async () => {
    // Prepare: 20 s into a 30 s heartbeat window, then 5 s down.
    const arn = createMachine(h.service, 'restart-heartbeat', machine({ TimeoutSeconds: 100, HeartbeatSeconds: 30 }));
    const { executionArn } = h.service.startExecution({ stateMachineArn: arn, input: INPUT });
    await submitted(executionArn as string);
    await clock.advance(20_000);
    await h.service.stop();
    clock.skip(5_000);

    // Act
    const restarted = h.restart();
    await restarted.start();
    await clock.advance(4_000);
    const before = restarted.describeExecution({ executionArn }).status;
    await clock.advance(2_000);
    const result = await restarted.waitForExecution(executionArn as string);

    // Assess: timed out 30 s after the task started, not 30 s after the restart.
    expect(before).toBe('RUNNING');
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout', redriveCount: 0 });
    expect(result.stopDate!.getTime() - result.startDate!.getTime()).toBe(30_000);
  });

  it('times a task out at once when its deadline passed while the cloud was down, as AWS would have', async () => {
    // Prepare
    const arn = createMachine(h.service, 'restart-timeout', machine({ TimeoutSeconds: 10 }));
    const { executionArn } = h.service.startExecution({ stateMachineArn: arn, input: INPUT });
    await submitted(executionArn as string);
    await h.service.stop();
    clock.skip(60_000);

    // Act
    const restarted = h.restart();
    await restarted.start();
    await clock.advance(0);
    const result = await restarted.waitForExecution(executionArn as string);
    const events = history(restarted, executionArn as string);

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Timeout', redriveStatus: 'REDRIVABLE' });
    expect(types(events).slice(-3)).toEqual(['TaskSubmitted', 'TaskTimedOut', 'ExecutionFailed']);
  });

  it('times the execution out at once when its TimeoutSeconds passed while the cloud was down', async () => {
    // Prepare
    const arn = createMachine(h.service, 'restart-execution-timeout', { ...machine(), TimeoutSeconds: 30 });
    const { executionArn } = h.service.startExecution({ stateMachineArn: arn, input: INPUT });
    await submitted(executionArn as string);
    await h.service.stop();
    clock.skip(31_000);

    // Act
    const restarted = h.restart();
    await restarted.start();
    const result = await restarted.waitForExecution(executionArn as string);

    // Assess
    expect(result).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(h.functions.callsOf('submit')).toHaveLength(1);
  });

  it('fails an execution that cannot continue, saying why and that a redrive resumes it', async () => {
    // Prepare: the definition it runs is gone from the data directory.
    const arn = createMachine(h.service, 'restart-broken', machine());
    const { executionArn } = h.service.startExecution({ stateMachineArn: arn, input: INPUT });
    await submitted(executionArn as string);
    await h.service.stop();
    fs.rmSync(path.join(h.dataDir, 'stepfunctions', 'definitions'), { recursive: true });

    // Act
    const restarted = h.restart();
    await restarted.start();
    const result = restarted.describeExecution({ executionArn });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'Local.ResumeFailed' });
    expect(result.cause).toContain('"Wait for job"');
    expect(result.cause).toContain('could not be read');
    expect(result.cause).toContain('redrive');
  });

  it('leaves the execution RUNNING and untouched on a start that does not resume (a cloud started only to read)', async () => {
    // Prepare
    h.functions.on('prepare', (payload, call) => (call === 1 ? never() : ok(payload)));
    const arn = createMachine(h.service, 'restart-read-only', machine());
    const { executionArn } = h.service.startExecution({ stateMachineArn: arn, input: INPUT });
    await h.functions.call('prepare', 1);
    await h.service.stop();
    const before = history(h.restart(), executionArn as string);

    // Act
    const reader = h.restart();
    await reader.start({ resume: false });
    await clock.advance(1_000);
    const read = reader.describeExecution({ executionArn });
    await reader.stop();

    // Assess
    expect(read).toMatchObject({ status: 'RUNNING', redriveCount: 0 });
    expect(history(h.restart(), executionArn as string)).toEqual(before);
    expect(h.functions.callsOf('prepare')).toHaveLength(1);
  });

  it('keeps the state machines and finished executions', async () => {
    // Prepare
    const arn = createMachine(h.service, 'kept', machine());
    const { executionArn } = h.service.startExecution({ stateMachineArn: arn, name: 'kept-1', input: '{"key":"a"}' });
    const payload = (await h.functions.call('submit', 1)) as SubmitPayload;
    h.service.sendTaskSuccess({ taskToken: payload.taskToken, output: '{}' });
    await h.service.waitForExecution(executionArn as string);
    const original = history(h.service, executionArn as string);
    await h.service.stop();

    // Act
    const restarted = h.restart();
    await restarted.start();

    // Assess
    expect(restarted.describeStateMachine({ stateMachineArn: arn })).toMatchObject({ name: 'kept', definition: JSON.stringify(machine()) });
    expect(restarted.describeExecution({ executionArn }).status).toBe('SUCCEEDED');
    expect(history(restarted, executionArn as string)).toEqual(original);
    expect(restarted.listExecutions({ stateMachineArn: arn }).executions?.map((item) => item.name)).toEqual(['kept-1']);
  });
});

/**
 * The executor: drives an execution state by state (see definition.ts). For each state it writes
 * the history, runs the state in aws-local-stepfunctions (Task states call back into the task
 * attempts), and moves on to the state the library chose; it ends executions (success, failure,
 * the state machine's TimeoutSeconds, a stop) and resumes the executions a previous process left
 * RUNNING, at the state they were in, with their task in flight and their deadlines.
 */
import type { DescribeExecutionOutput, ExecutionStatus } from '@aws-sdk/client-sfn';
import type { StepFunctionsStore, TaskInFlight } from './store';
import { CompiledDefinition, EXECUTION_CONTEXT_KEY, stubTarget, type AslDefinition } from './definition';
import { stateEventType, type ExecutionHistory } from './history';
import { ExecutionError, loadTimeoutErrorClass, MAX_TIMER_SECONDS, type LibraryContext, type LibraryRunOptions } from './library';
import { TaskAttempts, type AttemptHost } from './task-attempts';
import { mintTaskToken } from './task-token';
import { deadlineTimer } from './timers';
import { positiveSeconds, type Callback, type EndDetails, type ExecutionEntry, type Run, type StateOutcome, type StateVisit } from './types';

export interface ExecutorHost extends AttemptHost {
  readonly store: StepFunctionsStore;
  history(entry: ExecutionEntry): ExecutionHistory;
  emitStatus(entry: ExecutionEntry): void;
  describe(entry: ExecutionEntry): DescribeExecutionOutput;
}

interface LaunchOptions {
  /** Re-enter the state with a StateEntered event (not for a redrive or a resumption, which stay in it). */
  enter: boolean;
  /** A resumption after a restart: the execution's deadline and task in flight are the ones persisted. */
  resumedTask?: TaskInFlight;
  resumedCallback?: Callback;
  /** What is left of a resumed Wait state's Seconds, in milliseconds. */
  waitLeftMs?: number;
  resumed?: boolean;
}

export class Executor {
  readonly attempts: TaskAttempts;
  private readonly compiled = new Map<string, CompiledDefinition>();

  constructor(private readonly host: ExecutorHost) {
    this.attempts = new TaskAttempts(host);
  }

  /** Starts driving an execution at `stateName` with `input`, on the next turn. */
  launch(entry: ExecutionEntry, stateName: string, input: unknown, options: LaunchOptions): void {
    const record = entry.record;
    const run: Run = {
      entry,
      compiled: this.compile(entry.text, entry.definition),
      ended: false,
      handlers: {},
      attempts: new Set(),
      resumedTask: options.resumedTask,
      resumedCallback: options.resumedCallback,
      waitLeftMs: options.waitLeftMs,
      executionContext: {
        Id: record.executionArn,
        Input: JSON.parse(record.input),
        Name: record.name,
        RoleArn: record.roleArn,
        StartTime: record.startDate,
        RedriveCount: record.redriveCount,
        ...(record.redriveDate ? { RedriveTime: record.redriveDate } : {}),
      },
      stateMachineContext: { Id: record.stateMachineArn, Name: record.stateMachineName },
    };
    for (const taskName of run.compiled.tasks.keys()) run.handlers[taskName] = (taskInput) => this.attempts.start(run, taskName, taskInput);
    entry.run = run;
    const timeoutSeconds = positiveSeconds(entry.definition.TimeoutSeconds);
    if (!options.resumed) {
      // A start or a redrive starts the execution's timeout, as on AWS; a resumption keeps it.
      if (timeoutSeconds) record.timeoutAt = this.host.clock.now() + timeoutSeconds * 1000;
      else delete record.timeoutAt;
      this.host.save(run);
    }
    if (record.timeoutAt !== undefined) {
      const timedOut = () =>
        this.finish(run, 'TIMED_OUT', { error: 'States.Timeout', cause: `The execution ran longer than its TimeoutSeconds (${timeoutSeconds} s).` });
      if (record.timeoutAt <= this.host.clock.now()) {
        timedOut();
        return;
      }
      run.cancelTimeout = deadlineTimer(this.host.clock, record.timeoutAt, timedOut);
    }
    // Started on the next turn: StartExecution and RedriveExecution answer before the first state runs.
    run.done = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => loadTimeoutErrorClass())
      .then(() => this.drive(run, stateName, input, options.enter, options.resumedTask?.token))
      .catch((error: unknown) => this.finish(run, 'FAILED', { error: 'States.Runtime', cause: `Local executor error: ${String(error)}` }));
  }

  /**
   * Takes up an execution a previous process left RUNNING: at the state it last entered, with its
   * input; a submitted callback waits again on its token (put in the pool now, so an answer that
   * comes before the state runs again is kept); any other task runs again (at least once, as a
   * Lambda retry). Only an execution that cannot continue fails, saying why.
   */
  resume(entry: ExecutionEntry, unreadable?: string): void {
    const record = entry.record;
    const position = this.host.history(entry).lastEnteredState();
    const stateName = position?.name ?? entry.definition.StartAt;
    let input: unknown;
    try {
      if (unreadable !== undefined) throw new Error(unreadable);
      if (!(stateName in entry.definition.States)) throw new Error(`state "${stateName}" is not in the definition it runs`);
      input = JSON.parse(position?.input ?? record.input);
    } catch (error) {
      this.close(entry, 'FAILED', {
        error: 'Local.ResumeFailed',
        cause:
          `The local cloud restarted while this execution was in state "${stateName}", and it cannot continue: ${(error as Error).message}. ` +
          'Fix that, then redrive the execution to resume at that state.',
      });
      return;
    }
    const task = record.task?.state === stateName ? record.task : undefined;
    let resumedCallback: Callback | undefined;
    if (task?.submitted && task.token) {
      resumedCallback = { token: task.token, executionArn: record.executionArn, submitted: true };
      this.host.pool.add(resumedCallback);
    }
    // A Wait of fixed Seconds waits what is left of it (Timestamp waits are absolute already).
    const state = entry.definition.States[stateName];
    const waitSeconds = state.Type === 'Wait' ? positiveSeconds(state.Seconds) : undefined;
    const waitLeftMs =
      waitSeconds !== undefined && position?.enteredAt
        ? Math.max(0, position.enteredAt.getTime() + waitSeconds * 1000 - this.host.clock.now())
        : undefined;
    this.launch(entry, stateName, input, { enter: position === undefined, resumedTask: task, resumedCallback, waitLeftMs, resumed: true });
  }

  /** Ends a run with a final status, once. */
  finish(run: Run, status: ExecutionStatus, details: EndDetails): void {
    if (run.ended || this.host.stopped()) return;
    run.ended = true;
    this.release(run);
    this.close(run.entry, status, details);
  }

  /** Stops everything a run has in flight: timers, the library run, task attempts and their tokens. */
  release(run: Run): void {
    run.cancelTimeout?.();
    run.abortState?.();
    this.attempts.endAll(run);
  }

  private close(entry: ExecutionEntry, status: ExecutionStatus, details: EndDetails): void {
    const record = entry.record;
    const now = new Date(this.host.clock.now());
    record.status = status;
    record.stopDate = now.toISOString();
    delete record.task;
    delete record.timeoutAt;
    if (status === 'SUCCEEDED') record.output = JSON.stringify(details.output ?? null);
    if (details.error !== undefined) record.error = details.error;
    if (details.cause !== undefined) record.cause = details.cause;
    const ending = {
      ...(details.error !== undefined ? { error: details.error } : {}),
      ...(details.cause !== undefined ? { cause: details.cause } : {}),
    };
    const history = this.host.history(entry);
    switch (status) {
      case 'SUCCEEDED':
        history.add('ExecutionSucceeded', now, { executionSucceededEventDetails: { output: record.output, outputDetails: { truncated: false } } });
        break;
      case 'FAILED':
        history.add('ExecutionFailed', now, { executionFailedEventDetails: ending });
        break;
      case 'TIMED_OUT':
        history.add('ExecutionTimedOut', now, { executionTimedOutEventDetails: ending });
        break;
      default:
        history.add('ExecutionAborted', now, { executionAbortedEventDetails: ending });
    }
    this.host.store.saveExecution(record);
    entry.run = undefined;
    // Read back from disk when asked: finished executions do not hold their history in memory.
    entry.history = undefined;
    this.host.store.closeHistory(record);
    this.host.emitStatus(entry);
    const description = this.host.describe(entry);
    for (const waiter of entry.waiters.splice(0)) waiter.resolve(description);
  }

  private async drive(run: Run, firstState: string, firstInput: unknown, enterFirst: boolean, firstToken?: string): Promise<void> {
    let stateName = firstState;
    let input = firstInput;
    let enter = enterFirst;
    let token = firstToken;
    try {
      while (!run.ended) {
        const compiled = run.compiled.state(stateName);
        let enteredTime = new Date(this.host.clock.now());
        if (enter) {
          const event = this.host.record(run, stateEventType(compiled.type, 'Entered'), {
            stateEnteredEventDetails: { name: stateName, input: JSON.stringify(input), inputDetails: { truncated: false } },
          });
          if (event?.timestamp) enteredTime = event.timestamp;
        }
        enter = true;
        // A resumed task keeps its token: `$$.Task.Token` gives the one its submitter already used.
        run.visit = { name: stateName, type: compiled.type, enteredTime: enteredTime.toISOString(), attempts: 0, token };
        token = undefined;
        run.topAttempt = undefined;
        const outcome = await this.runState(run, stateName, input);
        if (outcome.kind === 'ended' || run.ended) return;
        if (outcome.kind === 'failed') {
          this.finish(run, 'FAILED', { error: outcome.error, cause: outcome.cause });
          return;
        }
        this.host.record(run, stateEventType(compiled.type, 'Exited'), {
          stateExitedEventDetails: { name: stateName, output: JSON.stringify(outcome.output), outputDetails: { truncated: false } },
        });
        if (outcome.kind === 'end') {
          this.finish(run, 'SUCCEEDED', { output: outcome.output });
          return;
        }
        stateName = outcome.next;
        input = outcome.output;
      }
    } catch (error) {
      // A fault of the executor itself: fail the execution visibly rather than leave it RUNNING.
      this.finish(run, 'FAILED', {
        error: 'States.Runtime',
        cause: `Local executor error in state "${stateName}": ${(error as Error).stack ?? String(error)}`,
      });
    }
  }

  /** Runs one state in the library; the stub it enters names the next state. */
  private async runState(run: Run, stateName: string, input: unknown): Promise<StateOutcome> {
    const compiled = run.compiled.state(stateName);
    for (;;) {
      const visit = run.visit as StateVisit;
      const waitLeftMs = run.waitLeftMs;
      run.waitLeftMs = undefined;
      const options: LibraryRunOptions = {
        // The library's handler type is its JSON type; ours return plain JSON values too.
        overrides: {
          taskResourceLocalHandlers: run.handlers as NonNullable<NonNullable<LibraryRunOptions['overrides']>['taskResourceLocalHandlers']>,
          ...(waitLeftMs !== undefined ? { waitTimeOverrides: { [stateName]: waitLeftMs } } : {}),
        },
        context: this.contextFor(run, visit),
        noThrowOnAbort: true,
      };
      const execution = compiled.machine.run(input as never, options);
      run.abortState = execution.abort;
      let result: unknown;
      let failure: unknown;
      try {
        result = await execution.result;
      } catch (error) {
        failure = error;
      }
      run.abortState = undefined;
      if (run.ended) return { kind: 'ended' };
      // The library's own Task timer gave up on an attempt that is still running: run the state
      // again; its handler reattaches to that attempt.
      if (run.topAttempt && !run.topAttempt.settled) continue;
      if (failure !== undefined) return this.failure(failure, compiled.type, compiled.definition);
      let next: string | undefined;
      for await (const event of execution.eventLogs) {
        if (event.type === 'StateEntered') next = stubTarget(event.state.name) ?? next;
      }
      return next === undefined ? { kind: 'end', output: result } : { kind: 'next', next, output: result };
    }
  }

  private failure(failure: unknown, type: string, definition: Record<string, unknown>): StateOutcome {
    const error = failure instanceof ExecutionError && failure.cause instanceof Error ? failure.cause : failure;
    if (!(error instanceof Error)) return { kind: 'failed', error: 'States.Runtime', cause: String(error) };
    if (type === 'Fail') {
      // The library fills in its own defaults for a Fail state without Error or Cause; AWS leaves them empty.
      return {
        kind: 'failed',
        error: 'Error' in definition || 'ErrorPath' in definition ? error.name : undefined,
        cause: 'Cause' in definition || 'CausePath' in definition ? error.message : undefined,
      };
    }
    return { kind: 'failed', error: error.name || undefined, cause: error.message || undefined };
  }

  private contextFor(run: Run, visit: StateVisit): LibraryContext {
    const arn = run.entry.record.executionArn;
    return {
      [EXECUTION_CONTEXT_KEY]: run.executionContext,
      Execution: run.executionContext,
      StateMachine: run.stateMachineContext,
      State: {
        Name: visit.name,
        EnteredTime: visit.enteredTime,
        get RetryCount() {
          return visit.attempts;
        },
      },
      Task: {
        get Token() {
          visit.token ??= mintTaskToken(arn);
          return visit.token;
        },
      },
    };
  }

  private compile(text: string, definition: AslDefinition): CompiledDefinition {
    let compiled = this.compiled.get(text);
    if (!compiled) {
      compiled = new CompiledDefinition(definition, this.host.options.taskTimerSeconds ?? MAX_TIMER_SECONDS);
      this.compiled.set(text, compiled);
    }
    return compiled;
  }
}

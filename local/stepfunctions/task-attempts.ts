/**
 * Task attempts: one run of a Task state's integration, with its history events, its TimeoutSeconds
 * and HeartbeatSeconds timers on the injected clock, and, for `.waitForTaskToken`, its callback in
 * the pool. The attempt of a top-level state is persisted in the execution record (state, token,
 * whether the invoke returned, absolute deadlines), so the next start resumes it: a submitted
 * callback waits again on the same token and deadlines; any other attempt runs again.
 */
import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';
import type { Clock } from './clock';
import type { CallbackPool } from './callback-pool';
import type { EventContent } from './history';
import { callDynamoDb, invokeFunctionArn, invokeLambda, parseTaskResource, type TaskOutcome, type TaskResource } from './integrations';
import { ExecutionEnded, taskError, timeoutError } from './library';
import { mintTaskToken } from './task-token';
import { deadlineTimer } from './timers';
import { positiveSeconds, type Attempt, type Callback, type Run, type StateVisit, type StepFunctionsOptions } from './types';

export interface AttemptHost {
  readonly options: StepFunctionsOptions;
  readonly clock: Clock;
  readonly pool: CallbackPool;
  stopped(): boolean;
  record(run: Run, type: HistoryEventType, content?: EventContent): HistoryEvent | undefined;
  /** Writes the execution record (its task in flight) atomically; nothing once the service stopped. */
  save(run: Run): void;
}

type TimeoutName = 'States.Timeout' | 'States.HeartbeatTimeout';

export class TaskAttempts {
  constructor(private readonly host: AttemptHost) {}

  /** The library's handler for a Task state: one attempt of the task, with its history events. */
  start(run: Run, stateName: string, input: unknown): Promise<unknown> {
    if (run.ended || this.host.stopped()) return Promise.reject(new ExecutionEnded());
    const visit = run.visit as StateVisit;
    const isTop = stateName === visit.name;
    if (isTop && run.topAttempt && !run.topAttempt.settled) return run.topAttempt.promise;
    const state = run.compiled.tasks.get(stateName);
    const resource = parseTaskResource(state?.Resource);
    if (!state || !resource) return Promise.reject(taskError('States.Runtime', `The local executor has no integration for state "${stateName}"`));
    const callbackTask = resource.kind === 'lambda:invoke' && resource.callback;
    const resumed = isTop ? run.resumedTask : undefined;
    const resumedCallback = isTop ? run.resumedCallback : undefined;
    if (isTop) {
      run.resumedTask = undefined;
      run.resumedCallback = undefined;
    }
    // Only a callback task needs a token, unless its Parameters already took one from $$.Task.Token.
    const token = (isTop ? visit.token : undefined) ?? (callbackTask ? mintTaskToken(run.entry.record.executionArn) : '');
    if (isTop) {
      visit.token = undefined;
      visit.attempts += 1;
    }
    const attempt = this.newAttempt(run, stateName, resource);
    run.attempts.add(attempt);
    if (isTop) run.topAttempt = attempt;
    const timeoutSeconds = positiveSeconds(state.TimeoutSeconds);
    const heartbeatSeconds = callbackTask ? positiveSeconds(state.HeartbeatSeconds) : undefined;
    const now = this.host.clock.now();
    // A resumed attempt keeps the deadlines it had: a restart does not extend them.
    const timeoutAt = resumed?.timeoutAt ?? (timeoutSeconds ? now + timeoutSeconds * 1000 : undefined);
    const heartbeatAt = heartbeatSeconds ? (resumed?.heartbeatAt ?? now + heartbeatSeconds * 1000) : undefined;
    const waiting = callbackTask && resumed?.submitted === true;
    if (!waiting) this.recordStarted(run, resource, input, timeoutSeconds, heartbeatSeconds);
    if (isTop) {
      attempt.inFlight = { state: stateName, ...(token ? { token } : {}), submitted: waiting, timeoutAt, heartbeatAt };
      run.entry.record.task = attempt.inFlight;
      this.host.save(run);
    }
    if (timeoutAt !== undefined) {
      const cause = `State "${stateName}" ran longer than its TimeoutSeconds (${timeoutSeconds} s).`;
      attempt.cancelTimers.push(deadlineTimer(this.host.clock, timeoutAt, () => this.timeOut(attempt, 'States.Timeout', cause)));
    }
    if (callbackTask) {
      // A resumed callback was put in the pool at start, so an answer that came since is kept.
      const callback: Callback = (waiting ? resumedCallback : undefined) ?? { token, executionArn: run.entry.record.executionArn, submitted: false };
      callback.attempt = attempt;
      callback.heartbeatSeconds = heartbeatSeconds;
      callback.submitted = waiting;
      attempt.callback = callback;
      // An answered token is spent: it stays out of the pool.
      if (!callback.early) this.host.pool.add(callback);
      this.armHeartbeat(callback, heartbeatAt);
      if (waiting) {
        if (callback.early) this.taskEnded(attempt, callback.early);
        return attempt.promise;
      }
    }
    this.perform(attempt, resource, input).catch((error: unknown) =>
      this.taskEnded(attempt, { ok: false, error: 'States.Runtime', cause: `Local executor error: ${String(error)}` }),
    );
    return attempt.promise;
  }

  /** SendTaskSuccess / SendTaskFailure: the token is spent at once, so a repeated answer finds the task closed, as on AWS. */
  answer(callback: Callback, outcome: TaskOutcome): void {
    this.host.pool.delete(callback.token);
    callback.cancelHeartbeat?.();
    if (callback.submitted && callback.attempt) this.taskEnded(callback.attempt, outcome);
    else callback.early = outcome;
  }

  /** SendTaskHeartbeat: the heartbeat window starts again. */
  heartbeat(callback: Callback): void {
    if (callback.attempt) this.armHeartbeat(callback);
  }

  /** Stops every attempt of a run: timers, tokens; the library sees an error it neither retries nor catches. */
  endAll(run: Run): void {
    for (const attempt of [...run.attempts]) this.settle(attempt, () => attempt.reject(new ExecutionEnded()));
  }

  private recordStarted(run: Run, resource: TaskResource, input: unknown, timeoutSeconds?: number, heartbeatSeconds?: number): void {
    if (resource.kind === 'lambda:function') {
      this.host.record(run, 'LambdaFunctionScheduled', {
        lambdaFunctionScheduledEventDetails: {
          resource: resource.functionArn,
          input: JSON.stringify(input),
          inputDetails: { truncated: false },
          ...(timeoutSeconds ? { timeoutInSeconds: timeoutSeconds } : {}),
        },
      });
      this.host.record(run, 'LambdaFunctionStarted');
      return;
    }
    this.host.record(run, 'TaskScheduled', {
      taskScheduledEventDetails: {
        resourceType: resource.resourceType,
        resource: resource.resource,
        region: this.host.options.region,
        parameters: JSON.stringify(input),
        ...(timeoutSeconds ? { timeoutInSeconds: timeoutSeconds } : {}),
        ...(heartbeatSeconds ? { heartbeatInSeconds: heartbeatSeconds } : {}),
      },
    });
    this.host.record(run, 'TaskStarted', { taskStartedEventDetails: { resourceType: resource.resourceType, resource: resource.resource } });
  }

  private newAttempt(run: Run, stateName: string, resource: TaskResource): Attempt {
    let resolve!: (value: unknown) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<unknown>((onResolve, onReject) => {
      resolve = onResolve;
      reject = onReject;
    });
    // The library may have stopped waiting (its own timer, an abort); a late rejection is not unhandled.
    promise.catch(() => undefined);
    return { run, stateName, resource, settled: false, promise, resolve, reject, cancelTimers: [] };
  }

  private async perform(attempt: Attempt, resource: TaskResource, input: unknown): Promise<void> {
    const { invokeFunction, dynamodb } = this.host.options;
    switch (resource.kind) {
      case 'lambda:function':
        this.taskEnded(attempt, await invokeFunctionArn(invokeFunction, resource.functionArn, input));
        return;
      case 'dynamodb':
        this.taskEnded(attempt, await callDynamoDb(dynamodb, resource.action, input));
        return;
      case 'lambda:invoke': {
        const outcome = await invokeLambda(invokeFunction, input, new Date(this.host.clock.now()));
        const callback = attempt.callback;
        if (!callback || !outcome.ok) {
          this.taskEnded(attempt, outcome);
          return;
        }
        if (attempt.settled) return;
        this.host.record(attempt.run, 'TaskSubmitted', {
          taskSubmittedEventDetails: {
            resourceType: resource.resourceType,
            resource: resource.resource,
            output: JSON.stringify(outcome.output),
            outputDetails: { truncated: false },
          },
        });
        callback.submitted = true;
        if (attempt.inFlight) {
          attempt.inFlight.submitted = true;
          this.host.save(attempt.run);
        }
        if (callback.early) this.taskEnded(attempt, callback.early);
        return;
      }
    }
  }

  /** Records how an attempt ended and hands the result or error to the library. */
  private taskEnded(attempt: Attempt, outcome: TaskOutcome): void {
    if (attempt.settled) return;
    const { run, resource } = attempt;
    if (resource.kind === 'lambda:function') {
      if (outcome.ok) {
        this.host.record(run, 'LambdaFunctionSucceeded', {
          lambdaFunctionSucceededEventDetails: { output: JSON.stringify(outcome.output), outputDetails: { truncated: false } },
        });
      } else {
        this.host.record(run, 'LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error: outcome.error, cause: outcome.cause } });
      }
    } else if (outcome.ok) {
      this.host.record(run, 'TaskSucceeded', {
        taskSucceededEventDetails: {
          resourceType: resource.resourceType,
          resource: resource.resource,
          output: JSON.stringify(outcome.output),
          outputDetails: { truncated: false },
        },
      });
    } else {
      this.host.record(run, 'TaskFailed', {
        taskFailedEventDetails: {
          resourceType: resource.resourceType,
          resource: resource.resource,
          ...(outcome.error ? { error: outcome.error } : {}),
          ...(outcome.cause ? { cause: outcome.cause } : {}),
        },
      });
    }
    if (outcome.ok) this.settle(attempt, () => attempt.resolve(outcome.output));
    else this.settle(attempt, () => attempt.reject(taskError(outcome.error, outcome.cause)));
  }

  private timeOut(attempt: Attempt, error: TimeoutName, cause: string): void {
    const { run, resource } = attempt;
    if (attempt.settled || run.ended) return;
    if (resource.kind === 'lambda:function') {
      this.host.record(run, 'LambdaFunctionTimedOut', { lambdaFunctionTimedOutEventDetails: { error, cause } });
    } else {
      this.host.record(run, 'TaskTimedOut', {
        taskTimedOutEventDetails: { resourceType: resource.resourceType, resource: resource.resource, error, cause },
      });
    }
    this.settle(attempt, () => attempt.reject(timeoutError(error, cause)));
  }

  /** Closes an attempt once: its timers stop, its token no longer answers, and it is no longer in flight. */
  private settle(attempt: Attempt, deliver: () => void): void {
    if (attempt.settled) return;
    attempt.settled = true;
    for (const cancel of attempt.cancelTimers) cancel();
    const { run, callback } = attempt;
    run.attempts.delete(attempt);
    if (callback) {
      callback.cancelHeartbeat?.();
      this.host.pool.delete(callback.token);
    }
    // A stop leaves the attempt in flight on disk, for the next start to resume.
    if (attempt.inFlight && run.entry.record.task === attempt.inFlight && !this.host.stopped()) {
      delete run.entry.record.task;
      if (!run.ended) this.host.save(run);
    }
    deliver();
  }

  private armHeartbeat(callback: Callback, at?: number): void {
    const seconds = callback.heartbeatSeconds;
    const attempt = callback.attempt;
    if (!seconds || !attempt) return;
    callback.cancelHeartbeat?.();
    const deadline = at ?? this.host.clock.now() + seconds * 1000;
    const cause = `State "${attempt.stateName}" received no SendTaskHeartbeat within its HeartbeatSeconds (${seconds} s).`;
    callback.cancelHeartbeat = deadlineTimer(this.host.clock, deadline, () => this.timeOut(attempt, 'States.HeartbeatTimeout', cause));
    if (attempt.inFlight && attempt.inFlight.heartbeatAt !== deadline) {
      attempt.inFlight.heartbeatAt = deadline;
      this.host.save(attempt.run);
    }
  }
}

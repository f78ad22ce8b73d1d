/**
 * The one place that loads aws-local-stepfunctions. It needs Promise.withResolvers (Node 22), so the
 * core-js polyfill is loaded first on Node 20.
 */
import 'core-js/actual/promise/with-resolvers';
import { ExecutionError, StateMachine, type RunOptions, type StateMachineDefinition } from 'aws-local-stepfunctions';

export { ExecutionError, StateMachine };
export type LibraryDefinition = StateMachineDefinition;
export type LibraryRunOptions = RunOptions;
export type LibraryContext = NonNullable<RunOptions['context']>;

/** Node timers hold at most 2^31-1 ms: the longest timer the library can arm for a Task. */
export const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/**
 * The library's Retry/Catch exclude its own timeout error class from `States.TaskFailed`, as AWS
 * does. The class is not exported, so one instance is obtained from a 1 ms timeout at start-up
 * and our timeout errors are built from its constructor.
 */
let timeoutErrorClass: (new () => Error) | undefined;
let loading: Promise<void> | undefined;

export function loadTimeoutErrorClass(): Promise<void> {
  loading ??= probeTimeoutErrorClass();
  return loading;
}

async function probeTimeoutErrorClass(): Promise<void> {
  const probe = new StateMachine(
    { StartAt: 'Probe', States: { Probe: { Type: 'Task', Resource: 'probe', TimeoutSeconds: 0.001, End: true } } },
    { validationOptions: { noValidate: true } },
  );
  const execution = probe.run(null, {
    overrides: { taskResourceLocalHandlers: { Probe: () => new Promise(() => undefined) } },
  });
  try {
    await execution.result;
  } catch (error) {
    const cause = error instanceof ExecutionError ? error.cause : undefined;
    if (cause instanceof Error && cause.name === 'States.Timeout') {
      timeoutErrorClass = cause.constructor as new () => Error;
      return;
    }
  }
  throw new Error('aws-local-stepfunctions: could not obtain its States.Timeout error class; check the pinned version (3.0.0)');
}

/** A `States.Timeout` or `States.HeartbeatTimeout` the library retries and catches as AWS does. */
export function timeoutError(name: 'States.Timeout' | 'States.HeartbeatTimeout', cause: string): Error {
  if (!timeoutErrorClass) throw new Error('loadTimeoutErrorClass() must run before executions start');
  const error = new timeoutErrorClass();
  error.name = name;
  error.message = cause;
  return error;
}

/** An error Retry and Catch never match: the execution was stopped, timed out or the executor stopped. */
export class ExecutionEnded extends Error {
  // Read by the library's StateExecutor (`error.isRetryable ?? true`).
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor() {
    super('The execution is no longer running');
    this.name = 'States.Runtime';
  }
}

/** A task error with AWS's error name and cause; the library's Catch output is `{ Error: name, Cause: message }`. */
export function taskError(name: string, cause: string): Error {
  const error = new Error(cause);
  error.name = name;
  return error;
}

/** Validates a definition with the library's validator (asl-validator); throws with its messages. */
export function validateDefinition(definition: LibraryDefinition): void {
  new StateMachine(definition, { validationOptions: { checkArn: false, checkPaths: true } });
}

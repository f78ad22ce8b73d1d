/** Errors of the job events function. */

/**
 * Transient: a terminal job event arrived before the submit step stored the job's task token.
 * Thrown so EventBridge's asynchronous invocation retries the event.
 */
export class TaskTokenNotFound extends Error {
  readonly name = 'TaskTokenNotFound';
}

/**
 * Transient: another invocation holds a live claim on the token (it is completing it, or died doing
 * so). Thrown so the event is retried: by then the token is completed, or the dead claim expired.
 */
export class TaskTokenBusy extends Error {
  readonly name = 'TaskTokenBusy';
}

/** The callback answers that mean the token can never be completed: late or repeated events. */
const GONE_TOKEN_ERRORS = ['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'];

export function isGoneTokenError(error: unknown): error is Error {
  return error instanceof Error && GONE_TOKEN_ERRORS.includes(error.name);
}

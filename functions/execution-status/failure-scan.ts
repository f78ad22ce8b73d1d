/**
 * Where and why an execution failed, from its history read newest first: the newest failure event
 * (`*Failed`, `*TimedOut`, `ExecutionAborted`) that carries an error or cause, and the newest
 * `*StateEntered` (the state it failed in).
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { errorDetails, isFailure } from '../shared/history-failure';

export interface FailureScan {
  /** The state the execution was in. */
  state?: string;
  error?: string;
  cause?: string;
  /** The newest failure event's type. */
  failureType?: string;
}

/** True once the scan has both the state and the error: older events cannot change it. */
export function scanComplete(scan: FailureScan): boolean {
  return scan.state !== undefined && (scan.error !== undefined || scan.cause !== undefined);
}

/** `events` newest first, as GetExecutionHistory returns them with `reverseOrder`. */
export function scanFailure(events: HistoryEvent[]): FailureScan {
  const scan: FailureScan = {};
  let hasDetails = false;
  let earlierRun = false;
  for (const event of events) {
    const type = event.type ?? '';
    if (type === 'ExecutionStarted') break;
    if (type === 'ExecutionRedriven') {
      // Older failures belong to an earlier run; its last state is still where a redriven run resumed.
      earlierRun = true;
      continue;
    }
    if (isFailure(type) && !earlierRun) {
      scan.failureType ??= type;
      const details = hasDetails ? undefined : errorDetails(event);
      if (details) {
        hasDetails = true;
        if (details.error !== undefined) scan.error = details.error;
        if (details.cause !== undefined) scan.cause = details.cause;
      }
    }
    if (scan.state === undefined && type.endsWith('StateEntered')) {
      const name = event.stateEnteredEventDetails?.name;
      if (name) scan.state = name;
    }
    if (scanComplete(scan) || (earlierRun && scan.state !== undefined)) break;
  }
  return scan;
}

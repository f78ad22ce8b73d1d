/**
 * The asset's error record for an execution that ended unsuccessfully: the state it failed in and
 * the error and cause, from the status event first, then from the history. The record's cause is
 * for people: a Lambda error's message, never its stack trace.
 */
import type { AssetError } from '../shared/asset';
import { readableCause } from '../shared/lambda-error';
import type { ExecutionStatusDetail } from './execution-event';
import type { FailureScan } from './failure-scan';

export type UnsuccessfulStatus = 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export function isUnsuccessful(status: string): status is UnsuccessfulStatus {
  return status === 'FAILED' || status === 'TIMED_OUT' || status === 'ABORTED';
}

const text = (value: string | null | undefined): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The cause as Step Functions reported it (a Lambda error's JSON with its trace, for the log). */
export function reportedCause(detail: Pick<ExecutionStatusDetail, 'cause'>, scan: FailureScan): string | undefined {
  return text(detail.cause) ?? scan.cause;
}

export function failureRecord(status: UnsuccessfulStatus, detail: Pick<ExecutionStatusDetail, 'error' | 'cause'>, scan: FailureScan): AssetError {
  const state = scan.state ?? 'unknown';
  const error = text(detail.error) ?? scan.error;
  const reported = reportedCause(detail, scan);
  const cause = reported === undefined ? undefined : readableCause(reported, error);
  switch (status) {
    case 'TIMED_OUT':
      return { state, error: error ?? 'States.Timeout', cause: cause ?? `The execution timed out in state ${state}` };
    case 'ABORTED': {
      // StopExecution's own error and cause, if the operator gave any, become the cause.
      const given = [error, cause].filter((part) => part !== undefined).join(': ');
      return { state, error: 'ExecutionAborted', cause: given || `The execution was stopped in state ${state}` };
    }
    case 'FAILED':
      return { state, error: error ?? 'States.Failed', cause: cause ?? `The execution failed in state ${state} without a cause` };
  }
}

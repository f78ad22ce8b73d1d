/**
 * An execution's history as the Step Functions console shows it: one row per state entered, with its
 * type, status, duration, error and cause. Redrives appear as rows of their own.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { failureOf } from '../functions/shared/history-failure';

export interface StateRow {
  state: string;
  type: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CAUGHT' | 'TIMED_OUT' | 'ABORTED' | 'REDRIVEN';
  startedAt: Date;
  durationMs?: number;
  error?: string;
  cause?: string;
}

const ENTERED = /^(\w+?)StateEntered$/;

export function historyRows(events: HistoryEvent[]): StateRow[] {
  const rows: StateRow[] = [];
  let open: StateRow | undefined;
  let lastFailed: StateRow | undefined;
  // A redrive resumes the state that failed; its events may follow without a new StateEntered.
  let resuming: StateRow | undefined;
  const close = (at: Date | undefined, status: StateRow['status']) => {
    if (!open) return;
    open.status = status;
    if (status !== 'SUCCEEDED' && status !== 'CAUGHT') lastFailed = open;
    if (at) open.durationMs = at.getTime() - open.startedAt.getTime();
    open = undefined;
  };
  for (const event of events) {
    const type = event.type ?? '';
    const at = event.timestamp ? new Date(event.timestamp) : undefined;
    const entered = ENTERED.exec(type);
    if (entered && event.stateEnteredEventDetails?.name) {
      resuming = undefined;
      open = { state: event.stateEnteredEventDetails.name, type: entered[1], status: 'RUNNING', startedAt: at ?? new Date(0) };
      rows.push(open);
      continue;
    }
    if (type === 'ExecutionRedriven') {
      rows.push({ state: '(redrive)', type: 'Execution', status: 'REDRIVEN', startedAt: at ?? new Date(0) });
      resuming = lastFailed;
      continue;
    }
    if (resuming && !open) {
      open = { state: resuming.state, type: resuming.type, status: 'RUNNING', startedAt: at ?? new Date(0) };
      rows.push(open);
      resuming = undefined;
    }
    if (open && (type === 'TaskSucceeded' || type === 'LambdaFunctionSucceeded')) {
      // A retry succeeded: the earlier attempt's error is history, not the state's outcome.
      open.error = undefined;
      open.cause = undefined;
      continue;
    }
    if (type.endsWith('StateExited')) {
      if (open && open.status === 'RUNNING') close(at, open.error ? 'CAUGHT' : 'SUCCEEDED');
      else if (open) close(at, open.status);
      continue;
    }
    const failed = failureOf(event);
    if (failed && open) {
      open.error = failed.error;
      open.cause = failed.cause;
      if (type.startsWith('Execution')) {
        close(at, type === 'ExecutionTimedOut' ? 'TIMED_OUT' : type === 'ExecutionAborted' ? 'ABORTED' : 'FAILED');
      }
      continue;
    }
  }
  return rows;
}

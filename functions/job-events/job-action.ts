/**
 * What a job state change means for the waiting task: terminal states complete the task token
 * (success or failure), progress keeps it alive with a heartbeat, anything else is ignored.
 */
import type { JobRecord } from '../shared/asset';
import type { JobStateChangeDetail } from './job-state-change';
import { truncate } from '../shared/truncate';

/** `SendTaskFailure` limits: longer values are rejected by the API, so they are cut. */
export const SEND_TASK_FAILURE_LIMITS = { error: 256, cause: 32768 } as const;

export type JobAction = { kind: 'succeed' } | { kind: 'fail'; error: string; cause: string } | { kind: 'heartbeat' } | { kind: 'ignore' };

function failure(error: string, cause: string): JobAction {
  return {
    kind: 'fail',
    error: truncate(error, SEND_TASK_FAILURE_LIMITS.error),
    cause: truncate(cause, SEND_TASK_FAILURE_LIMITS.cause),
  };
}

export function jobAction(detail: Pick<JobStateChangeDetail, 'status' | 'jobId' | 'errorCode' | 'errorMessage'>): JobAction {
  switch (detail.status) {
    case 'COMPLETE':
      return { kind: 'succeed' };
    case 'ERROR': {
      const code = detail.errorCode === undefined || detail.errorCode === '' ? 'Error' : String(detail.errorCode);
      return failure(`MediaConvert.${code}`, detail.errorMessage || `MediaConvert job ${detail.jobId} failed with error code ${code} and no message`);
    }
    case 'CANCELED':
      return failure('MediaConvert.Canceled', `MediaConvert job ${detail.jobId} was canceled before it completed`);
    case 'PROGRESSING':
    case 'STATUS_UPDATE':
      return { kind: 'heartbeat' };
    default:
      return { kind: 'ignore' };
  }
}

/** The change to the job's entry in the asset record, if the event changes it. */
export function jobPatch(detail: Pick<JobStateChangeDetail, 'status' | 'errorCode' | 'errorMessage'>, at: string): Partial<JobRecord> | undefined {
  switch (detail.status) {
    case 'COMPLETE':
      return { status: 'COMPLETE', completedAt: at };
    case 'ERROR': {
      const patch: Partial<JobRecord> = { status: 'ERROR', completedAt: at };
      if (detail.errorCode !== undefined) patch.errorCode = String(detail.errorCode);
      if (detail.errorMessage) patch.errorMessage = truncate(detail.errorMessage, SEND_TASK_FAILURE_LIMITS.cause);
      return patch;
    }
    case 'CANCELED':
      return { status: 'CANCELED', completedAt: at };
    case 'PROGRESSING':
      return { status: 'PROGRESSING' };
    default:
      return undefined;
  }
}

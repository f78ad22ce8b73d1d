/**
 * Failure events of a Step Functions execution history (`*Failed`, `*TimedOut`, `ExecutionAborted`)
 * and the error and cause they carry: read by the execution-status function and by `vod executions show`.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';

/** Whether a history event type is a failure. */
export function isFailure(type: string): boolean {
  return type.endsWith('Failed') || type.endsWith('TimedOut') || type === 'ExecutionAborted';
}

/** The error and cause of a failure event, from whichever `*EventDetails` it carries. */
export function errorDetails(event: HistoryEvent): { error?: string; cause?: string } | undefined {
  for (const [field, value] of Object.entries(event)) {
    if (!field.endsWith('EventDetails') || typeof value !== 'object' || value === null) continue;
    const { error, cause } = value as { error?: unknown; cause?: unknown };
    const details: { error?: string; cause?: string } = {};
    if (typeof error === 'string' && error !== '') details.error = error;
    if (typeof cause === 'string' && cause !== '') details.cause = cause;
    if (details.error !== undefined || details.cause !== undefined) return details;
  }
  return undefined;
}

/** The error and cause of a failure event (empty when it carries none); undefined for other events. */
export function failureOf(event: HistoryEvent): { error?: string; cause?: string } | undefined {
  return isFailure(event.type ?? '') ? (errorDetails(event) ?? {}) : undefined;
}

/**
 * A GetExecutionHistory event as JSON: the SDK's HistoryEvent with its timestamp as an ISO string,
 * which is what a server hands a page. The local cloud writes the same shape as AWS.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';

export type HistoryEventJson = Omit<HistoryEvent, 'timestamp' | 'id' | 'type'> & { id: number; type: string; timestamp: string };

/** The common fields of every `*EventDetails` object (the ones a history table shows). */
export interface EventDetails {
  name?: string;
  input?: string;
  output?: string;
  parameters?: string;
  error?: string;
  cause?: string;
}

/** The event's one `...EventDetails` object, whichever type it is. */
export function eventDetails(event: HistoryEventJson): EventDetails | undefined {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && value && typeof value === 'object') return value as EventDetails;
  }
  return undefined;
}

/** Events in id order: AWS pages them either way (reverseOrder), and a page may hold them as fetched. */
export function inIdOrder(events: readonly HistoryEventJson[]): HistoryEventJson[] {
  return [...events].sort((a, b) => a.id - b.id);
}

/**
 * Execution history in AWS's event format: ids from 1, each event linked to the one before it by
 * previousEventId, except the first state entered after ExecutionStarted, which AWS links to 0.
 */
import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';

/** HistoryEvent without the fields the history assigns. */
export type EventContent = Omit<HistoryEvent, 'id' | 'previousEventId' | 'timestamp' | 'type'>;

export class ExecutionHistory {
  constructor(
    readonly events: HistoryEvent[],
    private readonly persist: (event: HistoryEvent) => void,
  ) {}

  get lastEvent(): HistoryEvent | undefined {
    return this.events[this.events.length - 1];
  }

  add(type: HistoryEventType, timestamp: Date, content: EventContent = {}): HistoryEvent {
    const last = this.lastEvent;
    const id = (last?.id ?? 0) + 1;
    const previousEventId = last === undefined || (last.type === 'ExecutionStarted' && type.endsWith('StateEntered')) ? 0 : last.id;
    const event: HistoryEvent = { timestamp, type, id, previousEventId, ...content };
    this.persist(event);
    this.events.push(event);
    return event;
  }

  /** The state the execution was in last (entered, maybe not exited), its input and when it was entered. */
  lastEnteredState(): { name: string; input: string; enteredAt?: Date } | undefined {
    for (let index = this.events.length - 1; index >= 0; index -= 1) {
      const { stateEnteredEventDetails: details, timestamp } = this.events[index];
      if (details?.name !== undefined) return { name: details.name, input: details.input ?? '{}', enteredAt: timestamp };
    }
    return undefined;
  }
}

/** `TaskStateEntered`, `ChoiceStateExited`, ...; Fail states only enter. */
export function stateEventType(stateType: string, phase: 'Entered' | 'Exited'): HistoryEventType {
  return `${stateType}State${phase}` as HistoryEventType;
}

/** The data fields of an event (input, output, parameters) are left out when includeExecutionData is false. */
export function withoutExecutionData(event: HistoryEvent): HistoryEvent {
  const copy: Record<string, unknown> = { ...event };
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && value && typeof value === 'object') {
      const { input: _input, output: _output, parameters: _parameters, ...rest } = value as Record<string, unknown>;
      copy[key] = rest;
    }
  }
  return copy as unknown as HistoryEvent;
}

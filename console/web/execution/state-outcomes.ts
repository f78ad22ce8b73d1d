/**
 * What happened to each state of an execution, from its GetExecutionHistory events: the original run
 * and each redrive (split at ExecutionRedriven events) as attempts, every state's outcome in each,
 * and the transitions taken. Also the rows of a history table. Pure: no DOM.
 *
 * A redrive does not rerun the states that succeeded before (AWS keeps their results), so an attempt
 * carries the earlier attempts' outcomes for the states it did not run, marked `carried`.
 */
import { END, START, type EdgeKind, type StateGraph } from './graph-model';
import { eventDetails, inIdOrder, type HistoryEventJson } from './history-event';

export type { HistoryEventJson } from './history-event';

export type Outcome = 'succeeded' | 'failed' | 'caught' | 'in-progress' | 'not-entered';

export type AttemptStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface StateOutcome {
  outcome: Outcome;
  /** True when an earlier attempt ran the state and this one did not. */
  carried: boolean;
  /** The last error of the state's task (caught, or the one that failed it), or of the execution for the failing state. */
  error?: string;
  cause?: string;
}

export interface TakenEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  carried: boolean;
}

export interface Attempt {
  /** 0 for the original run, n for the n-th redrive. */
  index: number;
  label: string;
  status: AttemptStatus;
  startDate: string;
  stopDate?: string;
  error?: string;
  cause?: string;
  /** Every state of the graph (not Start and End). */
  states: Record<string, StateOutcome>;
  edges: TakenEdge[];
  /** The ids of the events of this attempt, first to last. */
  eventIds: number[];
}

/** Events that end one try of a state's task with an error (a Retry or a Catch may follow). */
const TASK_ERRORS = new Set([
  'TaskFailed',
  'TaskTimedOut',
  'TaskStartFailed',
  'TaskSubmitFailed',
  'LambdaFunctionFailed',
  'LambdaFunctionTimedOut',
  'LambdaFunctionScheduleFailed',
  'LambdaFunctionStartFailed',
  'ActivityFailed',
  'ActivityTimedOut',
  'ActivityScheduleFailed',
  'ParallelStateFailed',
  'MapStateFailed',
  'EvaluationFailed',
]);
/** How a Parallel or Map state ends, seen from outside. */
const CONTAINER_ENDS = new Set([
  'ParallelStateFailed',
  'ParallelStateSucceeded',
  'ParallelStateAborted',
  'MapStateFailed',
  'MapStateSucceeded',
  'MapStateAborted',
]);
const TASK_SUCCESSES = new Set(['TaskSucceeded', 'LambdaFunctionSucceeded', 'ActivitySucceeded', 'ParallelStateSucceeded', 'MapStateSucceeded']);
const EXECUTION_ENDS: Record<string, AttemptStatus> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionTimedOut: 'TIMED_OUT',
  ExecutionAborted: 'ABORTED',
};

export function attemptLabel(index: number): string {
  return index === 0 ? 'Original run' : `Redrive ${index}`;
}

/** The attempts of an execution, oldest first; there is always at least one. */
export function executionAttempts(events: readonly HistoryEventJson[], graph: StateGraph): Attempt[] {
  const stateNames = graph.nodes.filter((node) => node.id !== START && node.id !== END).map((node) => node.id);
  const types = new Map(graph.nodes.map((node) => [node.id, node.type]));
  // A Parallel or Map state is one node: the states of its branches and their tasks are its inside.
  const inside = (name: string | undefined) => name !== undefined && (types.get(name) === 'Parallel' || types.get(name) === 'Map');
  const ordered = inIdOrder(events);
  const attempts: Attempt[] = [];
  let attempt = newAttempt(0, ordered[0]?.timestamp ?? '', stateNames, undefined);
  attempts.push(attempt);
  // Across attempts: a redrive resumes the state that did not exit.
  let current: string | undefined;
  let lastExited: { name: string; caught: boolean } | undefined;
  let taskError: { error?: string; cause?: string } | undefined;

  const set = (name: string, outcome: StateOutcome) => {
    attempt.states[name] = outcome;
  };
  for (const event of ordered) {
    const details = eventDetails(event);
    if (event.type === 'ExecutionRedriven') {
      attempt = newAttempt(attempts.length, event.timestamp, stateNames, attempt);
      attempts.push(attempt);
      if (current !== undefined) set(current, { outcome: 'in-progress', carried: false });
      lastExited = undefined;
      taskError = undefined;
    }
    attempt.eventIds.push(event.id);
    const topLevel = details?.name !== undefined && types.has(details.name);
    if (inside(current) && !(topLevel && event.type.endsWith('StateExited')) && !(event.type in EXECUTION_ENDS) && !CONTAINER_ENDS.has(event.type)) {
      continue;
    }
    if (event.type.endsWith('StateEntered') && details?.name !== undefined && topLevel) {
      const name = details.name;
      if (lastExited) attempt.edges.push(takenEdge(graph, lastExited.name, name, lastExited.caught));
      else if (attempt.index === 0 && current === undefined) attempt.edges.push(takenEdge(graph, START, name, false));
      current = name;
      lastExited = undefined;
      taskError = undefined;
      set(name, { outcome: 'in-progress', carried: false });
    } else if (event.type.endsWith('StateExited') && details?.name !== undefined && topLevel) {
      const caught = taskError !== undefined;
      set(details.name, { outcome: caught ? 'caught' : 'succeeded', carried: false, ...taskError });
      lastExited = { name: details.name, caught };
      current = undefined;
      taskError = undefined;
    } else if (TASK_ERRORS.has(event.type)) {
      taskError = {
        ...(details?.error !== undefined ? { error: details.error } : {}),
        ...(details?.cause !== undefined ? { cause: details.cause } : {}),
      };
    } else if (TASK_SUCCESSES.has(event.type)) {
      taskError = undefined;
    } else if (event.type in EXECUTION_ENDS) {
      attempt.status = EXECUTION_ENDS[event.type];
      attempt.stopDate = event.timestamp;
      if (details?.error !== undefined) attempt.error = details.error;
      if (details?.cause !== undefined) attempt.cause = details.cause;
      if (attempt.status === 'SUCCEEDED') {
        if (lastExited) attempt.edges.push(takenEdge(graph, lastExited.name, END, false));
      } else if (current !== undefined) {
        set(current, {
          outcome: 'failed',
          carried: false,
          ...((details?.error ?? taskError?.error) !== undefined ? { error: details?.error ?? taskError?.error } : {}),
          ...((details?.cause ?? taskError?.cause) !== undefined ? { cause: details?.cause ?? taskError?.cause } : {}),
        });
      }
    }
  }
  return attempts;
}

function newAttempt(index: number, startDate: string, stateNames: string[], previous: Attempt | undefined): Attempt {
  const states: Record<string, StateOutcome> = {};
  for (const name of stateNames) {
    const before = previous?.states[name];
    // Only what a redrive keeps is carried: succeeded and caught states; the failed one runs again.
    states[name] =
      before && (before.outcome === 'succeeded' || before.outcome === 'caught')
        ? { ...before, carried: true }
        : { outcome: 'not-entered', carried: false };
  }
  const edges = (previous?.edges ?? []).map((edge) => ({ ...edge, carried: true }));
  return { index, label: attemptLabel(index), status: 'RUNNING', startDate, states, edges, eventIds: [] };
}

/**
 * The graph's edge for a transition: a catch when the state's error was caught, else another edge
 * between them. A Choice whose rule and Default lead to the same state is drawn taking the Default:
 * the history does not say which matched, and the Default is what runs when nothing asked otherwise.
 */
function takenEdge(graph: StateGraph, from: string, to: string, caught: boolean): TakenEdge {
  const between = graph.edges.filter((edge) => edge.from === from && edge.to === to);
  const uncaught = between.find((e) => e.kind === 'default') ?? between.find((e) => e.kind !== 'catch');
  const edge = caught ? (between.find((e) => e.kind === 'catch') ?? between[0]) : (uncaught ?? between[0]);
  return { from, to, kind: edge?.kind ?? (to === END ? 'end' : 'next'), carried: false };
}

export interface HistoryRow {
  id: number;
  type: string;
  /** The state the event belongs to; empty for execution events. */
  state: string;
  timestamp: string;
  /** Since the state's entry for a StateExited event, else since the event before; undefined for the first. */
  durationMs?: number;
  error?: string;
  cause?: string;
  input?: string;
  output?: string;
}

/** The rows of a history table, in id order. */
export function historyRows(events: readonly HistoryEventJson[]): HistoryRow[] {
  const rows: HistoryRow[] = [];
  const entered = new Map<string, number>();
  let current = '';
  let previousTime: number | undefined;
  for (const event of inIdOrder(events)) {
    const details = eventDetails(event);
    const time = Date.parse(event.timestamp);
    let state = current;
    let since = previousTime;
    if (event.type.endsWith('StateEntered') && details?.name !== undefined) {
      state = details.name;
      current = state;
      entered.set(state, time);
    } else if (event.type.endsWith('StateExited') && details?.name !== undefined) {
      state = details.name;
      since = entered.get(state) ?? since;
      current = '';
    } else if (event.type.startsWith('Execution')) {
      state = '';
    }
    const input = details?.input ?? details?.parameters;
    rows.push({
      id: event.id,
      type: event.type,
      state,
      timestamp: event.timestamp,
      ...(since !== undefined && Number.isFinite(time) ? { durationMs: Math.max(0, time - since) } : {}),
      ...(details?.error !== undefined ? { error: details.error } : {}),
      ...(details?.cause !== undefined ? { cause: details.cause } : {}),
      ...(input !== undefined ? { input } : {}),
      ...(details?.output !== undefined ? { output: details.output } : {}),
    });
    if (Number.isFinite(time)) previousTime = time;
  }
  return rows;
}

/**
 * One execution, as the Step Functions console shows it: a summary, the graph coloured by each
 * state's outcome in the selected attempt (the original run or a redrive; the latest by default),
 * and the history table. Called again with a newer view, it redraws and keeps the attempt chosen.
 *
 * Contract: each state is an SVG `<g data-state="<name>" data-outcome="<outcome>">`; the history is a
 * `<table>` with a `<th>` "Type"; the attempt buttons carry `data-attempt="<index>"`.
 */
import { layoutGraph, estimateText, type MeasureText } from './graph-layout';
import { graphFromDefinition, type StateGraph } from './graph-model';
import { drawGraph, legend } from './graph-svg';
import { formatDuration } from './formatting';
import { historyTable } from './history-table';
import { VIEW_STYLES } from './view-styles';
import { executionAttempts, historyRows, type Attempt, type HistoryEventJson } from './state-outcomes';

export type { HistoryEventJson } from './state-outcomes';

/** DescribeExecution's output as JSON (dates as ISO strings). */
export interface ExecutionSummary {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: string;
  stopDate?: string;
  redriveCount?: number;
  redriveDate?: string;
  error?: string;
  cause?: string;
  [field: string]: unknown;
}

export interface ExecutionView {
  execution: ExecutionSummary;
  /** The state machine's definition (DescribeExecution's or DescribeStateMachine's, as text). */
  definition: string;
  events: HistoryEventJson[];
}

interface RootState {
  /** The attempt the user chose; undefined follows the latest. */
  chosen?: number;
  view?: ExecutionView;
  /** The graph of the last definition drawn, kept while the definition is the same. */
  graph?: { definition: string; graph: StateGraph };
}

const states = new WeakMap<HTMLElement, RootState>();

export function renderExecution(root: HTMLElement, view: ExecutionView): void {
  const state = states.get(root) ?? {};
  states.set(root, state);
  state.view = view;
  if (state.graph?.definition !== view.definition) state.graph = { definition: view.definition, graph: graphFromDefinition(view.definition) };
  draw(root, state);
}

function draw(root: HTMLElement, state: RootState): void {
  const view = state.view as ExecutionView;
  const graph = (state.graph as { graph: StateGraph }).graph;
  const attempts = executionAttempts(view.events, graph);
  const latest = attempts.length - 1;
  const selected = state.chosen !== undefined && state.chosen <= latest ? state.chosen : latest;
  const attempt = attempts[selected];
  const open = new Set([...root.querySelectorAll<HTMLDetailsElement>('details[data-key]')].filter((d) => d.open).map((d) => d.dataset.key));
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.attempt;

  const container = document.createElement('div');
  container.className = 'sfx-execution';
  container.dataset.status = view.execution.status;
  container.dataset.attempt = String(selected);
  const style = document.createElement('style');
  style.textContent = VIEW_STYLES;
  container.append(
    style,
    summary(view),
    attemptControls(attempts, selected, (index) => choose(root, state, index)),
  );

  const figure = document.createElement('figure');
  figure.className = 'sfx-figure';
  const scroller = document.createElement('div');
  scroller.className = 'sfx-graph-scroll';
  scroller.append(
    drawGraph(layoutGraph(graph, measurer()), attempt, `${view.execution.name}: ${attempt.label}, ${attempt.status.toLowerCase().replace('_', ' ')}`),
  );
  const caption = document.createElement('figcaption');
  caption.append(legend());
  figure.append(scroller, caption);
  container.append(figure);

  const attemptOf = new Map<number, number>();
  for (const each of attempts) for (const id of each.eventIds) attemptOf.set(id, each.index);
  container.append(historyTable(historyRows(view.events), (id) => attemptOf.get(id) ?? 0, selected));
  for (const details of container.querySelectorAll<HTMLDetailsElement>('details[data-key]')) details.open = open.has(details.dataset.key);

  root.replaceChildren(container);
  if (focused !== undefined) root.querySelector<HTMLElement>(`button[data-attempt="${focused}"]`)?.focus();
}

function choose(root: HTMLElement, state: RootState, index: number): void {
  state.chosen = index;
  draw(root, state);
}

function summary(view: ExecutionView): HTMLElement {
  const { execution } = view;
  const section = document.createElement('section');
  section.className = 'sfx-summary';
  const heading = document.createElement('h2');
  heading.textContent = execution.name;
  const status = document.createElement('span');
  status.className = `sfx-status sfx-status-${execution.status.toLowerCase()}`;
  status.textContent = execution.status.replace('_', ' ');
  heading.append(' ', status);
  const list = document.createElement('dl');
  const stop = execution.stopDate ? Date.parse(execution.stopDate) : undefined;
  const fields: [string, string | undefined][] = [
    ['Execution ARN', execution.executionArn],
    ['Started', execution.startDate],
    ['Stopped', execution.stopDate],
    ['Duration', stop !== undefined ? formatDuration(stop - Date.parse(execution.startDate)) : undefined],
    ['Redrives', execution.redriveCount ? String(execution.redriveCount) : undefined],
    ['Last redrive', execution.redriveDate],
    ['Error', execution.error],
    ['Cause', execution.cause],
  ];
  for (const [name, value] of fields) {
    if (value === undefined || value === '') continue;
    const term = document.createElement('dt');
    term.textContent = name;
    const description = document.createElement('dd');
    description.textContent = value;
    if (name === 'Cause') description.className = 'sfx-cause';
    list.append(term, description);
  }
  section.append(heading, list);
  return section;
}

function attemptControls(attempts: Attempt[], selected: number, onChoose: (index: number) => void): HTMLElement {
  const group = document.createElement('div');
  group.className = 'sfx-attempts';
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', 'Attempt');
  const label = document.createElement('span');
  label.className = 'sfx-attempts-label';
  label.textContent = 'Attempt:';
  group.append(label);
  for (const attempt of attempts) {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.attempt = String(attempt.index);
    button.dataset.status = attempt.status;
    button.setAttribute('aria-pressed', String(attempt.index === selected));
    button.textContent = `${attempt.label} · ${attempt.status.toLowerCase().replace('_', ' ')}`;
    button.addEventListener('click', () => onChoose(attempt.index));
    group.append(button);
  }
  return group;
}

/** Measures text with a canvas in the page's font; estimates where there is no canvas. */
function measurer(): MeasureText {
  const context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!context) return estimateText;
  return (text, fontSize) => {
    context.font = `${fontSize}px ${FONT_FAMILY}`;
    return context.measureText(text).width;
  };
}

export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/**
 * The execution's events as a table (id, type, state, time, duration, error, cause), each event's
 * input and output in `<details>`; causes are shown whole, wrapped.
 */
import { formatDuration, formatTime, prettyJson } from './formatting';
import type { HistoryRow } from './state-outcomes';

const COLUMNS = ['ID', 'Type', 'State', 'Time (UTC)', 'Duration', 'Error', 'Cause', 'Input / output'];

export function historyTable(rows: readonly HistoryRow[], attemptOf: (eventId: number) => number, selectedAttempt: number): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'sfx-history';
  const caption = document.createElement('caption');
  caption.textContent = 'Execution history';
  const head = document.createElement('thead');
  const header = document.createElement('tr');
  for (const column of COLUMNS) {
    const cell = document.createElement('th');
    cell.scope = 'col';
    cell.textContent = column;
    header.append(cell);
  }
  head.append(header);
  const body = document.createElement('tbody');
  for (const row of rows) {
    const line = document.createElement('tr');
    const attempt = attemptOf(row.id);
    line.dataset.eventId = String(row.id);
    line.dataset.attempt = String(attempt);
    if (attempt !== selectedAttempt) line.classList.add('sfx-other-attempt');
    if (row.error !== undefined || row.type.endsWith('Failed') || row.type.endsWith('TimedOut')) line.classList.add('sfx-error-row');
    line.append(
      cell(String(row.id)),
      cell(row.type),
      cell(row.state),
      cell(formatTime(row.timestamp), row.timestamp),
      cell(row.durationMs === undefined ? '' : formatDuration(row.durationMs)),
      cell(row.error ?? ''),
      cell(row.cause ?? '', undefined, 'sfx-cause'),
      dataCell(row),
    );
    body.append(line);
  }
  table.append(caption, head, body);
  return table;
}

function cell(text: string, title?: string, className?: string): HTMLTableCellElement {
  const element = document.createElement('td');
  element.textContent = text;
  if (title) element.title = title;
  if (className) element.className = className;
  return element;
}

function dataCell(row: HistoryRow): HTMLTableCellElement {
  const element = document.createElement('td');
  for (const [name, value] of [
    ['Input', row.input],
    ['Output', row.output],
  ] as const) {
    if (value === undefined) continue;
    const details = document.createElement('details');
    // A stable key, so a refresh reopens what was open.
    details.dataset.key = `${row.id}-${name}`;
    const summary = document.createElement('summary');
    summary.textContent = name;
    const pre = document.createElement('pre');
    pre.textContent = prettyJson(value);
    details.append(summary, pre);
    element.append(details);
  }
  return element;
}

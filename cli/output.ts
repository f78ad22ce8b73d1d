/**
 * What commands print: JSON on stdout with --json (and nothing else there), tables for people,
 * progress on stderr.
 */

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export type Row = Record<string, string | number | undefined>;

/** Aligned columns; the widest cell sets each column's width. */
export function formatTable(rows: Row[], columns: string[]): string {
  const cell = (row: Row, column: string) => String(row[column] ?? '');
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => cell(row, column).length)));
  const line = (values: string[]) =>
    values
      .map((value, i) => value.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...rows.map((row) => line(columns.map((c) => cell(row, c))))].join('\n');
}

export function printTable(rows: Row[], columns: string[]): void {
  printLine(rows.length === 0 ? '(none)' : formatTable(rows, columns));
}

/** Where progress goes: stderr, and whether it is a terminal (a bar rewritten in place) or not. */
export interface ProgressSink {
  isTTY?: boolean;
  write(text: string): unknown;
}

const BAR_WIDTH = 20;

/** `[########------------]  42%`: the bar a terminal shows for a percent complete. */
export function progressBar(percent: number): string {
  const clamped = Math.max(0, Math.min(100, Math.round(percent)));
  const filled = Math.round((clamped / 100) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${String(clamped).padStart(3)}%`;
}

/**
 * One live status line on stderr. On a terminal it is rewritten in place, with a bar for the percent
 * complete; elsewhere (a pipe, a log file) a line is written when the step changes, not per percent.
 */
export class Progress {
  private lastStep = '';
  private lastLine = '';

  constructor(
    private readonly enabled: boolean,
    private readonly sink: ProgressSink = process.stderr,
  ) {}

  update(step: string, percent?: number): void {
    if (!this.enabled) return;
    if (this.sink.isTTY) {
      const line = percent === undefined ? step : `${step} ${progressBar(percent)}`;
      if (line !== this.lastLine) this.sink.write(`\r\x1b[2K${line}`);
      this.lastLine = line;
    } else if (step !== this.lastStep) {
      this.sink.write(`${step}\n`);
    }
    this.lastStep = step;
  }

  done(): void {
    if (this.enabled && this.lastLine && this.sink.isTTY) this.sink.write('\n');
    this.lastStep = '';
    this.lastLine = '';
  }
}

export function seconds(ms: number | undefined): string {
  return ms === undefined ? '' : `${(ms / 1000).toFixed(1)}s`;
}

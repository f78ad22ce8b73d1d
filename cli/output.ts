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

/** One live status line on stderr: rewritten in place on a terminal, a new line per change elsewhere. */
export class Progress {
  private last = '';

  constructor(private readonly enabled: boolean) {}

  update(text: string): void {
    if (!this.enabled || text === this.last) return;
    this.last = text;
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}`);
    else process.stderr.write(`${text}\n`);
  }

  done(): void {
    if (this.enabled && this.last && process.stderr.isTTY) process.stderr.write('\n');
    this.last = '';
  }
}

export function seconds(ms: number | undefined): string {
  return ms === undefined ? '' : `${(ms / 1000).toFixed(1)}s`;
}

/** The bench's table on stdout and its JSON file under bench/results/. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatTable } from '../../cli/output';
import type { ResultRow } from './result';

const verdict = (pass: boolean | undefined) => (pass === undefined ? '-' : pass ? 'pass' : 'FAIL');

export function formatResults(rows: ResultRow[]): string {
  return formatTable(
    rows.map((row) => ({
      row: row.row,
      subject: row.subject,
      size: row.size,
      measured: row.measured,
      against: row.against,
      ratio: row.ratio === undefined ? '-' : row.ratio.toFixed(row.ratio < 10 ? 2 : 0),
      goal: row.goal,
      result: verdict(row.pass),
    })),
    ['row', 'subject', 'size', 'measured', 'against', 'ratio', 'goal', 'result'],
  );
}

/** Writes `bench/results/<YYYY-MM-DD>.json` (UTC date) and returns its path. */
export function writeResults(rows: ResultRow[], context: Record<string, unknown>, at = new Date()): string {
  const folder = path.join(__dirname, '..', 'results');
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${at.toISOString().slice(0, 10)}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ at: at.toISOString(), ...context, rows }, null, 2)}\n`);
  return file;
}

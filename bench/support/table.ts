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

interface ResultsFile {
  at: string;
  quick?: boolean;
  rowSeconds?: Record<string, number>;
  /** When each row was last measured. */
  rowsAt?: Record<string, string>;
  rows: ResultRow[];
  [member: string]: unknown;
}

function readResults(file: string): ResultsFile | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ResultsFile;
  } catch {
    return undefined;
  }
}

/**
 * Writes `bench/results/<YYYY-MM-DD>.json` (UTC date; `-quick.json` for quick sizes) and returns its path. Rows of the same day
 * and sizes that this run did not measure (`--only`) are kept, with when they were measured; the
 * rows it measured replace theirs.
 */
export function writeResults(
  rows: ResultRow[],
  context: { quick: boolean; rowSeconds: Record<string, number>; [member: string]: unknown },
  at = new Date(),
  folder = path.join(__dirname, '..', 'results'),
): string {
  fs.mkdirSync(folder, { recursive: true });
  // Quick sizes have their own file, so a quick run never replaces a full one's rows.
  const file = path.join(folder, `${at.toISOString().slice(0, 10)}${context.quick ? '-quick' : ''}.json`);
  const measured = new Set(Object.keys(context.rowSeconds));
  const earlier = readResults(file);
  const kept = earlier && earlier.quick === context.quick ? earlier : undefined;
  // The earlier rows in their order, each measured row's group replaced where it stood.
  const merged: ResultRow[] = [];
  const placed = new Set<string>();
  const rowsAt: Record<string, string> = {};
  for (const row of kept?.rows ?? []) {
    if (!measured.has(row.row)) {
      merged.push(row);
      rowsAt[row.row] = kept?.rowsAt?.[row.row] ?? kept!.at;
    } else if (!placed.has(row.row)) {
      placed.add(row.row);
      merged.push(...rows.filter((fresh) => fresh.row === row.row));
    }
  }
  merged.push(...rows.filter((fresh) => !placed.has(fresh.row)));
  for (const name of measured) rowsAt[name] = at.toISOString();
  const rowSeconds = { ...Object.fromEntries(Object.entries(kept?.rowSeconds ?? {}).filter(([name]) => name in rowsAt)), ...context.rowSeconds };
  const body: ResultsFile = { at: at.toISOString(), ...context, rowSeconds, rowsAt, rows: merged };
  fs.writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}

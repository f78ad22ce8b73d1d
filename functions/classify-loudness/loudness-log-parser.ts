/**
 * MediaConvert loudness logs (`LoudnessLogging: LOG`): a CSV with a header row, seconds in column
 * 0 and one row per measurement. The track's Input Max Loudness is the last numeric value of its
 * column: the one the header names, else column 6. Early rows can hold non-numeric cells while
 * the meter fills its window.
 */
import { LoudnessLogUnreadable } from './errors';

/** Where the silent-track procedure reads Input Max Loudness when the header does not name it. */
export const DEFAULT_MAX_LOUDNESS_COLUMN = 6;

export interface ParsedLoudnessLog {
  /** dB; -Infinity when the meter reported negative infinity (digital silence on some meters). */
  maxLoudness: number;
  column: number;
  /** 1-based line of the value, for messages. */
  line: number;
}

/** Splits one CSV line; quoted cells may hold commas and doubled quotes. */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += char;
    }
  }
  cells.push(cell.trim());
  return cells;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
const NEGATIVE_INFINITY = /^-(inf|infinity|1\.#inf)$/i;

/** A loudness cell as a number; -Infinity for negative infinity; undefined for anything else. */
export function loudnessValue(cell: string | undefined): number | undefined {
  const text = cell?.trim();
  if (!text) return undefined;
  if (NUMBER.test(text)) return Number(text);
  if (NEGATIVE_INFINITY.test(text)) return Number.NEGATIVE_INFINITY;
  return undefined;
}

/** "Input Max Loudness", "InputMaxLoudness", "input_max_loudness (LUFS)"… */
function isMaxLoudnessHeader(cell: string): boolean {
  return cell
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .startsWith('inputmaxloudness');
}

export function parseLoudnessLog(text: string, source: string): ParsedLoudnessLog {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const rows = lines.map((line, index) => ({ cells: splitCsvLine(line), line: index + 1 })).filter((row) => row.cells.join('') !== '');
  const first = rows[0];
  // A header row starts with a name (column 0 is seconds in every data row).
  const header = first && loudnessValue(first.cells[0]) === undefined ? first.cells : undefined;
  const named = header?.findIndex(isMaxLoudnessHeader) ?? -1;
  const column = named >= 0 ? named : DEFAULT_MAX_LOUDNESS_COLUMN;

  for (let i = rows.length - 1; i >= (header ? 1 : 0); i -= 1) {
    const value = loudnessValue(rows[i].cells[column]);
    if (value !== undefined) return { maxLoudness: value, column, line: rows[i].line };
  }
  const columnName = named >= 0 ? `"${header![named]}" (column ${column})` : `column ${column}`;
  throw new LoudnessLogUnreadable(`${source} has no numeric Input Max Loudness value in ${columnName} of any of its ${rows.length} rows`);
}

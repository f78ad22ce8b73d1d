/**
 * The local services keep their state as one JSON file per record. Written to a temporary file and
 * renamed, so a reader, or a crash, never sees half a record.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** `indent` for files people read; records written on every state transition stay compact. */
export function writeJsonFile(file: string, value: unknown, indent?: number): void {
  const temporary = `${file}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(value, null, indent));
  fs.renameSync(temporary, file);
}

/** The `*.json` files of a folder, in name order. */
export function jsonFileNames(directory: string): string[] {
  return fs
    .readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

/** The records of a folder's `*.json` files, in file name order. */
export function readJsonFiles<T>(directory: string): T[] {
  return jsonFileNames(directory).map((name) => JSON.parse(fs.readFileSync(path.join(directory, name), 'utf8')) as T);
}

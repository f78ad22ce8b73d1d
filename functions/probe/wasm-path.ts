/**
 * Where MediaInfo's WebAssembly binary is. In the Lambda bundle the stack copies it next to the
 * handler (a bundler cannot inline it, and the library's own lookup is relative to its own file,
 * which bundling moves); in tests and local runs it is in node_modules.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const WASM_FILE = 'MediaInfoModule.wasm';

/** Candidates in order: beside this module (bundled), then the installed package. */
export function wasmCandidates(moduleDir: string, resolvePackaged: () => string): string[] {
  const candidates = [path.join(moduleDir, WASM_FILE)];
  try {
    candidates.push(resolvePackaged());
  } catch {
    // Not installed: bundled deployments carry only the copy beside the handler.
  }
  return candidates;
}

export function findWasm(
  candidates: string[] = wasmCandidates(__dirname, () => require.resolve(`mediainfo.js/${WASM_FILE}`)),
  exists: (file: string) => boolean = existsSync,
): string {
  const found = candidates.find((file) => exists(file));
  if (found === undefined) {
    throw new Error(
      `MediaInfo's ${WASM_FILE} is in none of ${candidates.join(', ')}; the probe function's bundle must include it next to the handler`,
    );
  }
  return found;
}

/**
 * The limits of a job manifest that JSON Schema cannot state: its size in bytes, the size of its
 * metadata in bytes (JSON Schema counts characters, not UTF-8 bytes), and bounds that compare two
 * fields. Checked after the schema, worded the same way.
 */
import type { JobManifest } from './job-manifest';
import { formatProblem } from './manifest-problems';

/** A manifest larger than this is refused unread. */
export const MANIFEST_MAX_BYTES = 64 * 1024;

/** The metadata, as JSON in UTF-8, at most. */
export const METADATA_MAX_BYTES = 2 * 1024;

export function metadataBytes(metadata: Record<string, string>): number {
  return Buffer.byteLength(JSON.stringify(metadata), 'utf8');
}

/** Problems of a manifest that passed the schema; empty when there are none. */
export function limitProblems(manifest: JobManifest): string[] {
  const problems: string[] = [];
  if (manifest.metadata) {
    const bytes = metadataBytes(manifest.metadata);
    if (bytes > METADATA_MAX_BYTES) {
      problems.push(formatProblem('$.metadata', `${bytes} bytes of metadata (as JSON, UTF-8)`, `at most ${METADATA_MAX_BYTES} bytes`));
    }
  }
  const { minBitrate, maxBitrate } = manifest.abr ?? {};
  if (minBitrate !== undefined && maxBitrate !== undefined && minBitrate > maxBitrate) {
    problems.push(formatProblem('$.abr.minBitrate', `${minBitrate}, above $.abr.maxBitrate (${maxBitrate})`, `at most maxBitrate`));
  }
  return problems;
}

/** The problem of a manifest of `bytes` bytes, or undefined when it is small enough. */
export function sizeProblem(bytes: number): string | undefined {
  if (bytes <= MANIFEST_MAX_BYTES) return undefined;
  return formatProblem('$', `a manifest of ${bytes} bytes`, `at most ${MANIFEST_MAX_BYTES} bytes (64 KiB)`);
}

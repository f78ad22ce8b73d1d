/**
 * Validation of a job manifest's text: JSON, then the JSON Schema of
 * job-templates/manifest.schema.json (compiled once by Ajv), then the limits the schema cannot
 * state. Pure: the probe runs it on the uploaded manifest, `vod ingest --manifest` before uploading.
 */
import Ajv from 'ajv';
import type { JobManifest } from './job-manifest';
import { limitProblems, sizeProblem } from './manifest-limits';
import { describeProblems, formatProblem } from './manifest-problems';
import schema from '../../job-templates/manifest.schema.json';

export type ManifestCheck = { ok: true; manifest: JobManifest } | { ok: false; problems: string[] };

/** The schema's `timecode` format: HH:MM:SS:FF (or ;FF, drop-frame) or HH:MM:SS.mmm. */
export const TIMECODE = /^\d{2}:[0-5]\d:[0-5]\d([:;]\d{2}|\.\d{1,3})?$/;

let compiled: ReturnType<Ajv['compile']> | undefined;

function validator(): ReturnType<Ajv['compile']> {
  // verbose: errors carry the value found and the schema that refused it, which the messages quote.
  compiled ??= new Ajv({ allErrors: true, verbose: true }).addFormat('timecode', TIMECODE).compile(schema);
  return compiled;
}

/** Checks a manifest already parsed from JSON. */
export function checkManifest(value: unknown): ManifestCheck {
  const validate = validator();
  if (!validate(value)) return { ok: false, problems: describeProblems(validate.errors ?? []) };
  const manifest = value as JobManifest;
  const problems = limitProblems(manifest);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, manifest };
}

/** Checks a manifest's bytes: size, JSON, schema, limits. */
export function checkManifestText(bytes: Uint8Array): ManifestCheck {
  const tooLarge = sizeProblem(bytes.byteLength);
  if (tooLarge) return { ok: false, problems: [tooLarge] };
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [formatProblem('$', `text that is not JSON (${reason})`, 'a JSON object')] };
  }
  return checkManifest(value);
}

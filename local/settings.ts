/**
 * The pipeline settings a local cloud runs with: the same as the stack's, from cdk.json's
 * `context` (in the working directory, as `cdk synth` reads it) and `-c key=value` options over
 * it, read and checked by the synth's own functions (infra/settings-context.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkPipelineSettings, pipelineSettingsFromContext } from '../infra/settings-context';
import type { PipelineSettings } from '../infra/wiring';
import { resolveSettings } from '../infra/wiring';

export interface LocalSettingsOptions {
  /** Where cdk.json is looked for. Default: the working directory. */
  cwd?: string;
  /** `key=value` pairs, as `-c` gives them; later ones win. */
  context?: string[];
}

function cdkJsonContext(cwd: string): Record<string, unknown> {
  const file = path.join(cwd, 'cdk.json');
  if (!fs.existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not JSON (${error instanceof Error ? error.message : String(error)}); fix it or run from another directory`);
  }
  const context = (parsed as { context?: unknown } | null)?.context;
  return typeof context === 'object' && context !== null && !Array.isArray(context) ? (context as Record<string, unknown>) : {};
}

/** `-c key=value` pairs as context entries. */
export function contextPairs(pairs: readonly string[]): Record<string, string> {
  const entries = pairs.map((pair): [string, string] => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`-c ${pair} is not key=value; give a setting as -c maxJobCostUsd=20`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  });
  return Object.fromEntries(entries);
}

/** cdk.json's context, then the `-c` pairs, resolved over the defaults and checked as the synth checks them. */
export function localPipelineSettings(options: LocalSettingsOptions = {}): PipelineSettings {
  const context = { ...cdkJsonContext(options.cwd ?? process.cwd()), ...contextPairs(options.context ?? []) };
  const settings = resolveSettings(pipelineSettingsFromContext((key) => context[key]));
  checkPipelineSettings(settings);
  return settings;
}

/**
 * Command-line parsing: `node:util` parseArgs per command, with usage errors (exit 2) that say what
 * was wrong and how the command is used.
 */
import { parseArgs } from 'node:util';

export class UsageError extends Error {
  readonly name = 'UsageError';
}

/** Options every command takes. */
export const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string' },
  aws: { type: 'boolean' },
  endpoint: { type: 'string' },
  stack: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  // A pipeline setting for a local cloud the command starts, as `cdk deploy -c key=value` takes it.
  context: { type: 'string', short: 'c', multiple: true },
} as const;

export interface GlobalOptions {
  dataDir?: string;
  aws: boolean;
  endpoint?: string;
  stack?: string;
  json: boolean;
  /** `-c key=value` settings (over cdk.json's context) of a local cloud the command starts. */
  context?: string[];
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export interface Parsed {
  global: GlobalOptions;
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parse(args: string[], options: OptionSpec, usage: string): Parsed {
  let result;
  try {
    result = parseArgs({ args, options: { ...GLOBAL_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\nusage: ${usage}`);
  }
  const values = result.values as Parsed['values'];
  return {
    global: {
      dataDir: values['data-dir'] as string | undefined,
      aws: values.aws === true,
      endpoint: values.endpoint as string | undefined,
      stack: values.stack as string | undefined,
      json: values.json === true,
      context: (values.context as string[] | undefined) ?? [],
    },
    values,
    positionals: result.positionals,
  };
}

export function exactly(positionals: string[], count: number, usage: string): string[] {
  if (positionals.length !== count) {
    throw new UsageError(`expected ${count} argument${count === 1 ? '' : 's'}, got ${positionals.length}\nusage: ${usage}`);
  }
  return positionals;
}

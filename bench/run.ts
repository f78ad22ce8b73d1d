/**
 * `npm run bench`: every row's ratio, measured side by side in one run, printed as one table and
 * written to bench/results/<YYYY-MM-DD>.json (`-quick.json` for --quick). A run with --only replaces
 * those rows of the day's file and keeps the others.
 *
 *   npm run bench [-- --only probe,cli] [-- --quick]
 */
import './support/sdk-notice';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { batchRow } from './rows/pipeline-batch';
import { onePassRow } from './rows/one-pass';
import { cliRow } from './rows/cli';
import { costRow } from './rows/cost';
import { pipelineRow } from './rows/pipeline';
import { probeRow } from './rows/probe';
import { seconds, timed } from './support/measure';
import type { ResultRow, Row } from './support/result';
import { formatResults, writeResults } from './support/table';

const ROWS: Row[] = [probeRow, pipelineRow, batchRow, onePassRow, cliRow, costRow];
const USAGE = `usage: npm run bench -- [--quick] [--only ${ROWS.map((row) => row.name).join(',')}]`;

function parseArgs(args: string[]): { quick: boolean; only: Row[] } {
  let quick = false;
  let only = ROWS;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--quick') quick = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const names = (arg === '--only' ? (args[++i] ?? '') : arg.slice('--only='.length)).split(',').filter(Boolean);
      const unknown = names.filter((name) => !ROWS.some((row) => row.name === name));
      if (names.length === 0 || unknown.length > 0) throw new Error(`--only ${unknown.join(',') || '(nothing)'}: no such row\n${USAGE}`);
      only = ROWS.filter((row) => names.includes(row.name));
    } else throw new Error(`${arg}: unknown option\n${USAGE}`);
  }
  return { quick, only };
}

async function main(): Promise<void> {
  const { quick, only } = parseArgs(process.argv.slice(2));
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-bench-'));
  const results: ResultRow[] = [];
  const rowSeconds: Record<string, number> = {};
  try {
    for (const row of only) {
      process.stderr.write(`bench: ${row.name}: ${row.description}\n`);
      const rowFolder = path.join(folder, row.name);
      fs.mkdirSync(rowFolder);
      const { ms, value } = await timed(() => row.run({ quick, folder: rowFolder }));
      rowSeconds[row.name] = Math.round(ms) / 1000;
      process.stderr.write(`bench: ${row.name} done in ${seconds(ms)}\n`);
      results.push(...value);
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
  const file = writeResults(results, {
    quick,
    machine: { cores: os.availableParallelism(), memoryBytes: os.totalmem(), node: process.version, platform: `${os.platform()} ${os.release()}` },
    rowSeconds,
  });
  console.log(formatResults(results));
  console.log(`\n${quick ? 'quick sizes (--quick); ' : ''}results in ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

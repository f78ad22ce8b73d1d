/**
 * CLI: the wall time of `vod --help`, and of `vod assets list --endpoint <url>` against a cloud
 * started with `vod local up` in a child process, median of 5 runs each, against a bare
 * `node -e 0` (what any Node.js command pays to start) measured alongside.
 */
import * as path from 'node:path';
import { startChild } from '../support/child-process';
import { median, run, timed } from '../support/measure';
import type { ResultRow, Row } from '../support/result';

const ROOT = path.resolve(__dirname, '..', '..');
const VOD = path.join(ROOT, 'cli', 'bin', 'vod.js');
const RUNS = 5;
const GOAL_MS = 500;

/** Median wall milliseconds of `node args…`, each run alternating with a bare `node -e 0`. */
async function medians(args: string[]): Promise<{ command: number; node: number; commandRuns: number[]; nodeRuns: number[] }> {
  const commandRuns: number[] = [];
  const nodeRuns: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    commandRuns.push((await timed(() => run(process.execPath, args, { cwd: ROOT }))).ms);
    nodeRuns.push((await timed(() => run(process.execPath, ['-e', '0'], { cwd: ROOT }))).ms);
  }
  return { command: median(commandRuns), node: median(nodeRuns), commandRuns, nodeRuns };
}

function row(subject: string, measured: Awaited<ReturnType<typeof medians>>): ResultRow {
  return {
    row: 'cli',
    subject,
    size: '-',
    measured: `median ${measured.command.toFixed(0)} ms`,
    against: `node -e 0 ${measured.node.toFixed(0)} ms`,
    ratio: measured.command / measured.node,
    goal: `<= ${GOAL_MS} ms`,
    pass: measured.command <= GOAL_MS,
    values: { runs: RUNS, commandMs: measured.commandRuns, nodeMs: measured.nodeRuns },
  };
}

export const cliRow: Row = {
  name: 'cli',
  description: `vod --help and vod assets list against a running cloud, median of ${RUNS}`,
  async run(options) {
    const help = await medians([VOD, '--help']);
    const cloud = await startChild<{ endpoint: string }>(
      [VOD, 'local', 'up', '--port', '0', '--json', '--data-dir', path.join(options.folder, 'cloud-data')],
      {
        cwd: ROOT,
        timeoutMs: 120_000,
      },
    );
    let list: Awaited<ReturnType<typeof medians>>;
    try {
      list = await medians([VOD, 'assets', 'list', '--endpoint', cloud.ready.endpoint]);
    } finally {
      await cloud.stop();
    }
    return [row('vod --help', help), row('vod assets list (running cloud)', list)];
  },
};

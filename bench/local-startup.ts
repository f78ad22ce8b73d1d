/**
 * The local cloud's start-up time: a first start on an empty data directory, then restarts on the
 * same data (what `vod` commands pay when no local cloud is running). Prints one line per start.
 *
 *   npx tsx bench/local-startup.ts [restarts=3]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

async function main(): Promise<void> {
  const restarts = Number(process.argv[2] ?? 3);
  const loadStarted = performance.now();
  const { startLocalCloud } = await import('../local/cloud.js');
  const loadMs = performance.now() - loadStarted;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-bench-startup-'));
  console.log(`module load: ${loadMs.toFixed(0)} ms`);
  try {
    for (let run = 0; run <= restarts; run += 1) {
      const started = performance.now();
      const cloud = await startLocalCloud({ port: 0, dataDir, log: () => {} });
      const wall = performance.now() - started;
      const stopStarted = performance.now();
      await cloud.stop();
      console.log(
        `${run === 0 ? 'first start' : `restart ${run}`}: ${wall.toFixed(0)} ms (reported ${cloud.startupMs} ms), stop ${(performance.now() - stopStarted).toFixed(0)} ms`,
      );
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();

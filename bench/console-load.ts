/**
 * The console with 1,000 assets: seeds 1,000 records into a local cloud's asset table (a temp data
 * directory), then times the API's list calls and the assets page in a headless Chromium (from
 * navigation to the first page's rows drawn), each the median of several runs.
 *
 *   npx tsx bench/console-load.ts [--assets 1000] [--runs 7]
 */
import './support/sdk-notice';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { resolveTarget } from '../cli/target';
import { startConsoleServer } from '../console/server/console-server';
import type { AssetRecord, AssetStatus } from '../functions/shared/asset';
import { localClients } from '../local/clients';
import { startLocalCloud } from '../local/cloud';
import { launchBrowser } from '../test/browser/support/browser';
import { median, timed } from './support/measure';

const STATUSES: AssetStatus[] = ['COMPLETE', 'COMPLETE', 'COMPLETE', 'FAILED', 'TRANSCODING', 'REJECTED'];

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a positive whole number`);
  return value;
}

function record(index: number): AssetRecord {
  const at = new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString();
  return {
    assetId: `bench-${String(index).padStart(5, '0')}`,
    status: STATUSES[index % STATUSES.length],
    origin: 'upload',
    source: { bucket: 'vod-ingest', key: `uploads/bench clip ${index}.mp4`, size: 1_000_000 + index },
    branch: 'dash',
    probe: {
      container: 'MPEG-4',
      durationMs: 6000 + index,
      audioCount: 1,
      audioTracks: [{ index: 1, codec: 'AAC', channels: 2, sampleRate: 48000 }],
    },
    jobs: [{ jobId: `job-${index}`, template: 'dash', status: 'COMPLETE', submittedAt: at, completedAt: at }],
    redriveCount: index % 7 === 0 ? 1 : 0,
    cost: { estimatedUsd: 0.0123, priceTable: 'bench' },
    createdAt: at,
    updatedAt: at,
  };
}

async function main(): Promise<void> {
  const count = option('assets', 1000);
  const runs = option('runs', 7);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-bench-console-'));
  const cloud = await startLocalCloud({ port: 0, dataDir, log: () => undefined });
  const clients = localClients(cloud.endpoint, cloud.credentials);
  const target = await resolveTarget({ aws: false, json: false, endpoint: cloud.endpoint });
  const server = await startConsoleServer({ target, port: 0, log: () => undefined });
  const browser = await launchBrowser();
  try {
    const seeded = await timed(async () => {
      for (let start = 0; start < count; start += 25) {
        const items = Array.from({ length: Math.min(25, count - start) }, (_, i) => ({ PutRequest: { Item: record(start + i) } }));
        await clients.documents.send(new BatchWriteCommand({ RequestItems: { [cloud.names.assetTable]: items } }));
      }
    });
    const get = async (route: string) => {
      const response = await fetch(`${server.url}api/${route}`);
      if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { assets: unknown[]; next?: string };
    };
    const measure = async (work: () => Promise<unknown>) => {
      await work();
      const times: number[] = [];
      for (let run = 0; run < runs; run += 1) times.push((await timed(work)).ms);
      return median(times);
    };
    const tenthPage = async () => {
      let cursor: string | undefined;
      for (let page = 0; page < 10; page += 1) cursor = (await get(`assets?limit=25${cursor ? `&cursor=${cursor}` : ''}`)).next;
    };
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 900 });
    const load = (hash: string, rows: string) => async () => {
      await page.goto('about:blank');
      await page.goto(`${server.url}${hash}`, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector(rows, { timeout: 30000 });
    };
    const results: [string, number][] = [
      ['API: first page (25), all statuses', await measure(() => get('assets?limit=25'))],
      ['API: first page (25), status=FAILED', await measure(() => get('assets?limit=25&status=FAILED'))],
      ['API: pages 1 to 10 by cursor (250 rows)', await measure(tenthPage)],
      ['API: search by part of a key (scan)', await measure(() => get(`assets?q=${encodeURIComponent('clip 99')}`))],
      ['API: search by id', await measure(() => get('assets?q=bench-00500'))],
      ['API: one asset', await measure(() => fetch(`${server.url}api/assets/bench-00500`).then((r) => r.json()))],
      ['page: assets, navigation to 25 rows drawn', await measure(load('', 'table.assets tbody tr:nth-child(25)'))],
      ['page: one asset, navigation to record drawn', await measure(load('#/assets/bench-00500', '[data-testid="asset-status"]'))],
    ];
    const bundle = fs.statSync(path.join(__dirname, '..', 'console', 'dist', 'console.js')).size;
    process.stdout.write(`console with ${count} assets (seeded in ${Math.round(seeded.ms)} ms), median of ${runs} runs\n`);
    for (const [name, ms] of results) process.stdout.write(`  ${name.padEnd(48)} ${ms.toFixed(0).padStart(6)} ms\n`);
    process.stdout.write(`  bundle console.js ${(bundle / 1024).toFixed(0)} KiB (minified, not compressed)\n`);
  } finally {
    await browser.close();
    await server.close();
    await target.close();
    clients.destroy();
    await cloud.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

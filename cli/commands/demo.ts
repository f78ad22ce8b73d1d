/**
 * `vod demo`: the whole mission on the embedded local cloud. Generates short sample media, runs all
 * three branches through the real event path (an upload, a mezzanine upload, an IVS recording end),
 * checks the results and prints a table of the assets.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GetJobCommand } from '@aws-sdk/client-mediaconvert';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { AssetRecord } from '../../functions/shared/asset';
import { parseS3Uri } from '../../functions/shared/s3-uri';
import { NAME_MODIFIERS, transcodeLayout } from '../../functions/shared/output-layout';
import { parse } from '../args';
import { findUploadAsset, followAsset } from '../follow';
import { Progress, formatTable, printJson, printLine, seconds } from '../output';
import { withTarget } from '../run';
import type { Target } from '../target';
import { SAMPLE_SECONDS, makeSampleSet } from '../demo/sample-media';
import { upload } from './ingest';
import { endRecording } from './ivs-end';
import { LOCAL_DEFAULTS } from '../../local/config';
import { assetPlayback } from '../playback';

const USAGE = 'vod demo [--data-dir .vod-local] [--json]';

interface DemoAsset {
  name: string;
  expected: 'dash' | 'loudness' | 'stitch';
  asset: AssetRecord;
  outputDurationMs?: number;
  problems: string[];
  files: string[];
}

async function putFile(target: Target, uri: string, file: string): Promise<void> {
  const { bucket, key } = parseS3Uri(uri);
  await target.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: fs.readFileSync(file) }));
}

/** The output duration MediaConvert reported for the asset's last job. */
async function outputDurationMs(target: Target, asset: AssetRecord): Promise<number | undefined> {
  const jobId = asset.jobs?.at(-1)?.jobId;
  if (!jobId) return undefined;
  const { Job } = await target.clients.mediaConvert.send(new GetJobCommand({ Id: jobId }));
  const durations = (Job?.OutputGroupDetails ?? []).flatMap((group) => (group.OutputDetails ?? []).map((o) => o.DurationInMs ?? 0));
  return durations.length > 0 ? Math.max(...durations) : undefined;
}

async function exists(target: Target, uri: string | undefined): Promise<boolean> {
  if (!uri) return false;
  const { bucket, key } = parseS3Uri(uri);
  try {
    await target.clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

/**
 * What a CMAF package writes beside its DASH manifest: the HLS master playlist, and the poster
 * (its second capture). None for DASH ISO packaging.
 */
function cmafCompanions(asset: AssetRecord): string[] {
  const dash = asset.outputs?.dash;
  if (!dash) return [];
  const layout = transcodeLayout(parseS3Uri(dash).bucket, asset.assetId);
  return dash === layout.cmafDashManifest ? [layout.hlsManifest, `${layout.posterDestination}${NAME_MODIFIERS.poster}.0000001.jpg`] : [];
}

/** Copies an asset's outputs (the DASH folder and the proxy) into a plain folder a player can open. */
async function download(target: Target, asset: AssetRecord, into: string): Promise<string[]> {
  const files: string[] = [];
  for (const uri of [asset.outputs?.dash, asset.outputs?.proxy]) {
    if (!uri) continue;
    const { bucket, key } = parseS3Uri(uri);
    const folder = key.slice(0, key.lastIndexOf('/') + 1);
    const { Contents = [] } = await target.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: folder }));
    for (const object of Contents) {
      if (!object.Key) continue;
      const file = path.join(into, object.Key);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const { Body } = await target.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
      fs.writeFileSync(file, await Body!.transformToByteArray());
      if (object.Key === key) files.push(file);
    }
  }
  return files;
}

/** One URL a player opens: HLS for the transcodes (DASH until the ladder is CMAF), the proxy of anything else. */
export function playableUrl(target: Pick<Target, 'info'>, asset: AssetRecord): string | undefined {
  const playback = assetPlayback(target, asset);
  return asset.branch === 'loudness' ? playback.proxy : (playback.hls ?? playback.dash ?? playback.proxy);
}

function check(demo: DemoAsset, recordingMs: number): void {
  const { asset, problems } = demo;
  if (asset.status !== 'COMPLETE') problems.push(`status ${asset.status}${asset.error ? `: ${asset.error.error} ${asset.error.cause}` : ''}`);
  if (asset.branch !== demo.expected) problems.push(`branch ${asset.branch}, expected ${demo.expected}`);
  if (demo.expected === 'loudness') {
    const map = JSON.stringify(asset.loudness?.loudnessMap);
    if (map !== '[1,1,0,0,0,0,0,0]') problems.push(`loudnessMap ${map}, expected [1,1,0,0,0,0,0,0]`);
    if (asset.loudness?.layout !== 'stereo') problems.push(`layout ${asset.loudness?.layout}, expected stereo`);
  }
  if (demo.expected === 'stitch' && demo.outputDurationMs !== undefined) {
    const expected = 2 * SAMPLE_SECONDS.bumper * 1000 + recordingMs;
    if (Math.abs(demo.outputDurationMs - expected) > 500) problems.push(`output ${seconds(demo.outputDurationMs)}, expected ${seconds(expected)}`);
  }
}

export async function demo(args: string[]): Promise<number> {
  const { global } = parse(args, {}, USAGE);
  const started = Date.now();
  return withTarget(global, async (target) => {
    const dataDir = target.cloud?.dataDir ?? path.resolve(global.dataDir ?? LOCAL_DEFAULTS.dataDir);
    const log = (line: string) => process.stderr.write(`${line}\n`);
    log(`vod demo: generating sample media in ${path.join(dataDir, 'samples')}`);
    const samples = await makeSampleSet(path.join(dataDir, 'samples'));

    const { assets, buckets } = target.info;
    await putFile(target, assets.preroll, samples.preroll);
    await putFile(target, assets.postroll, samples.postroll);
    await putFile(target, assets.overlay, samples.overlay);
    log(`vod demo: pre-roll, post-roll and overlay in s3://${buckets.assets}/`);

    const progress = new Progress(false);
    const since = new Date();
    const runUpload = async (file: string, key: string) => {
      await upload(target, file, buckets.ingest, key);
      log(`vod demo: uploaded s3://${buckets.ingest}/${key}`);
      return findUploadAsset(target, { bucket: buckets.ingest, key, since });
    };
    const stamp = since.toISOString().replace(/[-:]/g, '').slice(0, 15);
    const [uploadId, mezzanineId, recording] = await Promise.all([
      runUpload(samples.upload, `uploads/sample 720p ${stamp}.mp4`),
      runUpload(samples.mezzanine, `mezzanine/sample 8 tracks ${stamp}.mov`),
      endRecording(target, samples.recording, 'arn:aws:ivs:us-east-1:000000000000:channel/vodDemoChannel'),
    ]);
    log(`vod demo: IVS recording s3://${recording.bucket}/${recording.prefix}/ ended`);
    log('vod demo: running the three branches (seconds to a minute, depending on the machine)');

    const runs: [string, DemoAsset['expected'], string][] = [
      ['upload (720p)', 'dash', uploadId],
      ['mezzanine (8 tracks)', 'loudness', mezzanineId],
      ['IVS recording', 'stitch', recording.assetId],
    ];
    const results: DemoAsset[] = await Promise.all(
      runs.map(async ([name, expected, assetId]) => {
        const asset = await followAsset(target, assetId, { progress, timeoutMs: 15 * 60_000 });
        log(`vod demo: ${name}: ${asset.status}`);
        return { name, expected, asset, problems: [], files: [] };
      }),
    );
    const outputsDir = path.join(dataDir, 'demo-outputs');
    for (const result of results) {
      result.outputDurationMs = await outputDurationMs(target, result.asset).catch(() => undefined);
      check(result, result.asset.probe?.durationMs ?? SAMPLE_SECONDS.recording * 1000);
      if (result.expected !== 'loudness') {
        for (const uri of [result.asset.outputs?.dash, result.asset.outputs?.proxy, ...cmafCompanions(result.asset)]) {
          if (!(await exists(target, uri))) result.problems.push(`output ${uri ?? '(none)'} missing`);
        }
        result.files = await download(target, result.asset, outputsDir);
      }
    }
    const ok = results.every((r) => r.problems.length === 0);
    const wallMs = Date.now() - started;

    if (global.json) {
      printJson({ ok, wallMs, outputsDir, assets: results.map((r) => ({ ...r, asset: r.asset })) });
      return ok ? 0 : 1;
    }
    printLine(
      formatTable(
        results.map((r) => ({
          input: r.name,
          branch: r.asset.branch,
          status: r.asset.status,
          source: seconds(r.asset.probe?.durationMs),
          output: seconds(r.outputDurationMs),
          outputs: r.asset.outputs?.dash ? `${r.asset.outputs.dash} + proxy` : '',
          loudness: r.asset.loudness ? `${JSON.stringify(r.asset.loudness.loudnessMap)} ${r.asset.loudness.layout}` : '',
          check: r.problems.length === 0 ? 'ok' : r.problems.join('; '),
        })),
        ['input', 'branch', 'status', 'source', 'output', 'outputs', 'loudness', 'check'],
      ),
    );
    printLine();
    for (const r of results) printLine(`${r.asset.assetId}  ${r.asset.executionArn ?? ''}`);
    printLine();
    printLine(`Outputs, copied for playback, are in ${outputsDir}`);
    for (const file of results.flatMap((r) => r.files)) printLine(`  ${file}`);
    printLine(
      'Play the HLS playlist (.m3u8) or the DASH manifest (.mpd) with a player (for example VLC or `ffplay <file>`), the proxy with any player.',
    );
    printLine();
    printLine(
      target.cloud
        ? 'To play in a browser, keep a local cloud running (`vod local up`), then `vod play <assetId>`; the URLs:'
        : 'To play in a browser or player:',
    );
    for (const r of results) {
      const url = playableUrl(target, r.asset);
      printLine(`  ${r.name.padEnd(22)} ${url ?? (r.expected === 'loudness' ? 'no video: a loudness analysis writes none' : 'nothing to play')}`);
    }
    printLine('Inspect with `vod assets list`, `vod executions show <assetId>`; keep a local cloud running with `vod local up`.');
    printLine(`${ok ? 'Demo passed' : 'Demo FAILED'} in ${seconds(wallMs)}.`);
    return ok ? 0 : 1;
  });
}

/**
 * The stitch branch's asset objects on a fresh local cloud: a generated pre-roll and post-roll (two
 * seconds of colour and tone each) and an overlay PNG, put at the keys the pipeline's settings name
 * in the assets bucket, so the first IVS recording stitches without the user uploading any.
 *
 * Installed once, at the first start of a data directory: <dataDir>/default-assets.json records
 * what was generated (key and ETag), so a later start installs nothing (a deleted asset stays
 * missing, as on AWS), `vod local info` can tell a generated default from the user's own, and a
 * user's object is never overwritten (only missing keys are filled).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { PipelineSettings } from '../infra/wiring';
import { writeJsonFile } from './json-files';
import { ffmpegPath } from './mediaconvert/engine/ffmpeg-path';

export type AssetName = 'preroll' | 'postroll' | 'overlay';

export const ASSET_NAMES: readonly AssetName[] = ['preroll', 'postroll', 'overlay'];

/** What `vod local info` says of an asset object. */
export type AssetState = 'generated default' | 'uploaded' | 'missing';

export const DEFAULT_ASSETS_FILE = 'default-assets.json';

/** Seconds of each generated bumper. */
export const BUMPER_SECONDS = 2;

type Installed = Partial<Record<AssetName, { key: string; etag: string }>>;

const run = promisify(execFile);

export function assetKeys(settings: Pick<PipelineSettings, 'prerollKey' | 'postrollKey' | 'overlayKey'>): Record<AssetName, string> {
  return { preroll: settings.prerollKey, postroll: settings.postrollKey, overlay: settings.overlayKey };
}

const CONTENT_TYPES: Record<AssetName, string> = { preroll: 'video/mp4', postroll: 'video/mp4', overlay: 'image/png' };

/** The ffmpeg arguments of each generated asset: bumpers distinct in colour and pitch, a translucent overlay. */
function generatorArgs(name: AssetName, file: string): string[] {
  if (name === 'overlay') return ['-f', 'lavfi', '-i', 'color=c=white@0.6:s=320x180,format=rgba', '-frames:v', '1', file];
  const [color, hz] = name === 'preroll' ? ['navy', 880] : ['darkgreen', 550];
  return [
    ['-f', 'lavfi', '-i', `color=c=${color}:s=1280x720:r=30:d=${BUMPER_SECONDS}`],
    ['-f', 'lavfi', '-i', `sine=f=${hz}:r=48000:d=${BUMPER_SECONDS},volume=-14dB,aformat=channel_layouts=stereo`],
    ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '30', '-c:a', 'aac', '-b:a', '128k', '-shortest'],
    ['-movflags', '+faststart', file],
  ].flat();
}

/** Generated once per process: every fresh data directory gets the same bytes. */
const generated = new Map<AssetName, Promise<Buffer>>();

function generate(name: AssetName): Promise<Buffer> {
  let bytes = generated.get(name);
  if (!bytes) {
    bytes = (async () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-default-asset-'));
      const file = path.join(folder, name === 'overlay' ? 'overlay.png' : `${name}.mp4`);
      try {
        await run(ffmpegPath(), ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...generatorArgs(name, file)]);
        return fs.readFileSync(file);
      } catch (error) {
        const stderr = (error as { stderr?: string }).stderr ?? '';
        throw new Error(`generating the default ${name} with ${ffmpegPath()} failed: ${stderr.trim() || (error as Error).message}`);
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    })();
    generated.set(name, bytes);
    // A failure is not kept: the next fresh data directory tries again.
    bytes.catch(() => generated.delete(name));
  }
  return bytes;
}

function installedFile(dataDir: string): string {
  return path.join(dataDir, DEFAULT_ASSETS_FILE);
}

/** What the first start of this data directory generated; undefined before it ran. */
export function readInstalled(dataDir: string): Installed | undefined {
  try {
    return JSON.parse(fs.readFileSync(installedFile(dataDir), 'utf8')) as Installed;
  } catch {
    return undefined;
  }
}

async function exists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw error;
  }
}

export interface InstallOptions {
  dataDir: string;
  bucket: string;
  keys: Record<AssetName, string>;
  /** A client of the local S3 (the assets go in through its API). */
  s3: S3Client;
}

/**
 * At the first start of a data directory, puts a generated asset at each key that holds no object.
 * Returns the names installed (none after the first start).
 */
export async function installDefaultAssets(options: InstallOptions): Promise<AssetName[]> {
  if (readInstalled(options.dataDir)) return [];
  const installed: Installed = {};
  for (const name of ASSET_NAMES) {
    const key = options.keys[name];
    if (await exists(options.s3, options.bucket, key)) continue;
    const body = await generate(name);
    const { ETag } = await options.s3.send(new PutObjectCommand({ Bucket: options.bucket, Key: key, Body: body, ContentType: CONTENT_TYPES[name] }));
    installed[name] = { key, etag: ETag ?? '' };
  }
  writeJsonFile(installedFile(options.dataDir), installed, 2);
  return Object.keys(installed) as AssetName[];
}

/**
 * Each asset's state: missing (no object at its key), generated default (the object installed at
 * the first start, unchanged) or uploaded (anything else).
 */
export function assetStates(
  dataDir: string,
  keys: Record<AssetName, string>,
  etagOf: (key: string) => string | undefined,
): Record<AssetName, AssetState> {
  const installed = readInstalled(dataDir) ?? {};
  const stateOf = (name: AssetName): AssetState => {
    const etag = etagOf(keys[name]);
    if (etag === undefined) return 'missing';
    const generatedOne = installed[name];
    return generatedOne && generatedOne.key === keys[name] && generatedOne.etag === etag ? 'generated default' : 'uploaded';
  };
  return { preroll: stateOf('preroll'), postroll: stateOf('postroll'), overlay: stateOf('overlay') };
}

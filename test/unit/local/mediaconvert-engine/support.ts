/**
 * Support for the engine's tests: S3 as a folder, short media generated with the project's ffmpeg,
 * and readers of what the engine wrote (durations by decoding, pixels, loudness logs).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { access, copyFile, mkdir } from 'node:fs/promises';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JobSettings } from '@aws-sdk/client-mediaconvert';
import type { JobFailedError, JobStorage } from '../../../../local/mediaconvert/engine';
import { ffmpegPath } from '../../../../local/mediaconvert/engine/ffmpeg-path';
import { cachedMediaSync } from '../../../support/media-cache';

/** The ffmpeg the engine runs (VOD_FFMPEG_PATH or the bundled build), so the tests measure with the same one. */
export const FFMPEG = ffmpegPath();

export function ffmpeg(args: string[]): void {
  execFileSync(FFMPEG, ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** ffmpeg's log of a run that decodes or measures (`-f null -`). */
export function ffmpegLog(args: string[]): string {
  return spawnSync(FFMPEG, ['-nostdin', '-hide_banner', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stderr;
}

export interface Sandbox {
  root: string;
  /** A path under the sandbox, its folder created. */
  file: (relative: string) => string;
  /** A folder under the sandbox, created. */
  folder: (relative: string) => string;
  remove: () => void;
}

export function sandbox(prefix: string): Sandbox {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  return {
    root,
    file: (relative) => {
      const file = path.join(root, relative);
      mkdirSync(path.dirname(file), { recursive: true });
      return file;
    },
    folder: (relative) => {
      const folder = path.join(root, relative);
      mkdirSync(folder, { recursive: true });
      return folder;
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** The error a job (or a step of one) fails with; throws if it does not fail. */
export async function failure(promise: Promise<unknown>): Promise<JobFailedError> {
  try {
    await promise;
  } catch (error) {
    return error as JobFailedError;
  }
  throw new Error('it did not fail');
}

/** S3 over a folder: s3://bucket/key is <root>/bucket/key. */
export class FolderStorage implements JobStorage {
  readonly uploads: { uri: string; contentType?: string }[] = [];

  constructor(readonly root: string) {}

  path(uri: string): string {
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
    if (!match) throw new Error(`not an S3 URI: ${uri}`);
    return path.join(this.root, match[1], match[2]);
  }

  async exists(uri: string): Promise<boolean> {
    try {
      await access(this.path(uri));
      return true;
    } catch {
      return false;
    }
  }

  async download(uri: string, localPath: string): Promise<void> {
    await copyFile(this.path(uri), localPath);
  }

  async upload(localPath: string, uri: string, contentType?: string): Promise<void> {
    const target = this.path(uri);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(localPath, target);
    this.uploads.push({ uri, ...(contentType ? { contentType } : {}) });
  }

  /** Puts a local file at an S3 URI. */
  put(uri: string, localPath: string): void {
    const target = this.path(uri);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, readFileSync(localPath));
  }
}

export interface VideoSpec {
  width: number;
  height: number;
  rate: number;
  seconds: number;
  /** A flat colour (ffmpeg colour name or 0xRRGGBB); default: the testsrc pattern. */
  color?: string;
  /** A sine tone in the audio track; default 440 Hz. */
  toneHz?: number;
  /** Pink noise in the audio track instead of a tone: programme-like audio that fills a bitrate. */
  noise?: boolean;
}

function pictureInput(spec: VideoSpec): string[] {
  const source = spec.color
    ? `color=c=${spec.color}:size=${spec.width}x${spec.height}:rate=${spec.rate}:duration=${spec.seconds}`
    : `testsrc=size=${spec.width}x${spec.height}:rate=${spec.rate}:duration=${spec.seconds}`;
  return ['-f', 'lavfi', '-i', source];
}

const toneInput = (hz: number, seconds: number) => ['-f', 'lavfi', '-i', `sine=frequency=${hz}:sample_rate=48000:duration=${seconds}`];
const H264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];

/** Media generated once into the shared media cache, then copied to `target` (a file or a folder) for the test to use. */
function fromCache(target: string, parameters: unknown, make: (at: string) => void): void {
  cpSync(cachedMediaSync({ name: path.basename(target), parameters, generator: __filename }, make), target, { recursive: true });
}

/** An MP4 (or MOV) with H.264 video and an AAC tone. */
export function makeVideo(file: string, spec: VideoSpec): void {
  const audio = spec.noise
    ? ['-f', 'lavfi', '-i', `anoisesrc=color=pink:sample_rate=48000:amplitude=0.3:duration=${spec.seconds}`]
    : toneInput(spec.toneHz ?? 440, spec.seconds);
  fromCache(file, { video: spec }, (at) =>
    ffmpeg([...pictureInput(spec), ...audio, ...H264, '-g', String(spec.rate), '-c:a', 'aac', '-b:a', '192k', '-shortest', at]),
  );
}

/**
 * An IVS-like HLS recording: `<prefix>/media/hls/master.m3u8` listing `720p30/playlist.m3u8`, whose
 * one-second TS segments carry video and audio. Returns the master playlist's path.
 */
export function makeHlsRecording(folder: string, spec: VideoSpec): string {
  fromCache(folder, { hls: spec }, (at) => writeHlsRecording(at, spec));
  return path.join(folder, 'master.m3u8');
}

function writeHlsRecording(folder: string, spec: VideoSpec): void {
  const variant = path.join(folder, '720p30');
  mkdirSync(variant, { recursive: true });
  ffmpeg([
    ...pictureInput(spec),
    ...toneInput(spec.toneHz ?? 440, spec.seconds),
    ...H264,
    '-g',
    String(spec.rate),
    '-c:a',
    'aac',
    '-shortest',
    '-f',
    'hls',
    '-hls_time',
    '1',
    '-hls_playlist_type',
    'vod',
    '-hls_segment_filename',
    path.join(variant, 'seg%d.ts'),
    path.join(variant, 'playlist.m3u8'),
  ]);
  const master = path.join(folder, 'master.m3u8');
  writeFileSync(
    master,
    `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=2500000,RESOLUTION=${spec.width}x${spec.height}\n720p30/playlist.m3u8\n`,
  );
}

/** A PNG of one opaque colour. */
export function makeImage(file: string, width: number, height: number, color: string): void {
  ffmpeg(['-f', 'lavfi', '-i', `color=c=${color}:size=${width}x${height}`, '-frames:v', '1', file]);
}

/**
 * A mezzanine MOV: small video and `tracks` mono PCM tracks; the tracks in `toneTracks` (from 1)
 * carry a 1 kHz tone at `toneDbfs`, the others digital silence.
 */
export function makeMultitrack(file: string, seconds: number, tracks: number, toneTracks: number[], toneDbfs: number): void {
  const amplitude = 10 ** (toneDbfs / 20);
  const inputs = ['-f', 'lavfi', '-i', `testsrc=size=320x180:rate=25:duration=${seconds}`];
  const maps = ['-map', '0:v'];
  for (let track = 1; track <= tracks; track += 1) {
    const source = toneTracks.includes(track)
      ? `aevalsrc=${amplitude.toFixed(6)}*sin(2*PI*1000*t):sample_rate=48000:duration=${seconds}`
      : `anullsrc=channel_layout=mono:sample_rate=48000`;
    inputs.push('-f', 'lavfi', ...(toneTracks.includes(track) ? [] : ['-t', String(seconds)]), '-i', source);
    maps.push('-map', `${track}:a`);
  }
  fromCache(file, { multitrack: { seconds, tracks, toneTracks, toneDbfs } }, (at) =>
    ffmpeg([...inputs, ...maps, ...H264, '-c:a', 'pcm_s24le', '-ac', '1', '-t', String(seconds), at]),
  );
}

/** The duration ffmpeg decodes from a file or manifest: the last `time=` of a decode to null. */
export function decodedSeconds(file: string, streams: string[] = []): number {
  const log = ffmpegLog(['-i', file, ...streams, '-f', 'null', '-']);
  const times = [...log.matchAll(/time=(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/g)];
  if (times.length === 0) throw new Error(`ffmpeg decoded nothing from ${file}: ${log.slice(-500)}`);
  const [, h, m, s] = times[times.length - 1];
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/** Width and height of the first video stream. */
export function videoSize(file: string): { width: number; height: number } {
  const match = /Stream #0:\d+.*Video:.* (\d{2,5})x(\d{2,5})/.exec(ffmpegLog(['-i', file]));
  if (!match) throw new Error(`no video in ${file}`);
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** RGB of the pixel at (x, y) of the frame at `seconds` (even x and y: 4:2:0 pictures crop by pairs). */
export function pixel(file: string, seconds: number, x: number, y: number): [number, number, number] {
  const crop = `crop=2:2:${Math.floor(x / 2) * 2}:${Math.floor(y / 2) * 2}`;
  // A still (a JPEG) cannot be sought, not even to 0.
  const seek = seconds > 0 ? ['-ss', String(seconds)] : [];
  const raw = execFileSync(FFMPEG, [
    '-nostdin',
    '-loglevel',
    'error',
    ...seek,
    '-i',
    file,
    '-frames:v',
    '1',
    '-vf',
    crop,
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-',
  ]);
  return [raw[0], raw[1], raw[2]];
}

/** Integrated loudness and the highest momentary loudness ebur128 measures on one audio stream. */
export function ebur128(file: string, stream: string): { integrated: number; maxMomentary: number } {
  const log = ffmpegLog(['-i', file, '-map', stream, '-af', 'ebur128', '-f', 'null', '-']);
  const integrated = Number(/Summary:[\s\S]*?I:\s+(-?[\d.]+) LUFS/.exec(log)?.[1]);
  const momentary = [...log.matchAll(/ M:\s*(-?[\d.]+)/g)].map((match) => Number(match[1]));
  return { integrated, maxMomentary: Math.max(...momentary) };
}

const TEMPLATES = path.resolve(__dirname, '../../../../job-templates');

/** The Settings of a job template (job-templates/<name>.json). */
export function templateSettings(name: string): JobSettings {
  return (JSON.parse(readFileSync(path.join(TEMPLATES, `${name}.json`), 'utf8')) as { Settings: JobSettings }).Settings;
}

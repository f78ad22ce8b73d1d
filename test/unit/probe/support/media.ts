/**
 * Media for the probe tests, generated with the ffmpeg the engine runs (ffmpegPath): seconds
 * long, small pictures where the picture size does not matter.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ffmpegPath } from '../../../../local/mediaconvert/engine/ffmpeg-path';

export function ffmpeg(args: string[]): void {
  execFileSync(ffmpegPath(), ['-nostdin', '-loglevel', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

export function tempDir(): { dir: string; file: (name: string) => string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'probe-test-'));
  return {
    dir,
    file: (name) => {
      const file = path.join(dir, name);
      mkdirSync(path.dirname(file), { recursive: true });
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Picture {
  width: number;
  height: number;
  rate: number;
}

const SMALL: Picture = { width: 320, height: 180, rate: 25 };

const pictureInput = (picture: Picture, seconds: number) => [
  '-f',
  'lavfi',
  '-i',
  `testsrc=size=${picture.width}x${picture.height}:rate=${picture.rate}:duration=${seconds}`,
];

const toneInput = (frequency: number, seconds: number) => ['-f', 'lavfi', '-i', `sine=frequency=${frequency}:sample_rate=48000:duration=${seconds}`];

const h264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];

/** H.264 + one AAC track of `channels` channels, MP4 with the index at the front. */
export function mp4WithAac(file: string, options: { seconds: number; picture?: Picture; channels?: number }): string {
  const picture = options.picture ?? SMALL;
  ffmpeg([
    ...pictureInput(picture, options.seconds),
    ...toneInput(440, options.seconds),
    '-map',
    '0:v',
    '-map',
    '1:a',
    ...h264,
    '-c:a',
    'aac',
    '-ac',
    String(options.channels ?? 2),
    '-b:a',
    '128k',
    '-movflags',
    '+faststart',
    file,
  ]);
  return file;
}

/** H.264 + `tracks` mono PCM tracks (one tone each, so each track is distinct). */
export function withMonoPcmTracks(file: string, options: { seconds: number; tracks: number; video?: 'h264' | 'mpeg2' }): string {
  const tones = Array.from({ length: options.tracks }, (_, i) => toneInput(200 + 100 * i, options.seconds)).flat();
  const maps = Array.from({ length: options.tracks }, (_, i) => ['-map', `${i + 1}:a`]).flat();
  const video = options.video === 'mpeg2' ? ['-c:v', 'mpeg2video', '-b:v', '1M'] : h264;
  ffmpeg([...pictureInput(SMALL, options.seconds), ...tones, '-map', '0:v', ...maps, ...video, '-c:a', 'pcm_s24le', '-ar', '48000', file]);
  return file;
}

export function videoOnly(file: string, seconds: number): string {
  ffmpeg([...pictureInput(SMALL, seconds), ...h264, '-movflags', '+faststart', file]);
  return file;
}

export function audioOnly(file: string, seconds: number): string {
  ffmpeg([...toneInput(440, seconds), '-c:a', 'aac', '-ac', '2', '-movflags', '+faststart', file]);
  return file;
}

/**
 * A constant-bitrate MP4 of some megabytes with its index (`moov`) at the front: MediaInfo, left
 * alone, would decode hundreds of frames past the index.
 */
export function largeFaststartMp4(file: string, seconds: number, bitrate = '4M'): string {
  ffmpeg([
    ...pictureInput(SMALL, seconds),
    ...toneInput(440, seconds),
    '-map',
    '0:v',
    '-map',
    '1:a',
    ...h264,
    '-b:v',
    bitrate,
    '-minrate',
    bitrate,
    '-maxrate',
    bitrate,
    '-bufsize',
    '1M',
    '-x264-params',
    'nal-hrd=cbr',
    '-c:a',
    'aac',
    '-movflags',
    '+faststart',
    file,
  ]);
  return file;
}

/** Remuxes to MPEG-TS, a container without an index: its duration needs the last packets. */
export function remuxToTs(source: string, file: string): string {
  ffmpeg(['-i', source, '-c', 'copy', '-f', 'mpegts', file]);
  return file;
}

/** One HLS rendition (playlist.m3u8 + numbered .ts segments) in `dir`, segments of about one second. */
export function hlsRendition(dir: string, options: { seconds: number; picture: Picture; videoBitrate: string }): void {
  mkdirSync(dir, { recursive: true });
  ffmpeg([
    ...pictureInput(options.picture, options.seconds),
    ...toneInput(440, options.seconds),
    '-map',
    '0:v',
    '-map',
    '1:a',
    ...h264,
    '-b:v',
    options.videoBitrate,
    '-g',
    String(options.picture.rate),
    '-c:a',
    'aac',
    '-ac',
    '2',
    '-f',
    'hls',
    '-hls_time',
    '1',
    '-hls_list_size',
    '0',
    '-hls_playlist_type',
    'vod',
    '-hls_segment_filename',
    path.join(dir, '%d.ts'),
    path.join(dir, 'playlist.m3u8'),
  ]);
}

export function writeText(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** A phone-like video: `source` remuxed with a rotation flag (clockwise degrees, as ffmpeg's `rotate` tag). */
export function withRotation(source: string, file: string, degrees: number): string {
  ffmpeg(['-i', source, '-c', 'copy', '-metadata:s:v', `rotate=${degrees}`, '-movflags', '+faststart', file]);
  return file;
}

/** A video of one frame, without audio. */
export function oneFrame(file: string): string {
  ffmpeg([...pictureInput(SMALL, 1), '-frames:v', '1', ...h264, '-movflags', '+faststart', file]);
  return file;
}

/** The same media with its `moov` after the media data (a plain remux: ffmpeg writes `moov` last unless told). */
export function withMoovAtEnd(source: string, file: string): string {
  ffmpeg(['-i', source, '-map', '0', '-c', 'copy', file]);
  return file;
}

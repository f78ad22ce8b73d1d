/**
 * Media for playback tests, made with the bundled ffmpeg: CMAF segments with both an HLS and a
 * DASH manifest (the dash muxer's `-hls_playlist`), and a progressive MP4. H.264 + AAC.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ffmpegPath } from '../../../local/mediaconvert/engine/ffmpeg-path';

const source = (seconds: number) => [
  '-f',
  'lavfi',
  '-i',
  `testsrc=size=320x240:rate=25:duration=${seconds}`,
  '-f',
  'lavfi',
  '-i',
  `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
  '-c:v',
  'libx264',
  '-pix_fmt',
  'yuv420p',
  '-g',
  '25',
  '-keyint_min',
  '25',
  '-sc_threshold',
  '0',
  '-c:a',
  'aac',
  '-b:a',
  '96k',
  '-shortest',
];

/** `folder/manifest.mpd` and `folder/master.m3u8` over the same one-second CMAF segments. */
export function makeCmaf(folder: string, seconds: number): { dash: string; hls: string } {
  fs.mkdirSync(folder, { recursive: true });
  execFileSync(ffmpegPath(), [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    ...source(seconds),
    '-f',
    'dash',
    '-seg_duration',
    '1',
    '-hls_playlist',
    '1',
    '-adaptation_sets',
    'id=0,streams=v id=1,streams=a',
    path.join(folder, 'manifest.mpd'),
  ]);
  return { dash: 'manifest.mpd', hls: 'master.m3u8' };
}

/** `folder/<name>`, moov first so playback starts before the whole file is read. */
export function makeMp4(folder: string, name: string, seconds: number): string {
  fs.mkdirSync(folder, { recursive: true });
  execFileSync(ffmpegPath(), [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    ...source(seconds),
    '-movflags',
    '+faststart',
    path.join(folder, name),
  ]);
  return name;
}

/**
 * The tests' short clip: ffmpeg's test pattern (320x240, 25 fps) and a 440 Hz tone, H.264 + AAC,
 * made with the ffmpeg the engine runs (VOD_FFMPEG_PATH or the bundled build). The MP4 is made once
 * for every test file (media-cache.ts); other containers add their own options to the same clip.
 */
import { execFileSync } from 'node:child_process';
import { ffmpegPath } from '../../local/mediaconvert/engine/ffmpeg-path';
import { cachedMediaSync } from './media-cache';

/** ffmpeg's arguments up to the output's container options: both inputs, `seconds` long, and the codecs. */
export function testClipArgs(seconds: number): string[] {
  return [
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
    '-c:a',
    'aac',
    '-shortest',
  ];
}

/** Runs the project's ffmpeg quietly, failing with what it printed. */
export function runFfmpeg(args: string[]): void {
  execFileSync(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-nostdin', ...args]);
}

/** The path of a cached MP4 of the clip, `moov` first so playback starts before the whole file is read. */
export function testClipMp4(seconds: number): string {
  return cachedMediaSync({ name: 'clip.mp4', parameters: { seconds }, generator: __filename }, (file) =>
    runFfmpeg([...testClipArgs(seconds), '-movflags', '+faststart', file]),
  );
}

/**
 * Media for playback tests: the tests' clip (test/support/test-clip.ts) as CMAF segments with both
 * an HLS and a DASH manifest (the dash muxer's `-hls_playlist`), and as a progressive MP4. Each is
 * made once for every test file (test/support/media-cache.ts) and copied where a test serves it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cachedMediaSync } from '../../support/media-cache';
import { runFfmpeg, testClipArgs, testClipMp4 } from '../../support/test-clip';

/** `folder/manifest.mpd` and `folder/master.m3u8` over the same one-second CMAF segments. */
export function makeCmaf(folder: string, seconds: number): { dash: string; hls: string } {
  const cached = cachedMediaSync({ name: 'cmaf', parameters: { seconds }, generator: __filename }, (made) => {
    fs.mkdirSync(made);
    runFfmpeg([
      ...testClipArgs(seconds),
      // A keyframe every second, so every segment starts with one.
      '-g',
      '25',
      '-keyint_min',
      '25',
      '-sc_threshold',
      '0',
      '-b:a',
      '96k',
      '-f',
      'dash',
      '-seg_duration',
      '1',
      '-hls_playlist',
      '1',
      '-adaptation_sets',
      'id=0,streams=v id=1,streams=a',
      path.join(made, 'manifest.mpd'),
    ]);
  });
  fs.cpSync(cached, folder, { recursive: true });
  return { dash: 'manifest.mpd', hls: 'master.m3u8' };
}

/** `folder/<name>`: the tests' MP4 clip, `moov` first. */
export function makeMp4(folder: string, name: string, seconds: number): string {
  fs.mkdirSync(folder, { recursive: true });
  fs.copyFileSync(testClipMp4(seconds), path.join(folder, name));
  return name;
}

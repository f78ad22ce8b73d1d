/**
 * The bench's sources, generated with the project's ffmpeg (the probe tests' and the demo's media
 * helpers), sized by the run: full sizes by default, smaller with --quick.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeClip, makeHlsRecording } from '../../cli/demo/sample-media';
import { ffmpeg, largeFaststartMp4, withMonoPcmTracks } from '../../test/unit/probe/support/media';

export { makeClip };

/** A faststart MP4 of about `megabytes` (constant bitrate), and the same with its `moov` at the end. */
export function largeMp4Pair(folder: string, megabytes: number): { faststart: string; moovAtEnd: string } {
  const bitrateMbps = 16;
  const seconds = Math.ceil((megabytes * 8 * 1024 * 1024) / (bitrateMbps * 1_000_000)) + 1;
  const faststart = largeFaststartMp4(path.join(folder, 'faststart.mp4'), seconds, `${bitrateMbps}M`);
  const moovAtEnd = path.join(folder, 'moov-at-end.mp4');
  // A plain remux: ffmpeg writes `moov` after the media data unless told to move it.
  ffmpeg(['-i', faststart, '-map', '0', '-c', 'copy', moovAtEnd]);
  return { faststart, moovAtEnd };
}

export function mxf8Tracks(folder: string, seconds: number): string {
  return withMonoPcmTracks(path.join(folder, 'eight-tracks.mxf'), { seconds, tracks: 8, video: 'mpeg2' });
}

/** An IVS-like recording (720p30 and 360p30 renditions, 2-second TS segments); returns the highest rendition's first segment. */
export async function ivsFirstSegment(folder: string, seconds: number): Promise<string> {
  const recording = await makeHlsRecording(path.join(folder, 'recording'), { seconds });
  const segment = path.join(recording, '720p30', '0.ts');
  if (!fs.existsSync(segment)) throw new Error(`The recording in ${recording} has no first segment 720p30/0.ts`);
  return segment;
}

/**
 * Short sample media, generated with the pipeline's own ffmpeg: what the demo feeds the pipeline and
 * what the end-to-end tests use. Seconds long, so a run stays quick on a small machine.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ffmpegPath } from '../../local/mediaconvert/engine/ffmpeg-path';

const run = promisify(execFile);

async function ffmpeg(args: string[]): Promise<void> {
  try {
    await run(ffmpegPath(), ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args], { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`ffmpeg ${args.join(' ')} failed: ${stderr.trim() || (error as Error).message}`);
  }
}

export interface ClipOptions {
  seconds: number;
  width?: number;
  height?: number;
  /** Picture source: a test pattern, or a flat colour (bumpers). */
  color?: string;
  /** Sine frequency of the stereo tone; undefined = no audio. */
  toneHz?: number;
  frameRate?: number;
  /** Rotation metadata, as a phone writes for a recording held upright: the pixels stay as they are. */
  rotation?: 90 | 180 | 270;
}

function videoSource(options: ClipOptions): string {
  const size = `${options.width ?? 1280}x${options.height ?? 720}`;
  const rate = options.frameRate ?? 30;
  return options.color ? `color=c=${options.color}:s=${size}:r=${rate}:d=${options.seconds}` : `testsrc2=s=${size}:r=${rate}:d=${options.seconds}`;
}

/** An H.264 + AAC MP4 (faststart). */
export async function makeClip(file: string, options: ClipOptions): Promise<string> {
  const audio = options.toneHz
    ? ['-f', 'lavfi', '-i', `sine=f=${options.toneHz}:r=48000:d=${options.seconds},volume=-14dB,aformat=channel_layouts=stereo`]
    : [];
  await ffmpeg([
    '-f',
    'lavfi',
    '-i',
    videoSource(options),
    ...audio,
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-pix_fmt',
    'yuv420p',
    '-g',
    String((options.frameRate ?? 30) * 2),
    ...(options.toneHz ? ['-c:a', 'aac', '-b:a', '128k', '-shortest'] : []),
    '-movflags',
    '+faststart',
    options.rotation ? `${file}.unrotated.mp4` : file,
  ]);
  if (options.rotation) {
    // The encoder drops a rotate tag given with it; a stream copy writes it into the track's matrix.
    await ffmpeg(['-i', `${file}.unrotated.mp4`, '-c', 'copy', '-metadata:s:v:0', `rotate=${options.rotation}`, '-movflags', '+faststart', file]);
    fs.rmSync(`${file}.unrotated.mp4`);
  }
  return file;
}

/**
 * A mezzanine with `tracks` mono PCM tracks: the first `audible` carry a tone, the rest digital
 * silence (the loudness branch should find them silent).
 */
export async function makeMezzanine(file: string, options: { seconds: number; tracks: number; audible: number }): Promise<string> {
  const { seconds, tracks, audible } = options;
  const inputs: string[] = ['-f', 'lavfi', '-i', videoSource({ seconds, width: 640, height: 360 })];
  for (let track = 1; track <= tracks; track += 1) {
    const source = track <= audible ? `sine=f=${300 + 200 * track}:r=48000:d=${seconds},volume=-16dB` : `anullsrc=r=48000:cl=mono,atrim=0:${seconds}`;
    inputs.push('-f', 'lavfi', '-i', source);
  }
  const maps = Array.from({ length: tracks + 1 }, (_, i) => ['-map', `${i}:0`]).flat();
  await ffmpeg([...inputs, ...maps, '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'pcm_s16le', '-ac', '1', file]);
  return file;
}

/**
 * An HLS recording laid out as IVS writes it under `media/hls/`: a master playlist and one folder
 * per rendition (`720p30/`, `360p30/`) with a playlist and 2-second TS segments.
 */
export async function makeHlsRecording(folder: string, options: { seconds: number }): Promise<string> {
  const renditions = [
    { name: '720p30', width: 1280, height: 720, bandwidth: 2_500_000 },
    { name: '360p30', width: 640, height: 360, bandwidth: 800_000 },
  ];
  fs.mkdirSync(folder, { recursive: true });
  for (const rendition of renditions) {
    const dir = path.join(folder, rendition.name);
    fs.mkdirSync(dir, { recursive: true });
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      videoSource({ seconds: options.seconds, width: rendition.width, height: rendition.height }),
      '-f',
      'lavfi',
      '-i',
      `sine=f=660:r=48000:d=${options.seconds},volume=-14dB,aformat=channel_layouts=stereo`,
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-pix_fmt',
      'yuv420p',
      '-g',
      '60',
      '-keyint_min',
      '60',
      '-c:a',
      'aac',
      '-b:a',
      '96k',
      '-shortest',
      '-f',
      'hls',
      '-hls_time',
      '2',
      '-hls_playlist_type',
      'vod',
      '-hls_segment_filename',
      path.join(dir, '%d.ts'),
      path.join(dir, 'playlist.m3u8'),
    ]);
  }
  const master = [
    '#EXTM3U',
    '#EXT-X-INDEPENDENT-SEGMENTS',
    ...renditions.flatMap((r) => [
      `#EXT-X-STREAM-INF:BANDWIDTH=${r.bandwidth},RESOLUTION=${r.width}x${r.height},CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=30.000`,
      `${r.name}/playlist.m3u8`,
    ]),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(folder, 'master.m3u8'), master);
  return folder;
}

/** A PNG with transparency: the overlay ("bug") the stitch branch puts on recordings. */
export async function makeOverlay(file: string, options: { width: number; height: number }): Promise<string> {
  await ffmpeg(['-f', 'lavfi', '-i', `color=c=0xFF6600@0.9:s=${options.width}x${options.height},format=rgba`, '-frames:v', '1', file]);
  return file;
}

/** Not media at all: text with a media file's name. */
export function makeTextFile(file: string): string {
  fs.writeFileSync(file, 'These are meeting notes, not a video.\n'.repeat(50));
  return file;
}

export interface SampleSet {
  upload: string;
  mezzanine: string;
  recording: string;
  preroll: string;
  postroll: string;
  overlay: string;
}

export const SAMPLE_SECONDS = { upload: 6, mezzanine: 4, recording: 6, bumper: 2 } as const;

/** Everything the demo needs, in `folder`. Generated once; reused when already there. */
export async function makeSampleSet(folder: string): Promise<SampleSet> {
  fs.mkdirSync(folder, { recursive: true });
  const at = (name: string) => path.join(folder, name);
  const once = async (file: string, make: (file: string) => Promise<string>) => (fs.existsSync(file) ? file : make(file));
  // Two at a time: the machine may have two cores, and each ffmpeg uses them.
  const [upload, mezzanine] = await Promise.all([
    once(at('upload-720p.mp4'), (f) => makeClip(f, { seconds: SAMPLE_SECONDS.upload, toneHz: 440 })),
    once(at('mezzanine-8-tracks.mov'), (f) => makeMezzanine(f, { seconds: SAMPLE_SECONDS.mezzanine, tracks: 8, audible: 2 })),
  ]);
  const [recording, preroll] = await Promise.all([
    fs.existsSync(at('recording/master.m3u8')) ? at('recording') : makeHlsRecording(at('recording'), { seconds: SAMPLE_SECONDS.recording }),
    once(at('preroll.mp4'), (f) => makeClip(f, { seconds: SAMPLE_SECONDS.bumper, color: 'navy', toneHz: 880 })),
  ]);
  const [postroll, overlay] = await Promise.all([
    once(at('postroll.mp4'), (f) => makeClip(f, { seconds: SAMPLE_SECONDS.bumper, color: 'darkgreen', toneHz: 550 })),
    once(at('overlay.png'), (f) => makeOverlay(f, { width: 160, height: 90 })),
  ]);
  return { upload, mezzanine, recording, preroll, postroll, overlay };
}

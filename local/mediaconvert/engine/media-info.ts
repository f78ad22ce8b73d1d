/**
 * What the engine needs to know about an input, read from ffmpeg's description of it (`ffmpeg -i`,
 * the package ships no ffprobe): duration, the video stream, the audio tracks, embedded timecode.
 */
import type { FrameRate } from './timecode';

export interface VideoInfo {
  width: number;
  height: number;
  frameRate: FrameRate;
  /** Sample (pixel) aspect ratio; 1 for square pixels. */
  sampleAspect: number;
  /** Clockwise rotation its metadata asks for: 0, 90, 180 or 270. */
  rotation: number;
}

export interface AudioTrackInfo {
  /** Position among the input's audio streams, from 1: what an audio selector's Tracks name. */
  track: number;
  channels: number;
  sampleRate: number;
}

export interface MediaInfo {
  durationSeconds?: number;
  video?: VideoInfo;
  audio: AudioTrackInfo[];
  /** The first embedded timecode (a timecode track or stream metadata). */
  timecode?: string;
}

const LAYOUT_CHANNELS: Record<string, number> = {
  mono: 1,
  stereo: 2,
  '2.1': 3,
  '3.0': 3,
  '3.0(back)': 3,
  quad: 4,
  'quad(side)': 4,
  '4.0': 4,
  '4.1': 5,
  '5.0': 5,
  '5.0(side)': 5,
  '5.1': 6,
  '5.1(side)': 6,
  '6.1': 7,
  '7.1': 8,
  '7.1(wide)': 8,
  downmix: 2,
};

/** ffmpeg prints NTSC rates rounded (29.97); MediaConvert counts them as n*1000/1001. */
export function frameRateOf(fps: number): FrameRate {
  for (const nominal of [24, 30, 48, 60, 120]) {
    if (Math.abs(fps - (nominal * 1000) / 1001) < 0.006) return { numerator: nominal * 1000, denominator: 1001 };
  }
  if (Math.abs(fps - Math.round(fps)) < 0.001) return { numerator: Math.round(fps), denominator: 1 };
  return { numerator: Math.round(fps * 1000), denominator: 1000 };
}

function seconds(text: string): number {
  const [h, m, s] = text.split(':').map(Number);
  return h * 3600 + m * 60 + s;
}

/** The `Input #0` section of ffmpeg's log; undefined when ffmpeg could not open the input. */
function inputSection(log: string): string | undefined {
  const start = log.indexOf('Input #0');
  if (start < 0) return undefined;
  const rest = log.slice(start);
  const end = rest.search(/\n(Output #0|Stream mapping:|At least one output file must be specified)/);
  return end < 0 ? rest : rest.slice(0, end);
}

function parseVideo(line: string): VideoInfo | undefined {
  if (/attached pic/.test(line)) return undefined;
  const size = /\b(\d{2,5})x(\d{2,5})\b/.exec(line);
  if (!size) return undefined;
  const fps = /,\s*([\d.]+)(k?) fps/.exec(line) ?? /,\s*([\d.]+)(k?) tbr/.exec(line);
  const rate = fps ? Number(fps[1]) * (fps[2] === 'k' ? 1000 : 1) : 25;
  const sar = /\[SAR (\d+):(\d+)/.exec(line);
  const sampleAspect = sar && Number(sar[2]) > 0 && Number(sar[1]) > 0 ? Number(sar[1]) / Number(sar[2]) : 1;
  return { width: Number(size[1]), height: Number(size[2]), frameRate: frameRateOf(rate), sampleAspect, rotation: 0 };
}

/** Rotation metadata (`rotate : 90`) or side data (`displaymatrix: rotation of -90.00 degrees`, counter-clockwise). */
function rotationOf(section: string): number {
  const tag = /^\s+rotate\s*:\s*(-?\d+)/m.exec(section);
  const matrix = /displaymatrix: rotation of (-?[\d.]+) degrees/.exec(section);
  const degrees = tag ? Number(tag[1]) : matrix ? -Number(matrix[1]) : 0;
  const rounded = Math.round((((degrees % 360) + 360) % 360) / 90) * 90;
  return Math.abs(rounded - (((degrees % 360) + 360) % 360)) <= 1 ? rounded % 360 : 0;
}

/**
 * The picture's display size (square pixels): its width stretched by the sample aspect ratio, and
 * turned a quarter when `autoRotate` applies a 90 or 270 degree rotation.
 */
export function displaySize(video: VideoInfo, autoRotate: boolean): { width: number; height: number } {
  const width = video.width * video.sampleAspect;
  const turned = autoRotate && (video.rotation === 90 || video.rotation === 270);
  return turned ? { width: video.height, height: width } : { width, height: video.height };
}

function parseAudio(line: string, track: number): AudioTrackInfo {
  const rate = /(\d+) Hz/.exec(line);
  const afterRate = rate ? line.slice(line.indexOf(rate[0]) + rate[0].length) : '';
  const layout = /^,\s*([^,]+)/.exec(afterRate)?.[1]?.trim() ?? '';
  const counted = /^(\d+) channels/.exec(layout);
  const channels = counted ? Number(counted[1]) : (LAYOUT_CHANNELS[layout] ?? 2);
  return { track, channels, sampleRate: rate ? Number(rate[1]) : 48000 };
}

/** Reads ffmpeg's description of input #0; undefined when there is none (ffmpeg could not open it). */
export function parseMediaInfo(log: string): MediaInfo | undefined {
  const section = inputSection(log);
  if (section === undefined) return undefined;
  const info: MediaInfo = { audio: [] };
  const duration = /Duration: (\d+:\d{2}:\d{2}(?:\.\d+)?)/.exec(section);
  if (duration) info.durationSeconds = seconds(duration[1]);
  for (const line of section.split('\n')) {
    const stream = /Stream #0:\d+(?:\[[^\]]*\])?(?:\([^)]*\))?: (Video|Audio): (.*)$/.exec(line);
    if (!stream) continue;
    if (stream[1] === 'Video' && !info.video) {
      const video = parseVideo(stream[2]);
      if (video) info.video = video;
    } else if (stream[1] === 'Audio') {
      info.audio.push(parseAudio(stream[2], info.audio.length + 1));
    }
  }
  if (info.video) info.video.rotation = rotationOf(section);
  const timecode = /^\s+timecode\s*:\s*(\d{2}:\d{2}:\d{2}[:;.]\d{2})\s*$/m.exec(section);
  if (timecode) info.timecode = timecode[1].replace('.', ':');
  return info;
}

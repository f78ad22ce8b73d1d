/**
 * The job's timeline, once its inputs are known: the segments to concatenate (each input whole, or
 * its clippings in order), where each overlay shows within them, the audio each selector takes,
 * and the canvas every input is brought to before they are joined (the followed input's picture
 * and frame rate, MediaConvert's FollowSource).
 */
import { ERROR_CODES, JobFailedError } from './errors';
import type { ImagePlan, InputPlan, JobPlan } from './job-plan';
import { displaySize } from './media-info';
import type { MediaInfo } from './media-info';
import type { FrameRate } from './timecode';
import { framesPerSecond, timecodeToFrames } from './timecode';

export interface Canvas {
  width: number;
  height: number;
  frameRate: FrameRate;
}

/** An overlay within one segment, in seconds from the segment's start. */
export interface SegmentImage {
  image: ImagePlan;
  /** When the image starts (its fade-in starts); negative when it started before the segment. */
  start: number;
  /** When it is fully gone (after its fade-out); Infinity: to the end of the segment. */
  end: number;
}

export interface Segment {
  input: number;
  /** Where the segment starts in the input, in seconds from its first frame. */
  start: number;
  duration: number;
  images: SegmentImage[];
}

export interface SelectedAudio {
  /** Input audio tracks (from 1) merged into this selector's audio; empty: silence. */
  tracks: number[];
  channels: number;
}

export interface Timeline {
  segments: Segment[];
  duration: number;
  /** Undefined when no input has video. */
  canvas?: Canvas;
  /** Per input, per audio selector name. */
  audio: Record<string, SelectedAudio>[];
  /** Channels of each selector's joined audio: the most any input gives it (2 when all are silent). */
  selectorChannels: Record<string, number>;
}

/** Timecodes of inputs without video are counted at this rate. */
const AUDIO_ONLY_RATE: FrameRate = { numerator: 30, denominator: 1 };

const even = (value: number): number => Math.max(2, Math.round(value / 2) * 2);

function clippingError(message: string): JobFailedError {
  return new JobFailedError(ERROR_CODES.timecodeClipping, message);
}

/** Frame number of the input's first frame on its timecode timeline. */
function firstFrame(input: InputPlan, info: MediaInfo, rate: FrameRate, number: number): number {
  const what = `The timecode source of input number [${number}]`;
  if (input.timecodeSource === 'ZEROBASED') return 0;
  if (input.timecodeSource === 'SPECIFIEDSTART') return timecodeToFrames(input.timecodeStart ?? '00:00:00:00', rate, what);
  // EMBEDDED: the input's own timecode; an input without one starts at zero.
  return info.timecode ? timecodeToFrames(info.timecode, rate, what) : 0;
}

function segmentsOf(input: InputPlan, info: MediaInfo, index: number, fallbackRate: FrameRate): Segment[] {
  const number = index + 1;
  const duration = info.durationSeconds;
  if (duration === undefined || !(duration > 0)) {
    throw new JobFailedError(
      ERROR_CODES.fileAccess,
      `Unable to open input file [${input.uri}]: [Failed probe/open: [no duration could be read]]. Check that input number [${number}] is a complete media file.`,
    );
  }
  const rate = info.video?.frameRate ?? fallbackRate;
  const fps = framesPerSecond(rate);
  const base = firstFrame(input, info, rate, number);
  const toSeconds = (timecode: string, what: string) => {
    try {
      return (timecodeToFrames(timecode, rate, what) - base) / fps;
    } catch (error) {
      throw clippingError(`${(error as Error).message} in input number [${number}]`);
    }
  };
  const images = (start: number, length: number): SegmentImage[] =>
    input.images.flatMap((image) => {
      const from = image.startTimecode ? toSeconds(image.startTimecode, 'The image start time') : 0;
      const to = image.durationMs === undefined ? Infinity : from + (image.durationMs + image.fadeOutMs) / 1000;
      if (to <= start || from >= start + length) return [];
      return [{ image, start: from - start, end: to - start }];
    });

  if (input.clippings.length === 0) return [{ input: index, start: 0, duration, images: images(0, duration) }];
  return input.clippings.map((clipping) => {
    const start = clipping.start ? toSeconds(clipping.start, 'The clipping start timecode') : 0;
    // The frame of the end timecode is included in the clip.
    const end = clipping.end ? toSeconds(clipping.end, 'The clipping end timecode') + 1 / fps : duration;
    const region = `[${clipping.start ?? 'start'}] to [${clipping.end ?? 'end'}]`;
    if (start < 0 || start >= duration - 0.5 / fps || end <= start) {
      throw clippingError(
        `The clipping region ${region} was not found in input number [${number}] (its timecodes run for ${duration.toFixed(3)} s from its first frame); set clippings within the input and resubmit the job.`,
      );
    }
    // An end past the input clips to the input's end.
    const length = Math.min(end, duration) - start;
    return { input: index, start, duration: length, images: images(start, length) };
  });
}

function selectedAudio(input: InputPlan, info: MediaInfo, index: number): Record<string, SelectedAudio> {
  const result: Record<string, SelectedAudio> = {};
  for (const [name, selector] of Object.entries(input.audioSelectors)) {
    const missing = selector.tracks.find((track) => track > info.audio.length);
    if (missing !== undefined) {
      if (selector.defaulted && info.audio.length === 0) {
        result[name] = { tracks: [], channels: 0 };
        continue;
      }
      throw new JobFailedError(
        ERROR_CODES.settingsCompatibility,
        `Invalid audio track specified for audio_selector [${name}]. Audio track [${missing}] not found in input container. ` +
          `Input number [${index + 1}] (${input.uri}) has ${info.audio.length} audio track(s); correct ${input.path}.AudioSelectors and resubmit the job.`,
      );
    }
    const channels = selector.tracks.reduce((sum, track) => sum + info.audio[track - 1].channels, 0);
    result[name] = { tracks: selector.tracks, channels };
  }
  return result;
}

export function resolveTimeline(plan: JobPlan, infos: MediaInfo[]): Timeline {
  // MediaConvert follows the FollowSource input, or the first input with video when that one has none.
  const followIndex = infos[plan.followInput]?.video ? plan.followInput : infos.findIndex((info) => info.video);
  const followed = followIndex >= 0 ? infos[followIndex].video : undefined;
  const shown = followed ? displaySize(followed, plan.inputs[followIndex].autoRotate) : undefined;
  const canvas: Canvas | undefined =
    followed && shown ? { width: even(shown.width), height: even(shown.height), frameRate: followed.frameRate } : undefined;
  const fallbackRate = canvas?.frameRate ?? AUDIO_ONLY_RATE;
  const segments = plan.inputs.flatMap((input, index) => segmentsOf(input, infos[index], index, fallbackRate));
  const audio = plan.inputs.map((input, index) => selectedAudio(input, infos[index], index));
  const selectorChannels: Record<string, number> = {};
  for (const selectors of audio) {
    for (const [name, selected] of Object.entries(selectors)) selectorChannels[name] = Math.max(selectorChannels[name] ?? 0, selected.channels);
  }
  for (const name of Object.keys(selectorChannels)) if (selectorChannels[name] === 0) selectorChannels[name] = 2;
  const duration = segments.reduce((sum, segment) => sum + segment.duration, 0);
  return { segments, duration, audio, selectorChannels, ...(canvas ? { canvas } : {}) };
}

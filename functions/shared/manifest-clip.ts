/**
 * A job manifest's clip (`clip.start`, `clip.end`: seconds, `HH:MM:SS:FF` or `HH:MM:SS.mmm`) against
 * the probed video: checked before any job, then turned into MediaConvert InputClippings.
 * Timecodes count frames at the video's nominal rate from 00:00:00:00 (the templates' inputs are
 * ZEROBASED), so seconds become a frame count at the real rate, written at the nominal one.
 */
import type { InputClipping } from '@aws-sdk/client-mediaconvert';
import type { Probe } from './asset';
import type { JobManifest } from './job-manifest';
import { formatProblem } from './manifest-problems';

type Clip = NonNullable<JobManifest['clip']>;
type ClipTime = NonNullable<Clip['start']>;

/** Frames per second assumed when the probe gives none (an audio-only file). */
const FALLBACK_FRAME_RATE = 25;

const FRAMES = /^(\d{2}):(\d{2}):(\d{2})[:;](\d{2})$/;
const CLOCK = /^(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?$/;

export function frameRateOf(probe: Pick<Probe, 'video'>): number {
  const rate = probe.video?.frameRate;
  return rate && rate > 0 ? rate : FALLBACK_FRAME_RATE;
}

/** Seconds from the start; undefined for a timecode naming a frame the rate does not have. */
export function clipSeconds(time: ClipTime, fps: number): number | undefined {
  if (typeof time === 'number') return time;
  const frames = FRAMES.exec(time);
  if (frames) {
    const [hours, minutes, seconds, frame] = frames.slice(1).map(Number);
    const nominal = Math.round(fps);
    if (frame >= nominal) return undefined;
    return (((hours * 60 + minutes) * 60 + seconds) * nominal + frame) / fps;
  }
  const clock = CLOCK.exec(time);
  if (!clock) return undefined;
  return (Number(clock[1]) * 60 + Number(clock[2])) * 60 + Number(clock[3]) + Number(clock[4] ?? 0);
}

/** `HH:MM:SS:FF` of the frame showing at `seconds`, at `fps` (the epsilon absorbs floating-point error on exact frame times). */
export function secondsToTimecode(seconds: number, fps: number): string {
  const nominal = Math.round(fps);
  const frames = Math.floor(seconds * fps + 1e-6);
  const whole = Math.floor(frames / nominal);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(whole / 3600))}:${two(Math.floor((whole % 3600) / 60))}:${two(whole % 60)}:${two(frames % nominal)}`;
}

const shown = (time: ClipTime): string => JSON.stringify(time);

/** What is wrong with the clip for this video; empty when it fits. */
export function clipProblems(clip: Clip | undefined, probe: Pick<Probe, 'video' | 'durationMs'>): string[] {
  if (!clip) return [];
  const fps = frameRateOf(probe);
  const durationSeconds = probe.durationMs / 1000;
  const problems: string[] = [];
  const seconds: Partial<Record<'start' | 'end', number>> = {};
  for (const field of ['start', 'end'] as const) {
    const time = clip[field];
    if (time === undefined) continue;
    const value = clipSeconds(time, fps);
    if (value === undefined) {
      problems.push(formatProblem(`$.clip.${field}`, shown(time), `a frame number below ${Math.round(fps)} (the video's frame rate is ${fps})`));
    } else if (value > durationSeconds) {
      problems.push(
        formatProblem(`$.clip.${field}`, `${shown(time)} (${value.toFixed(3)} s)`, `at most the video's duration, ${durationSeconds.toFixed(3)} s`),
      );
    } else {
      seconds[field] = value;
    }
  }
  if (seconds.start !== undefined && seconds.start >= (seconds.end ?? durationSeconds)) {
    const end = clip.end !== undefined ? `$.clip.end (${shown(clip.end)})` : `the video's end (${durationSeconds.toFixed(3)} s)`;
    problems.push(formatProblem('$.clip.start', `${shown(clip.start!)}, not before ${end}`, 'a start before the end'));
  }
  return problems;
}

/** The clip as an InputClipping; undefined without a clip. Call after clipProblems found none. */
export function inputClipping(clip: Clip | undefined, probe: Pick<Probe, 'video'>): InputClipping | undefined {
  if (!clip || (clip.start === undefined && clip.end === undefined)) return undefined;
  const fps = frameRateOf(probe);
  const timecode = (time: ClipTime): string =>
    typeof time === 'string' && FRAMES.test(time) ? time : secondsToTimecode(clipSeconds(time, fps)!, fps);
  return {
    ...(clip.start !== undefined ? { StartTimecode: timecode(clip.start) } : {}),
    ...(clip.end !== undefined ? { EndTimecode: timecode(clip.end) } : {}),
  };
}

/** Seconds of the video the job processes: the clip's length, or the whole video. */
export function programmeSeconds(clip: Clip | undefined, probe: Pick<Probe, 'video' | 'durationMs'>): number {
  const fps = frameRateOf(probe);
  const whole = probe.durationMs / 1000;
  const start = clip?.start !== undefined ? (clipSeconds(clip.start, fps) ?? 0) : 0;
  const end = clip?.end !== undefined ? (clipSeconds(clip.end, fps) ?? whole) : whole;
  return Math.max(0, Math.min(end, whole) - start);
}

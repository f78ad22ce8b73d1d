/**
 * MediaConvert timecodes (`HH:MM:SS:FF`). With a ZEROBASED input timecode source the first frame of
 * each input is 00:00:00:00, so a duration from the start is also its end timecode.
 */

/** Whole seconds (rounded up) as a timecode on frame 0 of that second, so no frame rate is needed. */
export function secondsTimecode(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(`Timecode: ${seconds} is not a duration in seconds`);
  }
  const whole = Math.ceil(seconds);
  const hours = Math.floor(whole / 3600);
  if (hours > 99) throw new RangeError(`Timecode: ${seconds} s does not fit in HH:MM:SS:FF`);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(hours)}:${two(Math.floor((whole % 3600) / 60))}:${two(whole % 60)}:00`;
}

/** Seconds from 00:00:00:00 of a timecode `HH:MM:SS:FF` (`;` before the frames too), frames counted at `frameRate`. */
export function timecodeSeconds(timecode: string, frameRate: number): number {
  const match = /^(\d{2}):(\d{2}):(\d{2})[:;](\d{2})$/.exec(timecode);
  if (!match) throw new RangeError(`Timecode: ${JSON.stringify(timecode)} is not HH:MM:SS:FF`);
  const [hours, minutes, seconds, frames] = match.slice(1).map(Number);
  return hours * 3600 + minutes * 60 + seconds + (frameRate > 0 ? frames / frameRate : 0);
}

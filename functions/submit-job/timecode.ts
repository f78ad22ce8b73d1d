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

/**
 * SMPTE timecodes as MediaConvert takes them (`HH:MM:SS:FF`, or `HH:MM:SS;FF` for drop-frame), counted
 * in frames of an input's frame rate.
 */

export interface FrameRate {
  numerator: number;
  denominator: number;
}

const TIMECODE = /^(\d{2}):(\d{2}):(\d{2})([:;])(\d{2})$/;

export function isTimecode(text: string): boolean {
  return TIMECODE.test(text);
}

export function framesPerSecond(rate: FrameRate): number {
  return rate.numerator / rate.denominator;
}

/**
 * The frame number a timecode names at `rate`. `;` before the frames marks drop-frame timecode,
 * which only NTSC rates (29.97, 59.94) drop; at other rates it counts like `:`.
 * Throws a RangeError (with `what` in its message) for a malformed timecode.
 */
export function timecodeToFrames(timecode: string, rate: FrameRate, what = 'Timecode'): number {
  const match = TIMECODE.exec(timecode);
  if (!match) throw new RangeError(`${what} ${JSON.stringify(timecode)} is not a timecode (HH:MM:SS:FF or HH:MM:SS;FF)`);
  const [hours, minutes, seconds, separator, frames] = [Number(match[1]), Number(match[2]), Number(match[3]), match[4], Number(match[5])];
  const fps = framesPerSecond(rate);
  const nominal = Math.round(fps);
  if (minutes > 59 || seconds > 59 || frames >= nominal) {
    throw new RangeError(`${what} ${JSON.stringify(timecode)} is out of range at ${fps.toFixed(3)} frames per second`);
  }
  const counted = ((hours * 60 + minutes) * 60 + seconds) * nominal + frames;
  const isDropRate = Math.abs(fps * 1.001 - nominal) < 0.01 && nominal % 30 === 0;
  if (separator !== ';' || !isDropRate) return counted;
  // Drop-frame skips frame numbers 0 and 1 (0-3 at 59.94) every minute except every tenth.
  const dropped = (nominal / 30) * 2;
  const totalMinutes = hours * 60 + minutes;
  return counted - dropped * (totalMinutes - Math.floor(totalMinutes / 10));
}

/** Seconds from frame zero to the start of the frame a timecode names. */
export function timecodeToSeconds(timecode: string, rate: FrameRate, what?: string): number {
  return (timecodeToFrames(timecode, rate, what) * rate.denominator) / rate.numerator;
}

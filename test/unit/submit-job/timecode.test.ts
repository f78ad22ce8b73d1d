import { secondsTimecode } from '../../../functions/submit-job/timecode';

describe('secondsTimecode', () => {
  it.each([
    [0, '00:00:00:00'],
    [60, '00:01:00:00'],
    [90.2, '00:01:31:00'],
    [3599, '00:59:59:00'],
    [3661, '01:01:01:00'],
  ])('writes %d s as %s', (seconds, timecode) => {
    expect(secondsTimecode(seconds)).toBe(timecode);
  });

  it.each([-1, Number.NaN, 100 * 3600])('refuses %d s', (seconds) => {
    expect(() => secondsTimecode(seconds)).toThrow(RangeError);
  });
});

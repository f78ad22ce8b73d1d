import { clipProblems, clipSeconds, inputClipping, secondsToTimecode } from '../../../functions/shared/manifest-clip';

const video = (frameRate: number, durationMs = 10_000) => ({ durationMs, video: { codec: 'AVC', width: 640, height: 360, frameRate } });

describe('a job manifest clip', () => {
  it.each([
    [12, 25, 12],
    ['00:00:12:05', 25, 12.2],
    ['00:01:02.250', 25, 62.25],
    ['00:00:01:15', 29.97, 45 / 29.97],
  ])('reads %j at %d fps as %d s', (time, fps, seconds) => {
    expect(clipSeconds(time, fps)).toBeCloseTo(seconds, 6);
  });

  it('writes seconds as the timecode of the frame showing then, counted at the nominal rate', () => {
    expect(secondsToTimecode(3723.5, 25)).toBe('01:02:03:12');
    expect(secondsToTimecode(1.5, 29.97)).toBe('00:00:01:14');
    expect(secondsToTimecode(45 / 29.97, 29.97)).toBe('00:00:01:15');
  });

  it('keeps frame timecodes as written and converts the others', () => {
    expect(inputClipping({ start: '00:00:01:07', end: 4 }, video(25))).toEqual({ StartTimecode: '00:00:01:07', EndTimecode: '00:00:04:00' });
    expect(inputClipping({ end: '00:00:02.5' }, video(50))).toEqual({ EndTimecode: '00:00:02:25' });
    expect(inputClipping({}, video(25))).toBeUndefined();
  });

  it('finds nothing wrong with a clip inside the video', () => {
    expect(clipProblems({ start: 1, end: '00:00:09:24' }, video(25))).toEqual([]);
  });

  it.each([
    [{ start: 11 }, "at $.clip.start: found 11 (11.000 s); allowed: at most the video's duration, 10.000 s"],
    [{ end: '00:00:10.500' }, 'at $.clip.end: found "00:00:10.500" (10.500 s); allowed: at most the video\'s duration, 10.000 s'],
    [{ start: 5, end: 4 }, 'at $.clip.start: found 5, not before $.clip.end (4); allowed: a start before the end'],
    [{ start: 10 }, "at $.clip.start: found 10, not before the video's end (10.000 s); allowed: a start before the end"],
    [{ start: '00:00:01:30' }, 'at $.clip.start: found "00:00:01:30"; allowed: a frame number below 25 (the video\'s frame rate is 25)'],
  ])('refuses %j: %s', (clip, problem) => {
    expect(clipProblems(clip, video(25))).toEqual([problem]);
  });
});

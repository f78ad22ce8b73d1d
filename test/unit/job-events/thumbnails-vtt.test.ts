import { thumbnailCues, thumbnailsVtt, vttTimestamp } from '../../../functions/job-events/thumbnails-vtt';

const frames = (count: number) => Array.from({ length: count }, (_, i) => `a_thumb.${String(i).padStart(7, '0')}.jpg`);

describe('vttTimestamp', () => {
  it.each([
    [0, '00:00:00.000'],
    [1234, '00:00:01.234'],
    [61_000, '00:01:01.000'],
    [3_723_004, '01:02:03.004'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(vttTimestamp(ms)).toBe(text);
  });
});

describe('thumbnailCues', () => {
  it('gives each frame its interval, back to back, the last one ending at the asset end', () => {
    // Act
    const cues = thumbnailCues(frames(5), 10_000, 47_000);

    // Assess
    expect(cues.map((cue) => [cue.startMs, cue.endMs])).toEqual([
      [0, 10_000],
      [10_000, 20_000],
      [20_000, 30_000],
      [30_000, 40_000],
      [40_000, 47_000],
    ]);
    for (let i = 1; i < cues.length; i++) expect(cues[i].startMs).toBe(cues[i - 1].endMs);
    expect(cues[0].image).toBe('a_thumb.0000000.jpg');
  });

  it('stretches the last frame to the end when the captures stopped early', () => {
    expect(thumbnailCues(frames(2), 10_000, 60_000).at(-1)).toEqual({ startMs: 10_000, endMs: 60_000, image: 'a_thumb.0000001.jpg' });
  });

  it('leaves out frames at or past the end, and keeps the first frame of a very short asset', () => {
    expect(thumbnailCues(frames(4), 10_000, 20_000).map((cue) => cue.image)).toEqual(['a_thumb.0000000.jpg', 'a_thumb.0000001.jpg']);
    expect(thumbnailCues(frames(1), 10_000, 400)).toEqual([{ startMs: 0, endMs: 400, image: 'a_thumb.0000000.jpg' }]);
  });

  it('lasts one interval per frame without a duration', () => {
    expect(thumbnailCues(frames(3), 5000).at(-1)?.endMs).toBe(15_000);
  });

  it('refuses an interval that is not positive', () => {
    expect(() => thumbnailCues(frames(3), 0, 1000)).toThrow(/interval must be positive/);
  });
});

describe('thumbnailsVtt', () => {
  it('writes a WEBVTT header and one cue per frame naming the image relative to the track', () => {
    // Act
    const vtt = thumbnailsVtt(thumbnailCues(['a b.0.jpg', 'a b.1.jpg'], 2500, 4000));

    // Assess
    expect(vtt).toBe('WEBVTT\n\n00:00:00.000 --> 00:00:02.500\na%20b.0.jpg\n\n00:00:02.500 --> 00:00:04.000\na%20b.1.jpg\n');
  });
});

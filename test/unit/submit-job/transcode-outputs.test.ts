import { posterCapture, thumbnailCapture } from '../../../functions/submit-job/transcode-outputs';

describe('posterCapture', () => {
  it.each([
    [12, { FramerateNumerator: 1, FramerateDenominator: 12, MaxCaptures: 2 }],
    [0.3, { FramerateNumerator: 10, FramerateDenominator: 3, MaxCaptures: 2 }],
    [13.337, { FramerateNumerator: 1000, FramerateDenominator: 13337, MaxCaptures: 2 }],
  ])('lands the second capture at %s s', (seconds, expected) => {
    // Act
    const capture = posterCapture(seconds);

    // Assess
    expect(capture).toEqual(expected);
    expect(capture.FramerateDenominator! / capture.FramerateNumerator!).toBeCloseTo(seconds, 3);
  });

  it('takes the first frame when the poster time is under a millisecond', () => {
    expect(posterCapture(0)).toEqual({ FramerateNumerator: 1, FramerateDenominator: 1, MaxCaptures: 1 });
  });
});

describe('thumbnailCapture', () => {
  it('captures one frame every interval', () => {
    expect(thumbnailCapture(10)).toEqual({ FramerateNumerator: 1, FramerateDenominator: 10 });
  });
});

import { SILENCE_FLOOR_DB, audioLayout, classifyLoudness, recordedLoudness } from '../../../functions/classify-loudness/classify';
import type { AudioTrack } from '../../../functions/shared/asset';

const monoTracks = (count: number): AudioTrack[] =>
  Array.from({ length: count }, (_, i) => ({ index: i + 1, codec: 'PCM', channels: 1, sampleRate: 48000 }));

describe('classifyLoudness', () => {
  it('classifies 8 mono tracks with 2 audible as stereo', () => {
    // Prepare
    const readings = [-9.874, -10.2, ...Array(6).fill(-143.268118)];

    // Act
    const result = classifyLoudness(readings, monoTracks(8), -50);

    // Assess
    expect(result).toEqual({
      thresholdDb: -50,
      maxLoudness: [-9.87, -10.2, -143.27, -143.27, -143.27, -143.27, -143.27, -143.27],
      loudnessMap: [1, 1, 0, 0, 0, 0, 0, 0],
      silentTracks: [3, 4, 5, 6, 7, 8],
      layout: 'stereo',
    });
  });

  it('applies the configured threshold', () => {
    expect(classifyLoudness([-55], monoTracks(1), -60).loudnessMap).toEqual([1]);
    expect(classifyLoudness([-55], monoTracks(1), -50).loudnessMap).toEqual([0]);
  });

  it("takes each audible track's channels from the probe", () => {
    const tracks: AudioTrack[] = [
      { index: 1, codec: 'AAC', channels: 6, sampleRate: 48000 },
      { index: 2, codec: 'AAC', channels: 2, sampleRate: 48000 },
    ];

    expect(classifyLoudness([-20, -120], tracks, -50).layout).toBe('5.1');
    expect(classifyLoudness([-20, -20], tracks, -50).layout).toBe('other');
  });

  it('calls all-silent audio none and floors negative infinity', () => {
    const result = classifyLoudness([Number.NEGATIVE_INFINITY, -143.268118], monoTracks(2), -50);

    expect(result).toMatchObject({ maxLoudness: [SILENCE_FLOOR_DB, -143.27], silentTracks: [1, 2], layout: 'none' });
  });
});

describe('recordedLoudness', () => {
  it.each([
    [-9.874, -9.87],
    [-9.875, -9.87],
    [-0.001, 0],
    [Number.NEGATIVE_INFINITY, -144],
  ])('%p -> %p', (value, expected) => {
    expect(Object.is(recordedLoudness(value), expected)).toBe(true);
  });
});

describe('audioLayout', () => {
  it.each([
    [0, 'none'],
    [1, 'mono'],
    [2, 'stereo'],
    [6, '5.1'],
    [3, 'other'],
    [8, 'other'],
  ])('%p channels -> %s', (channels, layout) => {
    expect(audioLayout(channels)).toBe(layout);
  });
});

import { findLoudnessLogs, matchLogsToTracks } from '../../../functions/classify-loudness/loudness-logs';
import { loudnessLogKeys } from '../../../functions/shared/output-layout';

const folder = 'tmp/loudness/mezz-a1b2/';

describe('findLoudnessLogs', () => {
  it('finds the logs of a multi-track output and orders them by track number, not by text', () => {
    // Prepare
    const keys = [10, 2, 1, 9, 3].map((n) => `${folder}clip_loudness.${n}.csv`).concat(`${folder}clip.mp4`, `${folder}notes.csv`);

    // Act
    const logs = findLoudnessLogs(keys);

    // Assess
    expect(logs.map((log) => log.trackNumber)).toEqual([1, 2, 3, 9, 10]);
  });

  it('orders one-output-per-track logs by the number of their name modifier', () => {
    const keys = ['_a10', '_a2', '_a1'].map((modifier) => `${folder}clip${modifier}_loudness.csv`);

    expect(findLoudnessLogs(keys).map((log) => log.key)).toEqual([
      `${folder}clip_a1_loudness.csv`,
      `${folder}clip_a2_loudness.csv`,
      `${folder}clip_a10_loudness.csv`,
    ]);
  });

  it('accepts upper-case extensions', () => {
    expect(findLoudnessLogs([`${folder}CLIP_LOUDNESS.CSV`])).toHaveLength(1);
  });
});

describe('logs named as the submit step lays them out', () => {
  it.each([
    ['an input with video (one output, several tracks)', true],
    ['an audio-only input (one output per track)', false],
  ])('matches 12 tracks of %s in track order', (_case, hasVideo) => {
    // Prepare
    const expected = loudnessLogKeys('mezz-a1b2', 12, hasVideo);
    const shuffled = [...expected].reverse().concat('tmp/loudness/mezz-a1b2/audio_analysis.mp4');

    // Act
    const match = matchLogsToTracks(findLoudnessLogs(shuffled), 12);

    // Assess
    expect(match).toEqual({ ok: true, logs: expected.map((key, i) => ({ track: i + 1, key })) });
  });
});

describe('matchLogsToTracks', () => {
  const logs = (numbers: number[]) => findLoudnessLogs(numbers.map((n) => `${folder}clip_loudness.${n}.csv`));

  it('gives one log per track in track order', () => {
    const match = matchLogsToTracks(logs([3, 1, 2]), 3);

    expect(match).toEqual({
      ok: true,
      logs: [1, 2, 3].map((track) => ({ track, key: `${folder}clip_loudness.${track}.csv` })),
    });
  });

  it('says which tracks have no log', () => {
    const match = matchLogsToTracks(logs([1, 2, 4, 5, 6, 8]), 8);

    expect(match).toMatchObject({ ok: false, found: 6, expected: 8, missingTracks: [3, 7], unexpected: [] });
  });

  it('reports logs beyond the probed tracks', () => {
    const match = matchLogsToTracks(logs([1, 2, 3]), 2);

    expect(match).toMatchObject({ ok: false, missingTracks: [], unexpected: [`${folder}clip_loudness.3.csv`] });
  });

  it('reports a gap even when the count matches', () => {
    expect(matchLogsToTracks(logs([1, 2, 4]), 3)).toMatchObject({ ok: false, missingTracks: [3], unexpected: [`${folder}clip_loudness.4.csv`] });
  });

  it('accepts numbering from 0', () => {
    expect(matchLogsToTracks(logs([0, 1]), 2)).toMatchObject({ ok: true, logs: [{ track: 1 }, { track: 2 }] });
  });

  it('reports every track missing when there is no log', () => {
    expect(matchLogsToTracks([], 2)).toMatchObject({ ok: false, found: 0, missingTracks: [1, 2] });
  });

  it('matches a single unnumbered log to a single track', () => {
    const match = matchLogsToTracks(findLoudnessLogs([`${folder}clip_loudness.csv`]), 1);

    expect(match).toEqual({ ok: true, logs: [{ track: 1, key: `${folder}clip_loudness.csv` }] });
  });
});

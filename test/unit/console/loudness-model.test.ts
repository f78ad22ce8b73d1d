import type { LoudnessResult } from '../../../functions/shared/asset';
import { formatDb, loudnessChartModel } from '../../../console/web/loudness/loudness-model';

const SIX_TRACKS: LoudnessResult = {
  thresholdDb: -50,
  maxLoudness: [-12.4, -14.02, -144, -23.5, -61.3, -144],
  loudnessMap: [1, 1, 0, 1, 0, 0],
  silentTracks: [3, 5, 6],
  layout: '5.1',
};

describe('loudnessChartModel', () => {
  it('clamps the axis above digital silence and keeps the real value in the label of a clamped bar', () => {
    const model = loudnessChartModel(SIX_TRACKS);

    expect(model.axisMin).toBe(-80);
    expect(model.axisMax).toBe(0);
    expect(model.bars).toHaveLength(6);
    expect(model.bars[2]).toEqual({ track: 3, value: -144, drawn: -80, clamped: true, audible: false, label: ['Track 3', '−144.0 dB ↓'] });
    expect(model.bars[4]).toMatchObject({ value: -61.3, drawn: -61.3, clamped: false, audible: false });
    expect(model.bars[0]).toMatchObject({ drawn: -12.4, audible: true, label: ['Track 1', '−12.4 dB'] });
  });

  it('writes the loudness map and the verdict', () => {
    const model = loudnessChartModel(SIX_TRACKS);

    expect(model.mapText).toBe('1 1 0 1 0 0');
    expect(model.verdict).toBe('Silent: tracks 3, 5, 6 (threshold −50.0 dB). Audio layout of the audible tracks: 5.1 surround.');
  });

  it('says every track is audible when none is silent, and keeps the threshold on the axis', () => {
    const model = loudnessChartModel({ thresholdDb: -70, maxLoudness: [-20], loudnessMap: [1], silentTracks: [], layout: 'stereo' });

    expect(model.verdict).toBe('Every track is audible (threshold −70.0 dB). Audio layout of the audible tracks: stereo.');
    expect(model.axisMin).toBe(-80);
  });

  it('has no bars and says so when no track was measured', () => {
    const model = loudnessChartModel({ thresholdDb: -50, maxLoudness: [], loudnessMap: [], silentTracks: [], layout: 'none' });

    expect(model.bars).toEqual([]);
    expect(model.verdict).toBe('No audio tracks were measured.');
  });

  it('rejects a result whose map does not match its readings, saying what to do', () => {
    const broken = { ...SIX_TRACKS, loudnessMap: [1, 0] as (0 | 1)[] };

    expect(() => loudnessChartModel(broken)).toThrow(/maxLoudness of 6, loudnessMap of 2.*reclassify/);
  });
});

describe('formatDb', () => {
  it('writes one decimal and a true minus sign', () => {
    expect(formatDb(-23.456)).toBe('−23.5 dB');
    expect(formatDb(0)).toBe('0.0 dB');
  });
});

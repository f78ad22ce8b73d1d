/**
 * What the loudness chart draws, from an asset's loudness result: the value axis (clamped, because a
 * silent track reads about -144 dB and would flatten every other bar), each track's bar, its label
 * with the real value, and the verdict as text. Pure: no DOM.
 */
import type { AudioLayout, LoudnessResult } from '../../../functions/shared/asset';

export interface TrackBar {
  track: number;
  /** The Input Max Loudness as recorded, in dB. */
  value: number;
  /** The value drawn: the real one, or the axis minimum when it is lower. */
  drawn: number;
  clamped: boolean;
  audible: boolean;
  /** Category label lines: `Track 3`, `-144 dB (below axis)`. */
  label: string[];
}

export interface LoudnessChartModel {
  axisMin: number;
  axisMax: number;
  thresholdDb: number;
  bars: TrackBar[];
  /** `1 1 0 1`: the loudness map as the record has it. */
  mapText: string;
  verdict: string;
}

/** The lowest the axis goes: far enough below any threshold in use to show quiet tracks, not digital silence. */
const AXIS_FLOOR_DB = -90;
/** Room below the lowest value (or the threshold) shown. */
const AXIS_MARGIN_DB = 10;

const LAYOUTS: Record<AudioLayout, string> = {
  none: 'no audible audio',
  mono: 'mono',
  stereo: 'stereo',
  '5.1': '5.1 surround',
  other: 'a channel count that is not mono, stereo or 5.1',
};

export function formatDb(value: number): string {
  return `${value.toFixed(1).replace('-', '−')} dB`;
}

export function loudnessChartModel(loudness: LoudnessResult): LoudnessChartModel {
  const { maxLoudness, loudnessMap, thresholdDb } = loudness;
  if (!Array.isArray(maxLoudness) || !Array.isArray(loudnessMap) || maxLoudness.length !== loudnessMap.length || !Number.isFinite(thresholdDb)) {
    throw new Error(
      `The loudness result does not hold one reading and one map entry per track (maxLoudness ${describe(maxLoudness)}, loudnessMap ${describe(loudnessMap)}, thresholdDb ${String(thresholdDb)}): reclassify the asset's loudness.`,
    );
  }
  const finite = maxLoudness.filter((value) => Number.isFinite(value));
  const lowestShown = Math.min(thresholdDb, ...finite.filter((value) => value >= AXIS_FLOOR_DB));
  const axisMin = Math.max(AXIS_FLOOR_DB, Math.floor((lowestShown - AXIS_MARGIN_DB) / 10) * 10);
  const axisMax = Math.max(0, Math.ceil(Math.max(thresholdDb, ...finite) / 10) * 10);
  const bars = maxLoudness.map((value, index): TrackBar => {
    const clamped = !(value >= axisMin);
    const audible = loudnessMap[index] === 1;
    return {
      track: index + 1,
      value,
      drawn: clamped ? axisMin : value,
      clamped,
      audible,
      label: [`Track ${index + 1}`, `${formatDb(value)}${clamped ? ' ↓' : ''}`],
    };
  });
  const silent = bars.filter((bar) => !bar.audible).map((bar) => bar.track);
  const verdict =
    bars.length === 0
      ? 'No audio tracks were measured.'
      : `${silent.length === 0 ? 'Every track is audible' : `Silent: track${silent.length > 1 ? 's' : ''} ${silent.join(', ')}`} (threshold ${formatDb(thresholdDb)}). ` +
        `Audio layout of the audible tracks: ${LAYOUTS[loudness.layout] ?? loudness.layout}.`;
  return { axisMin, axisMax, thresholdDb, bars, mapText: loudnessMap.join(' '), verdict };
}

function describe(value: unknown): string {
  return Array.isArray(value) ? `of ${value.length}` : `is ${typeof value}`;
}

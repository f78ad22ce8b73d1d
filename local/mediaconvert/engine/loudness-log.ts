/**
 * Loudness logs in the shape of MediaConvert's (`LoudnessLogging: LOG`), from what ffmpeg's ebur128
 * filter (ITU-R BS.1770, gated as BS.1770-2 and later) measures every 100 ms.
 *
 * One CSV per audio track: a header row, then one row per second of audio (and a last row at the
 * end of the audio when it does not end on a whole second). Columns:
 *
 *   0 Seconds                   end of the measured audio, in seconds
 *   1 InputIntegratedLoudness   integrated (gated) loudness so far, LUFS
 *   2 InputMomentaryLoudness    momentary loudness (400 ms window), LUFS
 *   3 InputShortTermLoudness    short-term loudness (3 s window), LUFS
 *   4 InputLoudnessRange        loudness range so far, LU
 *   5 InputTruePeak             highest true peak so far, dBTP (empty with PeakCalculation NONE)
 *   6 InputMaxLoudness          highest momentary loudness so far, LUFS
 *
 * so the last line's column 6 is the track's Input Max Loudness. "Input" is the audio the track
 * takes from its audio selector, before the output's channel coding mode is applied (MEASURE_ONLY
 * leaves it unchanged). Values are written as ffmpeg reports them, not floored to a common value:
 * ebur128 reports -120.691 LUFS before a window has filled and about -163 (momentary) / -172
 * (short-term) LUFS on digital silence; integrated loudness stays at its -70 LUFS absolute gate until
 * audio passes the gate. A true peak of digital silence (-inf dBTP) is written as -144.49, the level
 * of one least significant bit of 24-bit audio, so every cell of column 5 parses as a number.
 */

export const LOUDNESS_LOG_HEADER = [
  'Seconds',
  'InputIntegratedLoudness',
  'InputMomentaryLoudness',
  'InputShortTermLoudness',
  'InputLoudnessRange',
  'InputTruePeak',
  'InputMaxLoudness',
] as const;

/** -inf dBTP written as the level of one LSB of 24-bit audio: 20·log10(2^-24). */
export const TRUE_PEAK_FLOOR_DBTP = -144.49;

/** One ebur128 measurement frame (100 ms of audio). */
export interface LoudnessFrame {
  /** Start of the frame, seconds. */
  time: number;
  momentary: string;
  shortTerm: string;
  integrated: string;
  range: string;
  /** Linear true peak per channel, highest so far. */
  truePeaks: number[];
}

export interface LoudnessSummary {
  integratedLufs: number;
  maxMomentaryLufs: number;
  loudnessRangeLu: number;
  /** With PeakCalculation TRUE_PEAK. */
  truePeakDbtp?: number;
}

/** Reads the frames `ametadata=mode=print` wrote for ebur128's `lavfi.r128.*` metadata. */
export function parseLoudnessFrames(text: string): LoudnessFrame[] {
  const frames: LoudnessFrame[] = [];
  let current: LoudnessFrame | undefined;
  for (const line of text.split('\n')) {
    const frame = /^frame:\d+\s+pts:\S+\s+pts_time:(\S+)/.exec(line);
    if (frame) {
      current = { time: Number(frame[1]), momentary: '', shortTerm: '', integrated: '', range: '', truePeaks: [] };
      frames.push(current);
      continue;
    }
    const value = /^lavfi\.r128\.([A-Za-z_.0-9]+)=(.*)$/.exec(line.trim());
    if (!value || !current) continue;
    const [, key, raw] = value;
    if (key === 'M') current.momentary = raw;
    else if (key === 'S') current.shortTerm = raw;
    else if (key === 'I') current.integrated = raw;
    else if (key === 'LRA') current.range = raw;
    else if (key.startsWith('true_peaks_ch')) current.truePeaks[Number(key.slice('true_peaks_ch'.length))] = Number(raw);
  }
  return frames;
}

function truePeakDb(peaks: number[]): number | undefined {
  if (peaks.length === 0) return undefined;
  const linear = Math.max(...peaks.filter((peak) => Number.isFinite(peak)));
  return linear > 0 ? 20 * Math.log10(linear) : TRUE_PEAK_FLOOR_DBTP;
}

const number = (text: string): number => (text === '' ? Number.NaN : Number(text));

export interface LoudnessLog {
  csv: string;
  summary: LoudnessSummary;
}

/**
 * The CSV of one track. `duration` is the length of the measured audio (the last frame can be
 * shorter than 100 ms); `truePeak` whether the true peak column is filled.
 */
export function loudnessLog(frames: LoudnessFrame[], duration: number, truePeak: boolean): LoudnessLog {
  if (frames.length === 0) throw new Error('ebur128 measured no audio: the track has no samples');
  const rows: string[] = [LOUDNESS_LOG_HEADER.join(',')];
  let maxMomentary = -Infinity;
  const ends = frames.map((frame, i) => (i + 1 < frames.length ? frames[i + 1].time : Math.max(duration, frame.time)));
  const row = (seconds: string, frame: LoudnessFrame) => {
    const peak = truePeak ? truePeakDb(frame.truePeaks) : undefined;
    rows.push(
      [
        seconds,
        frame.integrated,
        frame.momentary,
        frame.shortTerm,
        frame.range,
        peak === undefined ? '' : peak.toFixed(3),
        maxMomentary.toFixed(3),
      ].join(','),
    );
  };
  let nextSecond = 1;
  frames.forEach((frame, i) => {
    maxMomentary = Math.max(maxMomentary, number(frame.momentary));
    const end = ends[i];
    while (end + 1e-6 >= nextSecond && nextSecond <= duration + 1e-6) {
      row(String(nextSecond), frame);
      nextSecond += 1;
    }
  });
  const last = frames[frames.length - 1];
  if (duration - (nextSecond - 1) > 0.001) row(duration.toFixed(3), last);
  const summary: LoudnessSummary = {
    integratedLufs: number(last.integrated),
    maxMomentaryLufs: maxMomentary,
    loudnessRangeLu: number(last.range),
  };
  const peak = truePeak ? truePeakDb(last.truePeaks) : undefined;
  if (peak !== undefined) summary.truePeakDbtp = peak;
  return { csv: `${rows.join('\n')}\n`, summary };
}

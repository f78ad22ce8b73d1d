/**
 * Finding the loudness logs among the job's files and matching them to audio tracks. MediaConvert
 * names a log `<destination><name modifier>_loudness.csv`, or `..._loudness.<track>.csv` when an
 * output has several audio tracks; the track number is the `.<track>` part, else the last number
 * of the name modifier (one output per track).
 */

export interface FoundLog {
  key: string;
  /** The last number of the name before `_loudness`, e.g. 3 in `clip_track3_loudness.csv`. */
  outputNumber?: number;
  /** The `<track>` of `_loudness.<track>.csv`. */
  trackNumber?: number;
}

export interface TrackLog {
  /** 1-based audio track, in the probe's order. */
  track: number;
  key: string;
}

export type TrackMatch =
  | { ok: true; logs: TrackLog[] }
  | { ok: false; found: number; expected: number; missingTracks: number[]; unexpected: string[] };

const LOG_NAME = /_loudness(?:\.(\d+))?\.csv$/i;

function lastNumber(text: string): number | undefined {
  const match = /(\d+)\D*$/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** The loudness logs among `keys`, ordered by output number, then track number, then key. */
export function findLoudnessLogs(keys: string[]): FoundLog[] {
  const logs: FoundLog[] = [];
  for (const key of keys) {
    const name = key.slice(key.lastIndexOf('/') + 1);
    const match = LOG_NAME.exec(name);
    if (!match) continue;
    const log: FoundLog = { key };
    const outputNumber = lastNumber(name.slice(0, match.index));
    if (outputNumber !== undefined) log.outputNumber = outputNumber;
    if (match[1] !== undefined) log.trackNumber = Number(match[1]);
    logs.push(log);
  }
  return logs.sort(
    (a, b) =>
      (a.outputNumber ?? 0) - (b.outputNumber ?? 0) || (a.trackNumber ?? 0) - (b.trackNumber ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/**
 * The track number each log names, 1-based, when every log names exactly one distinct number
 * (numbering from 0 is shifted); undefined when the names do not tell.
 */
function namedTracks(logs: FoundLog[]): number[] | undefined {
  // Several outputs with several tracks each: no single track number per log.
  const outputs = new Set(logs.map((log) => log.outputNumber));
  if (outputs.size > 1 && logs.some((log) => log.trackNumber !== undefined)) return undefined;
  const numbers = logs.map((log) => log.trackNumber ?? log.outputNumber);
  if (numbers.some((n) => n === undefined) || new Set(numbers).size !== numbers.length) return undefined;
  const defined = numbers as number[];
  const shift = Math.min(...defined) === 0 ? 1 : 0;
  return defined.map((n) => n + shift);
}

/** One log per probed audio track, in track order; otherwise which tracks have none. */
export function matchLogsToTracks(logs: FoundLog[], audioCount: number): TrackMatch {
  const expected = Array.from({ length: audioCount }, (_, i) => i + 1);
  const named = logs.length > 0 ? namedTracks(logs) : [];
  if (named) {
    const missingTracks = expected.filter((track) => !named.includes(track));
    const unexpected = logs.filter((_, i) => !expected.includes(named[i])).map((log) => log.key);
    if (missingTracks.length > 0 || unexpected.length > 0) {
      return { ok: false, found: logs.length, expected: audioCount, missingTracks, unexpected };
    }
  } else if (logs.length !== audioCount) {
    // Names without usable numbers: only the count can be checked, so the last tracks are reported missing.
    return {
      ok: false,
      found: logs.length,
      expected: audioCount,
      missingTracks: expected.slice(logs.length),
      unexpected: logs.slice(audioCount).map((log) => log.key),
    };
  }
  return { ok: true, logs: logs.map((log, i) => ({ track: i + 1, key: log.key })) };
}

/**
 * One object through MediaInfo: ranged reads with a block cache, the analysis under the read
 * limits, and the compact probe (or what MediaInfo saw when it is not media).
 */
import type { ByteRange } from '../shared/hls-playlist';
import type { ReadStats } from './block-reader';
import { BlockReader } from './block-reader';
import type { Compaction } from './compact-probe';
import { compactProbe } from './compact-probe';
import type { ReadLimits } from './media-info';
import { analyzeMedia, DEFAULT_READ_LIMITS } from './media-info';
import type { StoredObject } from './s3-object';
import { rangeFetcher } from './s3-object';

export interface ObjectProbe {
  result: Compaction;
  stats: ReadStats & { bytesAnalysed: number; limited: boolean };
}

/** Probes `object`, or only `range` of it (an HLS byte-range segment). */
export async function probeObject(object: StoredObject, limits: ReadLimits = DEFAULT_READ_LIMITS, range?: ByteRange): Promise<ObjectProbe> {
  const size = range === undefined ? object.size : Math.max(0, Math.min(range.length, object.size - range.offset));
  const reader = new BlockReader(size, rangeFetcher(object, range?.offset ?? 0));
  const analysis = await analyzeMedia(reader, limits);
  return {
    result: compactProbe(analysis.tracks),
    stats: { ...reader.stats, bytesAnalysed: analysis.bytesAnalysed, limited: analysis.limited },
  };
}

/**
 * MediaInfo (MediaInfoLib in WebAssembly) over a random-access byte source.
 *
 * MediaInfo asks for the bytes it wants chunk by chunk and says where to seek; left alone it also
 * decodes hundreds of frames past the headers (about 512 video frames), which on a mezzanine file
 * means hundreds of megabytes the compact probe does not need. So the probe feeds it under limits:
 * - MP4 / QuickTime: the `moov` index holds every field of the probe; it is always read whole,
 *   and at most `afterIndexBytes` more.
 * - Other containers: `headBytes` from where MediaInfo reads, then a jump to the last `tailBytes`,
 *   where formats without an index (MPEG-TS) keep the timestamps their duration comes from.
 *
 * One MediaInfo instance per container (the WebAssembly module takes a while to compile), reused
 * across invocations; analyses run one at a time on it, as it holds one parser state.
 */
import type { MediaInfo } from 'mediainfo.js';
// A require import makes bundlers take the package's CommonJS build: its ES module build finds
// itself through `import.meta.url`, which a CommonJS bundle does not have.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import mediainfoJs = require('mediainfo.js');
import type { ByteSource } from './block-reader';
import type { MediaInfoTrack } from './compact-probe';
import type { ByteRange } from './movie-box';
import { locateIndex } from './index-ranges';
import { findMovieBox } from './movie-box';
import { findWasm } from './wasm-path';

export interface ReadLimits {
  /**
   * Bytes MediaInfo may read beyond a known index: MP4 / QuickTime `moov`, the MXF header partition
   * (the first frames of the media data). Within the first block by default: the index and one block.
   */
  afterIndexBytes: number;
  /** Without a known index: bytes MediaInfo may read before the jump to the tail. */
  headBytes: number;
  /** Without a known index: bytes read from the end of the object. */
  tailBytes: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  afterIndexBytes: 256 * 1024,
  headBytes: 8 * 1024 * 1024,
  tailBytes: 2 * 1024 * 1024,
};

/** Bytes handed to MediaInfo per call. */
const CHUNK_SIZE = 64 * 1024;

/** `openBufferInit` size meaning "move the read position, keep the parser state". */
const POSITION_ONLY = -1;

export interface MediaAnalysis {
  tracks: MediaInfoTrack[];
  /** Bytes handed to MediaInfo (some more than once, when it seeks back). */
  bytesAnalysed: number;
  /** Whether the limits stopped MediaInfo before it was done. */
  limited: boolean;
}

/** How far MediaInfo may read: bytes inside `free` do not count; with `only`, it reads nothing else. */
export interface ReadPlan {
  only?: ByteRange[];
  free?: ByteRange;
  headBytes: number;
  tailBytes: number;
}

export function readPlan(index: ByteRange | undefined, limits: ReadLimits): ReadPlan {
  return index === undefined
    ? { headBytes: limits.headBytes, tailBytes: limits.tailBytes }
    : { free: index, headBytes: limits.afterIndexBytes, tailBytes: 0 };
}

/** Bytes of `offset..offset+length` outside `free`. */
export function countedBytes(offset: number, length: number, free: ByteRange | undefined): number {
  if (free === undefined) return length;
  const overlap = Math.max(0, Math.min(offset + length, free.end) - Math.max(offset, free.start));
  return length - overlap;
}

let instance: Promise<MediaInfo<'JSON'>> | undefined;
let queue: Promise<unknown> = Promise.resolve();

async function startMediaInfo(): Promise<MediaInfo<'JSON'>> {
  const wasm = findWasm();
  try {
    return await mediainfoJs.mediaInfoFactory({ format: 'JSON', chunkSize: CHUNK_SIZE, locateFile: () => wasm });
  } catch (error) {
    // Emscripten rejects with bare strings ("both async and sync fetching of the wasm failed").
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `MediaInfo did not start with ${wasm}: ${reason}. A bundle must use mediainfo.js's CommonJS build (esbuild conditions without "module")`,
    );
  }
}

function mediaInfo(): Promise<MediaInfo<'JSON'>> {
  instance ??= startMediaInfo().catch((error: unknown) => {
    instance = undefined; // let the next invocation try again
    throw error;
  });
  return instance;
}

function exclusive<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

export function analyzeMedia(source: ByteSource, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<MediaAnalysis> {
  return exclusive(async () => {
    const mi = await mediaInfo();
    const index = await locateIndex(source, limits.afterIndexBytes);
    const plan = index ? { only: index.feed, headBytes: 0, tailBytes: 0 } : readPlan(await findMovieBox(source), limits);
    return feed(mi, source, plan);
  });
}

/**
 * The read loop of MediaInfo's own `analyzeData`, with the read plan's limits. Seeks are followed as
 * `analyzeData` follows them: a repeated or out-of-range seek ends the analysis, and a seek after
 * MediaInfo reported itself done needs a full re-init to clear that flag.
 */
async function feed(mi: MediaInfo<'JSON'>, source: ByteSource, plan: ReadPlan): Promise<MediaAnalysis> {
  const size = source.size;
  mi.reset();
  mi.openBufferInit(size, 0);
  let offset = 0;
  let lastSeekTo = -1;
  let counted = 0;
  let bytesAnalysed = 0;
  let inTail = false;
  let limited = false;
  const visited = new Set<ByteRange>();

  for (;;) {
    let length = Math.min(CHUNK_SIZE, size - offset);
    if (plan.only) {
      let range = plan.only.find((held) => held.start <= offset && offset < held.end);
      if (!range) {
        // Past what the plan holds: on to a range not yet fed, else the analysis ends here.
        range = plan.only.find((held) => held.start > offset && !visited.has(held));
        if (!range) {
          limited = true;
          break;
        }
        offset = range.start;
        lastSeekTo = -1;
        mi.openBufferInit(POSITION_ONLY, offset);
      }
      visited.add(range);
      length = Math.min(length, range.end - offset);
    }
    const data = await source.read(offset, length);
    if (data.length === 0) break;
    bytesAnalysed += data.length;
    counted += countedBytes(offset, data.length, plan.free);

    const finished = mi.openBufferContinue(data, data.length);
    const seekTo = mi.openBufferContinueGotoGet();
    if (seekTo !== -1) {
      if (seekTo === lastSeekTo || seekTo >= size) break;
      offset = seekTo;
      lastSeekTo = seekTo;
      mi.openBufferInit(finished ? size : POSITION_ONLY, seekTo);
    } else {
      lastSeekTo = -1;
      offset += data.length;
      if (finished || offset >= size) break;
    }

    if (plan.only) continue;
    if (inTail) {
      if (counted >= plan.headBytes + plan.tailBytes) break;
    } else if (counted >= plan.headBytes) {
      limited = true;
      if (plan.tailBytes <= 0) break;
      inTail = true;
      const tailStart = size - plan.tailBytes;
      if (tailStart > offset) {
        mi.openBufferInit(POSITION_ONLY, tailStart);
        offset = tailStart;
        lastSeekTo = -1;
      }
    }
  }

  mi.openBufferFinalize();
  return { tracks: tracksOf(mi.inform()), bytesAnalysed, limited };
}

function tracksOf(report: string): MediaInfoTrack[] {
  const parsed = JSON.parse(report) as { media?: { track?: unknown } } | null;
  const tracks = parsed?.media?.track;
  return Array.isArray(tracks) ? tracks.filter((track): track is MediaInfoTrack => typeof track?.['@type'] === 'string') : [];
}

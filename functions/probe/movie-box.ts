/**
 * Where the index of an MP4 / QuickTime file is. In ISO BMFF files the `moov` box describes every
 * track (codec, size, rate, channels, duration), so the probe never needs to cut MediaInfo short
 * inside it, and needs little beyond it. Walks the top-level boxes by their headers only.
 */
import type { ByteSource } from './block-reader';

/** `start` inclusive, `end` exclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/** Top-level box types of MP4 and QuickTime files; anything else means "not ISO BMFF". */
const TOP_LEVEL_BOXES = new Set([
  'ftyp',
  'styp',
  'moov',
  'mdat',
  'free',
  'skip',
  'wide',
  'pnot',
  'uuid',
  'sidx',
  'ssix',
  'moof',
  'mfra',
  'meta',
  'pdin',
  'prft',
  'emsg',
]);

// Headers come first or right after the media data; a long walk means fragments, with no index to find.
const MAX_BOXES = 64;

export interface BoxHeader {
  type: string;
  /** The whole box, header included. */
  size: number;
}

/**
 * The top-level box whose header is `header` (its first 16 bytes) at `offset` of a `fileSize`-byte
 * file; undefined when it is not one of ISO BMFF's top-level boxes.
 */
export function topLevelBox(header: Uint8Array, offset: number, fileSize: number): BoxHeader | undefined {
  if (header.length < 8) return undefined;
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const type = String.fromCharCode(...header.subarray(4, 8));
  if (!TOP_LEVEL_BOXES.has(type)) return undefined;
  const size32 = view.getUint32(0);
  let size: number;
  if (size32 === 1) {
    if (header.length < 16) return undefined;
    size = Number(view.getBigUint64(8));
  } else if (size32 === 0) {
    size = fileSize - offset; // the box runs to the end of the file
  } else {
    size = size32;
  }
  return size < 8 ? undefined : { type, size };
}

/** A walk past this many top-level boxes finds no index (fragments). */
export const MAX_TOP_LEVEL_BOXES = MAX_BOXES;

/**
 * The bytes of an ISO BMFF file's headers: from the start through the `moov` box when no media data
 * comes before it, else the `moov` box alone. Undefined when the file is not ISO BMFF or has no `moov`.
 */
export async function findMovieBox(source: ByteSource): Promise<ByteRange | undefined> {
  let offset = 0;
  let mediaBefore = false;
  for (let count = 0; count < MAX_BOXES && offset + 8 <= source.size; count++) {
    const box = topLevelBox(await source.read(offset, 16), offset, source.size);
    if (!box) return undefined;
    if (box.type === 'moov') return { start: mediaBefore ? offset : 0, end: Math.min(source.size, offset + box.size) };
    if (box.type === 'mdat' || box.type === 'moof') mediaBefore = true;
    offset += box.size;
  }
  return undefined;
}

/**
 * The presentation duration in the `mvhd` box of a `moov` box's bytes (`moov` header included), in
 * milliseconds; undefined when there is no `mvhd` or it gives no duration (fragmented files).
 */
export function movieDurationMs(moov: Uint8Array): number | undefined {
  const view = new DataView(moov.buffer, moov.byteOffset, moov.byteLength);
  let offset = 8;
  while (offset + 8 <= moov.length) {
    const size = view.getUint32(offset);
    const type = String.fromCharCode(...moov.subarray(offset + 4, offset + 8));
    if (type === 'mvhd') {
      const version = moov[offset + 8];
      const body = offset + 12;
      const [timescaleAt, durationAt] = version === 1 ? [body + 16, body + 20] : [body + 8, body + 12];
      if (durationAt + (version === 1 ? 8 : 4) > moov.length) return undefined;
      const timescale = view.getUint32(timescaleAt);
      const duration = version === 1 ? Number(view.getBigUint64(durationAt)) : view.getUint32(durationAt);
      // All ones: an unknown duration.
      if (timescale === 0 || duration === 0 || duration === 0xffffffff) return undefined;
      return Math.round((duration / timescale) * 1000);
    }
    if (size < 8) return undefined;
    offset += size;
  }
  return undefined;
}

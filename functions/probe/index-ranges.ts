/**
 * Where a container's index is, located from the object's first block and fetched in as few
 * requests as its layout allows, so a probe reads the index and little more:
 * - MP4 / QuickTime: `moov` within the first block, or the rest of it in one request sized to it
 *   (faststart); after the media data, the boxes from the end of `mdat` to the end of the object in
 *   one request (the tail boxes, `moov` among them).
 * - MXF: the header partition (its pack gives its size and where the footer partition is), and the
 *   footer partition to the end of the object (index tables, repeated metadata, RIP) in one request.
 * MediaInfo is then fed these ranges only: the index, and `afterIndexBytes` of media data beside
 * it (where it finds the first frames, within the first block by default); it does not need the
 * media data past them.
 */
import type { ByteSource } from './block-reader';
import { DEFAULT_BLOCK_SIZE } from './block-reader';
import type { ByteRange } from './movie-box';
import { MAX_TOP_LEVEL_BOXES, topLevelBox } from './movie-box';

export interface IndexRanges {
  container: 'MP4' | 'MXF';
  /** What MediaInfo is fed, in file order: the index and the bytes fetched beside it. */
  feed: ByteRange[];
}

/** A tail larger than this is not fetched whole: such files are probed with the head and tail limits. */
export const MAX_TAIL_BYTES = 32 * 1024 * 1024;

const MXF_PARTITION_KEY = [0x06, 0x0e, 0x2b, 0x34, 0x02, 0x05, 0x01, 0x01, 0x0d, 0x01, 0x02, 0x01, 0x01];
/** Byte 13 of a partition pack's key: 0x02 header, 0x03 body, 0x04 footer. */
const MXF_HEADER_PARTITION = 0x02;

/**
 * The index of an MP4 or MXF object and what to feed MediaInfo, once the index is fetched;
 * undefined for other containers, or when the index is not where the layout says (the probe then
 * reads under its head and tail limits). `afterIndexBytes`: the media bytes fed after the headers
 * at the start (the media data's first frames).
 */
export async function locateIndex(source: ByteSource, afterIndexBytes: number): Promise<IndexRanges | undefined> {
  const block = Math.min(source.size, source.blockSize ?? DEFAULT_BLOCK_SIZE);
  const head = await source.read(0, Math.min(16, source.size));
  if (head.length < 16) return undefined;
  if (MXF_PARTITION_KEY.every((byte, i) => head[i] === byte) && head[13] === MXF_HEADER_PARTITION) return mxfIndex(source, block, afterIndexBytes);
  if (topLevelBox(head, 0, source.size)) return mp4Index(source, block, afterIndexBytes);
  return undefined;
}

async function fetchSpan(source: ByteSource, start: number, end: number): Promise<void> {
  if (end > start) await source.fetchSpan?.(start, end);
}

async function mp4Index(source: ByteSource, block: number, afterIndexBytes: number): Promise<IndexRanges | undefined> {
  const { size } = source;
  let offset = 0;
  let mediaEnd: number | undefined;
  let tailAt: number | undefined;
  for (let count = 0; count < MAX_TOP_LEVEL_BOXES && offset + 8 <= size; count++) {
    // The first header past the first block after the media data: the tail boxes, fetched whole at once.
    if (mediaEnd !== undefined && tailAt === undefined && offset + 16 > block) {
      if (size - offset > MAX_TAIL_BYTES) return undefined;
      tailAt = offset;
      await fetchSpan(source, offset, size);
    }
    const box = topLevelBox(await source.read(offset, 16), offset, size);
    if (!box) return undefined;
    const end = Math.min(size, offset + box.size);
    if (box.type === 'moov') {
      if (mediaEnd === undefined) {
        // Faststart: the index is everything through moov; the first frames follow it.
        const fed = Math.min(size, end + afterIndexBytes);
        if (fed > block) await fetchSpan(source, Math.max(block, offset), fed);
        return { container: 'MP4', feed: [{ start: 0, end: fed }] };
      }
      // The media data first: its first frames at the start, the index in the tail.
      const tail = tailAt ?? offset;
      const fed = Math.min(tail, Math.max(afterIndexBytes, 64));
      if (fed > block) await fetchSpan(source, block, fed);
      return {
        container: 'MP4',
        feed: [
          { start: 0, end: fed },
          { start: tail, end: size },
        ],
      };
    }
    if (box.type === 'mdat' || box.type === 'moof') mediaEnd = end;
    offset = end;
  }
  return undefined;
}

/** A KLV's BER length at `at` of `bytes`: the value's length and where the value starts. */
function berLength(bytes: Uint8Array, at: number): { length: number; valueAt: number } | undefined {
  const first = bytes[at];
  if (first === undefined) return undefined;
  if (first < 0x80) return { length: first, valueAt: at + 1 };
  const count = first & 0x7f;
  if (count === 0 || count > 8 || at + 1 + count > bytes.length) return undefined;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + bytes[at + 1 + i];
  return { length, valueAt: at + 1 + count };
}

async function mxfIndex(source: ByteSource, block: number, afterIndexBytes: number): Promise<IndexRanges | undefined> {
  const { size } = source;
  const pack = await source.read(0, Math.min(size, 16 + 9 + 48));
  const ber = berLength(pack, 16);
  if (!ber || ber.valueAt + 48 > pack.length) return undefined;
  const view = new DataView(pack.buffer, pack.byteOffset, pack.byteLength);
  // The partition pack's value: versions, KAG size, this and the previous partition, then these.
  const footerAt = Number(view.getBigUint64(ber.valueAt + 24));
  const headerBytes = Number(view.getBigUint64(ber.valueAt + 32));
  const indexBytes = Number(view.getBigUint64(ber.valueAt + 40));
  const headerEnd = ber.valueAt + ber.length + headerBytes + indexBytes;
  // Without a footer (a file still being written) the index is unknown.
  if (footerAt <= headerEnd || footerAt >= size || size - footerAt > MAX_TAIL_BYTES || headerEnd > size) return undefined;
  // The header partition, and the first frames after it.
  const headFeed = Math.min(footerAt, headerEnd + afterIndexBytes);
  if (headFeed > block) await fetchSpan(source, block, headFeed);
  await fetchSpan(source, Math.max(footerAt, block), size);
  return {
    container: 'MXF',
    feed: [
      { start: 0, end: headFeed },
      { start: Math.max(headFeed, footerAt), end: size },
    ].filter((range) => range.end > range.start),
  };
}

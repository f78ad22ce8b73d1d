/**
 * Random access to a remote object through ranged reads, with a block cache. MediaInfo reads in
 * small chunks, seeks back and forth and rereads; fetching whole aligned blocks, coalescing
 * neighbouring misses into one request and keeping recent blocks makes those reads cost few
 * requests. A span whose extent is known (a container's index) is fetched in one request sized
 * to it. Counts requests and bytes so callers can log (and tests can check) what a probe cost.
 */

/** Fetches bytes `start..end` (both inclusive) of the object. */
export type FetchRange = (start: number, end: number) => Promise<Uint8Array>;

export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `offset`; fewer only at the end of the object. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Bytes per request, when reads are fetched in blocks: a read anywhere in a block fetches all of it. */
  readonly blockSize?: number;
  /**
   * Fetches `start..end` (end exclusive) in one request, sized exactly, and keeps it: a container's
   * index whose extent is known is read so. Sources without it read such spans as any other bytes.
   */
  fetchSpan?(start: number, end: number): Promise<void>;
}

export interface ReadStats {
  /** Ranged requests made. */
  requests: number;
  /** Bytes those requests returned. */
  bytesFetched: number;
}

export interface BlockReaderOptions {
  /** Bytes per block (the unit of a request). */
  blockSize?: number;
  /** Blocks kept; the least recently used goes first. */
  maxBlocks?: number;
}

export const DEFAULT_BLOCK_SIZE = 512 * 1024;
export const DEFAULT_MAX_BLOCKS = 48;

export class BlockReader implements ByteSource {
  readonly stats: ReadStats = { requests: 0, bytesFetched: 0 };
  readonly blockSize: number;
  private readonly maxBlocks: number;
  /** Insertion order is recency order: a hit is re-inserted. */
  private readonly blocks = new Map<number, Uint8Array>();
  /** Spans fetched whole (an index), kept for the reader's life. */
  private readonly spans: { start: number; bytes: Uint8Array }[] = [];

  constructor(
    readonly size: number,
    private readonly fetchRange: FetchRange,
    options: BlockReaderOptions = {},
  ) {
    this.blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
    this.maxBlocks = Math.max(1, options.maxBlocks ?? DEFAULT_MAX_BLOCKS);
    if (!Number.isInteger(this.blockSize) || this.blockSize <= 0) {
      throw new RangeError(`BlockReader: block size ${this.blockSize} is not a positive integer`);
    }
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.max(0, offset);
    const end = Math.min(this.size, offset + Math.max(0, length));
    if (end <= start) return new Uint8Array(0);
    const out = new Uint8Array(end - start);
    let position = start;
    while (position < end) {
      const span = this.spans.find((held) => held.start <= position && position < held.start + held.bytes.length);
      if (span) {
        const to = Math.min(end, span.start + span.bytes.length);
        out.set(span.bytes.subarray(position - span.start, to - span.start), position - start);
        position = to;
        continue;
      }
      // Blocks, up to the next span or the end of the read.
      const until = Math.min(end, ...this.spans.filter((held) => held.start > position).map((held) => held.start));
      await this.readBlocks(position, until, out, start);
      position = until;
    }
    return out;
  }

  /** Copies `start..end` (end exclusive) from blocks, fetching the missing ones, into `out` at `start - outStart`. */
  private async readBlocks(start: number, end: number, out: Uint8Array, outStart: number): Promise<void> {
    const first = Math.floor(start / this.blockSize);
    const last = Math.floor((end - 1) / this.blockSize);
    await this.load(first, last);
    for (let index = first; index <= last; index++) {
      const block = this.touch(index);
      const blockStart = index * this.blockSize;
      const from = Math.max(start, blockStart) - blockStart;
      const to = Math.min(end, blockStart + block.length) - blockStart;
      out.set(block.subarray(from, to), blockStart + from - outStart);
    }
  }

  async fetchSpan(start: number, end: number): Promise<void> {
    const from = Math.max(0, start);
    const to = Math.min(this.size, end);
    if (to <= from) return;
    const bytes = await this.fetchRange(from, to - 1);
    this.count(bytes, from, to - 1);
    this.spans.push({ start: from, bytes });
  }

  private count(bytes: Uint8Array, start: number, end: number): void {
    this.stats.requests++;
    this.stats.bytesFetched += bytes.length;
    if (bytes.length !== end - start + 1) {
      throw new Error(
        `BlockReader: asked for bytes ${start}-${end} of a ${this.size}-byte object and got ${bytes.length}; the object changed while it was read`,
      );
    }
  }

  /** Fetches the missing blocks of `first..last`, one request per run of consecutive misses. */
  private async load(first: number, last: number): Promise<void> {
    if (last - first + 1 > this.maxBlocks) {
      throw new RangeError(`BlockReader: a read of ${last - first + 1} blocks exceeds the cache of ${this.maxBlocks}`);
    }
    // Refresh the cached blocks of this read first, so storing its misses cannot evict them.
    for (let index = first; index <= last; index++) if (this.blocks.has(index)) this.touch(index);
    let index = first;
    while (index <= last) {
      if (this.blocks.has(index)) {
        index++;
        continue;
      }
      let runEnd = index;
      while (runEnd + 1 <= last && !this.blocks.has(runEnd + 1)) runEnd++;
      await this.fetchBlocks(index, runEnd);
      index = runEnd + 1;
    }
  }

  private async fetchBlocks(first: number, last: number): Promise<void> {
    const start = first * this.blockSize;
    const end = Math.min(this.size, (last + 1) * this.blockSize) - 1;
    const bytes = await this.fetchRange(start, end);
    this.count(bytes, start, end);
    for (let index = first; index <= last; index++) {
      const from = (index - first) * this.blockSize;
      this.store(index, bytes.subarray(from, Math.min(bytes.length, from + this.blockSize)));
    }
  }

  private touch(index: number): Uint8Array {
    const block = this.blocks.get(index);
    if (block === undefined) throw new Error(`BlockReader: block ${index} is not loaded`);
    this.blocks.delete(index);
    this.blocks.set(index, block);
    return block;
  }

  private store(index: number, block: Uint8Array): void {
    this.blocks.set(index, block);
    while (this.blocks.size > this.maxBlocks) {
      const oldest = this.blocks.keys().next().value as number;
      this.blocks.delete(oldest);
    }
  }
}

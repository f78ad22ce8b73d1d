import { BlockReader } from '../../../functions/probe/block-reader';

/** An object of `size` bytes where byte i is i % 251, and the ranges fetched from it. */
function remote(size: number) {
  const bytes = Uint8Array.from({ length: size }, (_, i) => i % 251);
  const fetched: [number, number][] = [];
  const fetchRange = async (start: number, end: number) => {
    fetched.push([start, end]);
    return bytes.slice(start, end + 1);
  };
  return { bytes, fetched, fetchRange };
}

describe('BlockReader', () => {
  it('returns exactly the bytes asked for, across block boundaries', async () => {
    const object = remote(10_000);
    const reader = new BlockReader(object.bytes.length, object.fetchRange, { blockSize: 1024 });

    const bytes = await reader.read(1000, 3000);

    expect(Array.from(bytes)).toEqual(Array.from(object.bytes.subarray(1000, 4000)));
  });

  it('fetches a span in one request sized to it, and serves reads across a block and the span from both', async () => {
    // Prepare
    const object = remote(10_000);
    const reader = new BlockReader(object.bytes.length, object.fetchRange, { blockSize: 1024 });
    await reader.read(0, 16);

    // Act
    await reader.fetchSpan(1024, 3000);
    const bytes = await reader.read(1000, 1500);

    // Assess
    expect(Array.from(bytes)).toEqual(Array.from(object.bytes.subarray(1000, 2500)));
    expect(object.fetched).toEqual([
      [0, 1023],
      [1024, 2999],
    ]);
    expect(reader.stats).toEqual({ requests: 2, bytesFetched: 3000 });
  });

  it('reads blocks for the bytes past a span', async () => {
    const object = remote(10_000);
    const reader = new BlockReader(object.bytes.length, object.fetchRange, { blockSize: 1024 });
    await reader.fetchSpan(100, 200);

    const bytes = await reader.read(150, 100);

    expect(Array.from(bytes)).toEqual(Array.from(object.bytes.subarray(150, 250)));
    expect(object.fetched).toEqual([
      [100, 199],
      [0, 1023],
    ]);
  });

  it('fetches whole blocks and serves many small reads from them', async () => {
    const object = remote(8192);
    const reader = new BlockReader(object.bytes.length, object.fetchRange, { blockSize: 4096 });

    for (let offset = 0; offset < 4096; offset += 256) await reader.read(offset, 256);

    expect(object.fetched).toEqual([[0, 4095]]);
    expect(reader.stats).toEqual({ requests: 1, bytesFetched: 4096 });
  });

  it('coalesces consecutive missing blocks into one request and skips cached ones', async () => {
    const object = remote(10 * 1024);
    const reader = new BlockReader(object.bytes.length, object.fetchRange, { blockSize: 1024 });
    await reader.read(3 * 1024, 10);

    await reader.read(1024, 5 * 1024);

    expect(object.fetched).toEqual([
      [3072, 4095],
      [1024, 3071],
      [4096, 6143],
    ]);
  });

  it('clamps reads at the end of the object and fetches only what exists', async () => {
    const object = remote(1500);
    const reader = new BlockReader(object.bytes.length, object.fetchRange, { blockSize: 1024 });

    const tail = await reader.read(1400, 500);
    const past = await reader.read(2000, 10);

    expect(tail).toHaveLength(100);
    expect(past).toHaveLength(0);
    expect(object.fetched).toEqual([[1024, 1499]]);
  });

  it('evicts the least recently used block when full', async () => {
    const object = remote(4096);
    const reader = new BlockReader(object.bytes.length, object.fetchRange, { blockSize: 1024, maxBlocks: 2 });
    await reader.read(0, 1);
    await reader.read(1024, 1);
    await reader.read(0, 1); // block 0 is now the most recent

    await reader.read(2048, 1); // evicts block 1
    await reader.read(0, 1);
    await reader.read(1024, 1);

    expect(object.fetched).toEqual([
      [0, 1023],
      [1024, 2047],
      [2048, 3071],
      [1024, 2047],
    ]);
  });

  it('fails when the object returns fewer bytes than its size promised', async () => {
    const reader = new BlockReader(4096, async () => new Uint8Array(10), { blockSize: 1024 });

    await expect(reader.read(0, 100)).rejects.toThrow(/changed while it was read/);
  });
});

import { findMovieBox } from '../../../functions/probe/movie-box';

function box(type: string, payload: number, options: { largesize?: boolean } = {}): Buffer {
  const headerSize = options.largesize ? 16 : 8;
  const header = Buffer.alloc(headerSize);
  header.write(type, 4, 'latin1');
  if (options.largesize) {
    header.writeUInt32BE(1, 0);
    header.writeBigUInt64BE(BigInt(headerSize + payload), 8);
  } else {
    header.writeUInt32BE(headerSize + payload, 0);
  }
  return Buffer.concat([header, Buffer.alloc(payload)]);
}

const source = (bytes: Buffer) => ({ size: bytes.length, read: async (offset: number, length: number) => bytes.subarray(offset, offset + length) });

describe('findMovieBox', () => {
  it('takes the headers from the start through moov when moov comes first', async () => {
    const file = Buffer.concat([box('ftyp', 24), box('moov', 1000), box('free', 0), box('mdat', 5000)]);

    expect(await findMovieBox(source(file))).toEqual({ start: 0, end: 32 + 1008 });
  });

  it('takes moov alone when it follows the media data, walking past a 64-bit mdat', async () => {
    const file = Buffer.concat([box('ftyp', 24), box('mdat', 5000, { largesize: true }), box('moov', 300)]);

    expect(await findMovieBox(source(file))).toEqual({ start: 32 + 5016, end: 32 + 5016 + 308 });
  });

  it('finds nothing in a file that is not ISO BMFF', async () => {
    const file = Buffer.from('#EXTM3U\n#EXT-X-VERSION:3\n'.repeat(20));

    expect(await findMovieBox(source(file))).toBeUndefined();
  });

  it('finds nothing when the boxes end without moov', async () => {
    expect(await findMovieBox(source(Buffer.concat([box('ftyp', 24), box('mdat', 100)])))).toBeUndefined();
  });
});

/** The index sizes the probe row sets the probe's reads against. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mp4IndexBytes, mxfIndexBytes } from '../../../bench/support/container-index';

function box(type: string, size: number): Buffer {
  const buffer = Buffer.alloc(size);
  buffer.writeUInt32BE(size, 0);
  buffer.write(type, 4, 'latin1');
  return buffer;
}

/** An MXF partition pack KLV (4-byte BER length) of kind 02 header / 04 footer. */
function partitionPack(kind: number, fields: { footerAt: bigint; headerBytes: bigint; indexBytes: bigint }): Buffer {
  const key = Buffer.from([0x06, 0x0e, 0x2b, 0x34, 0x02, 0x05, 0x01, 0x01, 0x0d, 0x01, 0x02, 0x01, 0x01, kind, 0x04, 0x00]);
  const value = Buffer.alloc(88);
  value.writeBigUInt64BE(fields.footerAt, 24);
  value.writeBigUInt64BE(fields.headerBytes, 32);
  value.writeBigUInt64BE(fields.indexBytes, 40);
  return Buffer.concat([key, Buffer.from([0x83, 0x00, 0x00, value.length]), value]);
}

describe('container index sizes', () => {
  let folder: string;
  beforeAll(() => (folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-index-'))));
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));
  const write = (name: string, ...parts: Buffer[]) => {
    const file = path.join(folder, name);
    fs.writeFileSync(file, Buffer.concat(parts));
    return file;
  };

  it('counts ftyp and moov when moov comes before the media data', async () => {
    // Prepare
    const file = write('first.mp4', box('ftyp', 24), box('moov', 300), box('mdat', 5000));

    // Act
    const index = await mp4IndexBytes(file);

    // Assess
    expect(index).toBe(324);
  });

  it('counts the moov box alone when it follows the media data', async () => {
    // Prepare
    const file = write('last.mp4', box('ftyp', 24), box('mdat', 5000), box('moov', 300));

    // Act
    const index = await mp4IndexBytes(file);

    // Assess
    expect(index).toBe(300);
  });

  it("reads an MXF file's header partition from its pack and its footer partition to the end", () => {
    // Prepare: header pack (108 bytes) + 400 bytes of metadata + 100 of index, essence, footer pack + 92 bytes
    const essence = Buffer.alloc(10_000);
    const footerAt = 108 + 500 + essence.length;
    const header = partitionPack(0x02, { footerAt: BigInt(footerAt), headerBytes: 400n, indexBytes: 100n });
    const footer = partitionPack(0x04, { footerAt: BigInt(footerAt), headerBytes: 0n, indexBytes: 0n });
    const file = write('clip.mxf', header, Buffer.alloc(500), essence, footer, Buffer.alloc(92));

    // Act
    const index = mxfIndexBytes(file);

    // Assess
    expect(index).toEqual({ header: 608, footer: footer.length + 92 });
  });

  it('refuses a file that does not start with a header partition pack', () => {
    // Prepare
    const file = write('not.mxf', box('ftyp', 64));

    // Act
    const read = () => mxfIndexBytes(file);

    // Assess
    expect(read).toThrow(/does not start with an MXF header partition pack/);
  });
});

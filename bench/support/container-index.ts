/**
 * The size of a container's index, the floor of what a probe must read: the `moov` box of an MP4
 * (with what precedes it when it comes first), the header and footer partitions of an MXF file.
 */
import * as fs from 'node:fs';
import type { ByteSource } from '../../functions/probe/block-reader';
import { findMovieBox } from '../../functions/probe/movie-box';

/** A local file as the probe's byte source, uncounted. */
export function fileSource(file: string): ByteSource & { close(): void } {
  const fd = fs.openSync(file, 'r');
  const size = fs.fstatSync(fd).size;
  return {
    size,
    read: async (offset, length) => {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      const read = fs.readSync(fd, buffer, 0, buffer.length, offset);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, read);
    },
    close: () => fs.closeSync(fd),
  };
}

export async function mp4IndexBytes(file: string): Promise<number> {
  const source = fileSource(file);
  try {
    const box = await findMovieBox(source);
    if (!box) throw new Error(`${file} has no moov box`);
    return box.end - box.start;
  } finally {
    source.close();
  }
}

const PARTITION_PACK = Buffer.from([0x06, 0x0e, 0x2b, 0x34, 0x02, 0x05, 0x01, 0x01, 0x0d, 0x01, 0x02, 0x01, 0x01]);

/** A KLV's key at `offset`, the length of its value, and where the value starts. */
function klvAt(fd: number, offset: number): { key: Buffer; length: number; valueAt: number } {
  const head = Buffer.alloc(25);
  fs.readSync(fd, head, 0, head.length, offset);
  const key = head.subarray(0, 16);
  const first = head[16];
  if (first < 0x80) return { key, length: first, valueAt: offset + 17 };
  const count = first & 0x7f;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + head[17 + i];
  return { key, length, valueAt: offset + 17 + count };
}

/**
 * An MXF file's header partition (its pack, the header metadata and any index in it) and its
 * footer partition (from the footer's pack to the end: index, repeated metadata, RIP), in bytes.
 */
export function mxfIndexBytes(file: string): { header: number; footer: number } {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const pack = klvAt(fd, 0);
    if (!pack.key.subarray(0, 13).equals(PARTITION_PACK) || pack.key[13] !== 0x02)
      throw new Error(`${file} does not start with an MXF header partition pack`);
    const value = Buffer.alloc(64);
    fs.readSync(fd, value, 0, value.length, pack.valueAt);
    const footerAt = Number(value.readBigUInt64BE(24));
    const headerBytes = Number(value.readBigUInt64BE(32));
    const indexBytes = Number(value.readBigUInt64BE(40));
    const header = pack.valueAt + pack.length + headerBytes + indexBytes;
    return { header, footer: footerAt > 0 ? size - footerAt : 0 };
  } finally {
    fs.closeSync(fd);
  }
}

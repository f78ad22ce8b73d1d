/**
 * `Content-Encoding: aws-chunked`: how the AWS SDKs and CLI stream an upload of unknown length or
 * with a trailing checksum (`x-amz-content-sha256: STREAMING-...`). s3rver would store the chunk
 * framing as content, so the gateway decodes it: `<hex size>[;chunk-signature=...]\r\n<data>\r\n`
 * ... `0[;...]\r\n`, then optional trailer lines (checksums, signature) and an empty line.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';

/** Whether the request body is aws-chunked. */
export function isAwsChunked(headers: IncomingHttpHeaders): boolean {
  const encoding = String(headers['content-encoding'] ?? '');
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  return sha.startsWith('STREAMING-') || encoding.split(',').some((part) => part.trim() === 'aws-chunked');
}

/** The headers of the decoded request: plain length, no chunked encoding, no trailer. */
export function decodedHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const { 'x-amz-decoded-content-length': decodedLength, 'x-amz-trailer': _trailer, 'transfer-encoding': _te, ...rest } = headers;
  const encodings = String(headers['content-encoding'] ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '' && part !== 'aws-chunked');
  const result: IncomingHttpHeaders = { ...rest, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
  delete result['content-encoding'];
  if (encodings.length > 0) result['content-encoding'] = encodings.join(', ');
  if (decodedLength !== undefined) result['content-length'] = String(decodedLength);
  return result;
}

type State = 'size' | 'data' | 'data-end' | 'trailer' | 'done';

export class AwsChunkedDecoder extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  private state: State = 'size';
  private remaining = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    try {
      this.parse();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    callback(this.state === 'done' || (this.state === 'trailer' && this.buffer.length === 0) ? null : new Error('aws-chunked body ended mid-chunk'));
  }

  /** A line ending in \r\n from the buffer, or undefined when it is not complete yet. */
  private line(): string | undefined {
    const end = this.buffer.indexOf('\r\n');
    if (end < 0) return undefined;
    const text = this.buffer.subarray(0, end).toString('latin1');
    this.buffer = this.buffer.subarray(end + 2);
    return text;
  }

  private parse(): void {
    for (;;) {
      if (this.state === 'size') {
        const header = this.line();
        if (header === undefined) return;
        const size = Number.parseInt(header.split(';')[0], 16);
        if (!Number.isFinite(size) || size < 0) throw new Error(`aws-chunked: bad chunk header ${JSON.stringify(header.slice(0, 40))}`);
        this.remaining = size;
        this.state = size === 0 ? 'trailer' : 'data';
      } else if (this.state === 'data') {
        if (this.buffer.length === 0) return;
        const take = Math.min(this.remaining, this.buffer.length);
        this.push(this.buffer.subarray(0, take));
        this.buffer = this.buffer.subarray(take);
        this.remaining -= take;
        if (this.remaining === 0) this.state = 'data-end';
      } else if (this.state === 'data-end') {
        if (this.buffer.length < 2) return;
        if (this.buffer[0] !== 13 || this.buffer[1] !== 10) throw new Error('aws-chunked: chunk data not followed by CRLF');
        this.buffer = this.buffer.subarray(2);
        this.state = 'size';
      } else if (this.state === 'trailer') {
        // Trailing checksums and signatures: s3rver checks neither.
        const trailer = this.line();
        if (trailer === undefined) return;
        if (trailer === '') this.state = 'done';
      } else {
        this.buffer = Buffer.alloc(0);
        return;
      }
    }
  }
}

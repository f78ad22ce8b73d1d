import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { AwsChunkedDecoder, decodedHeaders, isAwsChunked } from '../../../local/s3/aws-chunked';

async function decode(parts: string[]): Promise<string> {
  return text(Readable.from(parts.map((part) => Buffer.from(part, 'latin1'))).pipe(new AwsChunkedDecoder()));
}

describe('AwsChunkedDecoder', () => {
  it('decodes signed chunks, whatever the network split', async () => {
    // Prepare
    const body = '5;chunk-signature=ab12\r\nhello\r\n6;chunk-signature=cd34\r\n world\r\n0;chunk-signature=ef56\r\n\r\n';
    const splits = [[body], body.split(''), [body.slice(0, 7), body.slice(7, 30), body.slice(30)]];

    // Act
    const decoded = await Promise.all(splits.map((parts) => decode(parts)));

    // Assess
    expect(decoded).toEqual(['hello world', 'hello world', 'hello world']);
  });

  it('drops the trailing checksum of an unsigned streaming upload', async () => {
    const decoded = await decode(['b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n']);

    expect(decoded).toBe('hello world');
  });

  it('fails on a body cut mid-chunk or a bad chunk header', async () => {
    await expect(decode(['b\r\nhello'])).rejects.toThrow(/ended mid-chunk/);
    await expect(decode(['zz\r\nhello\r\n'])).rejects.toThrow(/bad chunk header/);
  });
});

describe('decodedHeaders', () => {
  it('turns an aws-chunked request into a plain one of the decoded length, keeping other encodings', () => {
    const headers = {
      'content-encoding': 'aws-chunked, gzip',
      'content-length': '120',
      'x-amz-decoded-content-length': '11',
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'x-amz-trailer': 'x-amz-checksum-crc32',
      'content-type': 'video/mp4',
    };

    expect(isAwsChunked(headers)).toBe(true);
    expect(isAwsChunked({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' })).toBe(false);
    expect(decodedHeaders(headers)).toEqual({
      'content-encoding': 'gzip',
      'content-length': '11',
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      'content-type': 'video/mp4',
    });
  });
});

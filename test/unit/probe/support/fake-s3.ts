/**
 * An in-memory S3 behind aws-sdk-client-mock: HeadObject and (ranged) GetObject served from local
 * files or buffers, with the keys stored exactly as given, counting what the code under test read.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, S3Client } from '@aws-sdk/client-s3';
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';

export interface GetRecord {
  bucket: string;
  key: string;
  range?: string;
  bytes: number;
}

export class FakeS3 {
  readonly mock = mockClient(S3Client);
  readonly gets: GetRecord[] = [];
  readonly heads: { bucket: string; key: string }[] = [];
  private readonly objects = new Map<string, Buffer>();

  constructor() {
    this.install();
  }

  put(bucket: string, key: string, content: Buffer | string): void {
    this.objects.set(`${bucket}/${key}`, Buffer.isBuffer(content) ? content : Buffer.from(content));
  }

  putFile(bucket: string, key: string, file: string): void {
    this.put(bucket, key, readFileSync(file));
  }

  /** Requests and bytes of the GETs of one object. */
  readsOf(bucket: string, key: string): { requests: number; bytes: number } {
    const gets = this.gets.filter((get) => get.bucket === bucket && get.key === key);
    return { requests: gets.length, bytes: gets.reduce((sum, get) => sum + get.bytes, 0) };
  }

  reset(): void {
    this.mock.reset();
    this.objects.clear();
    this.gets.length = 0;
    this.heads.length = 0;
    this.install();
  }

  private install(): void {
    this.mock.on(HeadObjectCommand).callsFake((input: { Bucket: string; Key: string }) => {
      this.heads.push({ bucket: input.Bucket, key: input.Key });
      const body = this.objects.get(`${input.Bucket}/${input.Key}`);
      if (body === undefined) throw new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } });
      return { ContentLength: body.length, ETag: `"etag-${body.length}"` };
    });
    this.mock.on(GetObjectCommand).callsFake((input: { Bucket: string; Key: string; Range?: string }) => {
      const body = this.objects.get(`${input.Bucket}/${input.Key}`);
      if (body === undefined) {
        throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });
      }
      let slice = body;
      if (input.Range !== undefined) {
        const match = /^bytes=(\d+)-(\d+)$/.exec(input.Range);
        if (!match) throw new Error(`FakeS3: unsupported range ${input.Range}`);
        const start = Number(match[1]);
        const end = Math.min(Number(match[2]), body.length - 1);
        if (start >= body.length || end < start) throw new Error(`FakeS3: range ${input.Range} outside ${body.length} bytes`);
        slice = body.subarray(start, end + 1);
      }
      this.gets.push({ bucket: input.Bucket, key: input.Key, range: input.Range, bytes: slice.length });
      const output: Partial<GetObjectCommandOutput> = {
        Body: sdkStreamMixin(Readable.from([slice])) as GetObjectCommandOutput['Body'],
        ContentLength: slice.length,
      };
      return output;
    });
  }
}

/**
 * The engine's storage over an S3 client: the local MediaConvert reads inputs and writes outputs
 * through the local S3's API, as MediaConvert does through S3's (never from s3rver's folders).
 */
import { createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { parseS3Uri } from './engine/s3-uri';
import type { JobStorage } from './engine';

function isNotFound(error: unknown): boolean {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return $metadata?.httpStatusCode === 404 || name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchBucket';
}

const UPLOAD_ATTEMPTS = 3;

/** A failure another attempt may not meet: no answer at all (a reset connection), or a server error. */
function isTransient(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === undefined || status >= 500;
}

export class S3JobStorage implements JobStorage {
  constructor(private readonly s3: S3Client) {}

  async exists(uri: string): Promise<boolean> {
    const { bucket, key } = parseS3Uri(uri);
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async download(uri: string, localPath: string): Promise<void> {
    const { bucket, key } = parseS3Uri(uri);
    const { Body } = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!Body) throw new Error(`GetObject ${uri} returned no body`);
    await pipeline(Body as Readable, createWriteStream(localPath));
  }

  async upload(localPath: string, uri: string, contentType?: string): Promise<void> {
    const { bucket, key } = parseS3Uri(uri);
    const { size } = await stat(localPath);
    // The SDK does not retry a request whose body is a stream: a connection reset or a 5xx is
    // retried here, each attempt with a new stream of the file.
    for (let attempt = 1; ; attempt += 1) {
      // Opened here, not lazily by the stream: a failed attempt closes its file at once, and a
      // work folder removed after a failed job leaves no stream behind to fail on opening.
      const file = await open(localPath, 'r');
      try {
        const body = file.createReadStream({ autoClose: false });
        await this.s3.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: size, ...(contentType ? { ContentType: contentType } : {}) }),
        );
        return;
      } catch (error) {
        if (attempt >= UPLOAD_ATTEMPTS || !isTransient(error)) throw error;
      } finally {
        await file.close();
      }
    }
  }
}

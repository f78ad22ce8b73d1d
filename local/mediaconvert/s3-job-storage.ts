/**
 * The engine's storage over an S3 client: the local MediaConvert reads inputs and writes outputs
 * through the local S3's API, as MediaConvert does through S3's (never from s3rver's folders).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
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
    await this.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: createReadStream(localPath),
        ContentLength: size,
        ...(contentType ? { ContentType: contentType } : {}),
      }),
    );
  }
}

/**
 * The S3 reads of the probe: which stored key an event's key names, ranged reads of an object, and
 * small text objects (recording metadata, playlists).
 */
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../shared/clients';
import type { FetchRange } from './block-reader';

export interface StoredObject {
  bucket: string;
  key: string;
  size: number;
  etag?: string;
  versionId?: string;
}

interface ServiceError {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The object (or version) is not there. HeadObject has no body, so it reports only NotFound / 404. */
export function isMissing(error: unknown): boolean {
  const { name, $metadata } = (error ?? {}) as ServiceError;
  if (name === 'NoSuchBucket') return false; // a wiring problem, not a missing object
  return name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchVersion' || $metadata?.httpStatusCode === 404;
}

export function s3Location(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** S3 quotes ETags in responses; events carry them bare. */
function bareEtag(etag: string | undefined): string | undefined {
  return etag?.replace(/^"(.*)"$/, '$1');
}

/** The first of `keys` that exists, with its size and ETag; undefined when none does. */
export async function findObject(bucket: string, keys: readonly string[], versionId?: string): Promise<StoredObject | undefined> {
  for (const key of keys) {
    try {
      const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
      const found: StoredObject = { bucket, key, size: head.ContentLength ?? 0 };
      const etag = bareEtag(head.ETag);
      if (etag !== undefined) found.etag = etag;
      if (versionId !== undefined) found.versionId = versionId;
      return found;
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  return undefined;
}

/** Ranged GETs of one object (the version found, when versioned). */
export function rangeFetcher(object: StoredObject, base = 0): FetchRange {
  return async (start, end) => {
    const response = await s3().send(
      new GetObjectCommand({
        Bucket: object.bucket,
        Key: object.key,
        VersionId: object.versionId,
        Range: `bytes=${base + start}-${base + end}`,
      }),
    );
    return response.Body ? response.Body.transformToByteArray() : new Uint8Array(0);
  };
}

/** A small object as UTF-8 text; undefined when it does not exist. */
export async function readText(bucket: string, key: string): Promise<string | undefined> {
  try {
    const response = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return response.Body ? await response.Body.transformToString('utf-8') : '';
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/**
 * The S3 reads of the probe: which stored key an event's key names, and ranged reads of an object.
 */
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../shared/clients';
import { isMissing } from '../shared/s3-objects';
import type { FetchRange } from './block-reader';

export interface StoredObject {
  bucket: string;
  key: string;
  size: number;
  etag?: string;
  versionId?: string;
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

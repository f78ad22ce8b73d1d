/**
 * Reads, listings and deletes of S3 objects the functions share (the probe's recording metadata and
 * playlists, the loudness logs and their clean-up).
 */
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { s3 } from './clients';

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

export async function listKeys(bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/** DeleteObjects takes at most 1000 keys per request. */
const DELETE_BATCH = 1000;

/** Deletes the keys in batches; returns the keys S3 reported it could not delete. */
export async function deleteKeys(bucket: string, keys: string[]): Promise<{ key: string; error: string }[]> {
  const failed: { key: string; error: string }[] = [];
  for (let start = 0; start < keys.length; start += DELETE_BATCH) {
    const batch = keys.slice(start, start + DELETE_BATCH);
    const result = await s3().send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
    for (const error of result.Errors ?? []) failed.push({ key: error.Key ?? '?', error: `${error.Code}: ${error.Message}` });
  }
  return failed;
}

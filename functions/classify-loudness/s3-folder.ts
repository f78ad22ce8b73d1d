/** Listing, reading and deleting the objects of one S3 folder. */
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { s3 } from '../shared/clients';
import type { S3Folder } from './temp-folder';

/** DeleteObjects takes at most 1000 keys per request. */
const DELETE_BATCH = 1000;

export async function listKeys(folder: S3Folder): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3().send(new ListObjectsV2Command({ Bucket: folder.bucket, Prefix: folder.prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

export async function readText(bucket: string, key: string): Promise<string> {
  const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!object.Body) throw new Error(`s3://${bucket}/${key} returned no body`);
  return object.Body.transformToString('utf-8');
}

/** Deletes the keys in batches; returns the keys S3 reported it could not delete. */
export async function deleteKeys(bucket: string, keys: string[]): Promise<{ key: string; error: string }[]> {
  const failed: { key: string; error: string }[] = [];
  for (let start = 0; start < keys.length; start += DELETE_BATCH) {
    const batch = keys.slice(start, start + DELETE_BATCH);
    const result = await s3().send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
    );
    for (const error of result.Errors ?? []) failed.push({ key: error.Key ?? '?', error: `${error.Code}: ${error.Message}` });
  }
  return failed;
}

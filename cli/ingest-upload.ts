/**
 * An upload to the ingest bucket as `vod ingest` and the console make it: the key a file gets, the
 * pre-check that asks the bus whether the upload would start the pipeline, and the upload itself.
 */
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { askPipelineRules, objectCreatedEvent } from './pipeline-rules';
import type { Target } from './target';

/** Where a file goes when no key is given. */
export function defaultIngestKey(fileName: string): string {
  return `uploads/${path.basename(fileName)}`;
}

/** Why `key` is not an object key, or undefined when it is. */
export function invalidKeyReason(key: string): string | undefined {
  return key === '' || key.endsWith('/') ? `${key} is not an object key` : undefined;
}

/**
 * Why an upload to `s3://bucket/key` would not start the pipeline, by the bus's own rules; undefined
 * when it would, or when the bus cannot tell.
 */
export async function ingestRefusal(
  target: Target,
  bucket: string,
  key: string,
  hint = 'give a key the rule takes (--key uploads/<name>.mp4)',
): Promise<string | undefined> {
  const rules = await askPipelineRules(target, objectCreatedEvent(target, bucket, key));
  if (!rules || rules.starts) return undefined;
  const keys = rules.patterns.map((pattern) => (pattern.detail as { object?: { key?: unknown } } | undefined)?.object?.key);
  return (
    `s3://${bucket}/${key} would not start the pipeline: its upload rule takes keys matching ${JSON.stringify(keys.length === 1 ? keys[0] : keys)}. ` +
    `Nothing was uploaded; ${hint} or change the stack's ingestPrefix or ingestSuffixes.`
  );
}

/** Puts a body of `size` bytes at `s3://bucket/key` (the ingest bucket: the upload starts the pipeline). */
export async function putIngestObject(
  target: Target,
  bucket: string,
  key: string,
  body: Readable,
  size: number,
  contentType?: string,
): Promise<{ bucket: string; key: string }> {
  await target.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: size, ContentType: contentType }));
  return { bucket, key };
}

/**
 * The one place where S3 names meet the filesystem. Keys are opaque strings, as in S3: `../`, `./`,
 * `//`, a leading `/`, `%2F`, backslashes and NUL are all just characters of a key. So a key never
 * becomes a path: each object lives in files named after the SHA-256 of its key, inside its bucket's
 * folder, and the key itself is kept in the object's record. Bucket names are checked against S3's
 * naming rules before they name a folder, so neither a key nor a bucket can reach outside
 * `<data>/s3/<bucket>/`.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import S3Error from 's3rver/lib/models/error';

/** S3's limit on a key's length, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d+\.\d+\.\d+\.\d+$/;

/** Whether `name` is a valid S3 bucket name (general purpose buckets' rules). */
export function isValidBucketName(name: string): boolean {
  return (
    BUCKET_NAME.test(name) &&
    !name.includes('..') &&
    !name.includes('.-') &&
    !name.includes('-.') &&
    !IP_ADDRESS.test(name) &&
    !name.startsWith('xn--') &&
    !name.startsWith('sthree-') &&
    !name.endsWith('-s3alias') &&
    !name.endsWith('--ol-s3')
  );
}

export function invalidBucketName(name: string): S3Error {
  return new S3Error('InvalidBucketName', 'The specified bucket is not valid.', { BucketName: name });
}

/** Throws S3's error for a key S3 would refuse: empty, or longer than 1,024 bytes. */
export function checkKey(key: string): void {
  if (key.length === 0) throw new S3Error('InvalidArgument', 'An object key must not be empty.', { ArgumentName: 'key' });
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES) {
    throw new S3Error('KeyTooLongError', 'Your key is too long', { Size: bytes, MaxSizeAllowed: MAX_KEY_BYTES });
  }
}

/** Where a bucket's files live: `<root>/<bucket>`, for valid bucket names only. */
export function bucketDir(root: string, bucket: string): string {
  if (!isValidBucketName(bucket)) throw invalidBucketName(bucket);
  return path.join(root, bucket);
}

export interface ObjectFiles {
  /** The object's record (its key, metadata and which data file holds its bytes). */
  record: string;
  /** Prefix of its data files: `<prefix>.<version>.data`, one per write, the record naming the current one. */
  dataPrefix: string;
}

/** The files of one object. The only function that turns a key into a path. */
export function objectFiles(root: string, bucket: string, key: string): ObjectFiles {
  checkKey(key);
  const digest = createHash('sha256').update(key, 'utf8').digest('hex');
  const dir = path.join(bucketDir(root, bucket), 'objects', digest.slice(0, 2));
  return { record: path.join(dir, `${digest}.json`), dataPrefix: path.join(dir, digest) };
}

/** Folder of an object's records and data files (for listing a bucket). */
export function objectsDir(root: string, bucket: string): string {
  return path.join(bucketDir(root, bucket), 'objects');
}

/** Where writes are staged before they are renamed into place (same filesystem, so renames are atomic). */
export function stagingDir(root: string, bucket: string): string {
  return path.join(bucketDir(root, bucket), 'staging');
}

const UPLOAD_ID = /^[0-9a-f]{32}$/;

/** The folder of a multipart upload; upload ids are s3rver's 32 hex digits, anything else is unknown. */
export function uploadDir(root: string, bucket: string, uploadId: string): string {
  if (!UPLOAD_ID.test(uploadId)) {
    throw new S3Error(
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      { UploadId: uploadId },
    );
  }
  return path.join(bucketDir(root, bucket), 'uploads', uploadId);
}

/** A part's file in its upload's folder; S3 numbers parts 1 to 10,000. */
export function partFile(dir: string, partNumber: number): string {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) {
    throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', {
      ArgumentName: 'partNumber',
      ArgumentValue: String(partNumber),
    });
  }
  return path.join(dir, `${partNumber}.part`);
}

/** A bucket's (key-less) configuration subresource, such as its CORS configuration. */
export function subresourceFile(root: string, bucket: string, key: string | undefined, type: string): string {
  if (!/^[a-z]+$/.test(type)) throw new S3Error('InvalidArgument', `Unknown subresource ${type}`);
  if (key === undefined) return path.join(bucketDir(root, bucket), 'config', `${type}.xml`);
  return `${objectFiles(root, bucket, key).dataPrefix}.${type}.xml`;
}

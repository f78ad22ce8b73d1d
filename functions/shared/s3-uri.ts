/**
 * S3 URIs of job inputs and overlay images.
 *
 * MediaConvert takes `s3://bucket/key` with the key exactly as stored, not percent-encoded: the API
 * checks FileInput against a pattern over raw characters (any character but `/` in a path segment)
 * and reads the object by that literal key. Encoding a key with spaces, `+`, `:` or accents would
 * name another object, so keys pass through unchanged.
 */

export function s3Uri(bucket: string, key: string): string {
  if (bucket === '' || /[/\s]/.test(bucket)) {
    throw new Error(`S3 URI: ${JSON.stringify(bucket)} is not a bucket name`);
  }
  if (key === '' || key.endsWith('/')) {
    throw new Error(`S3 URI: ${JSON.stringify(key)} is not an object key in bucket ${bucket}`);
  }
  return `s3://${bucket}/${key}`;
}

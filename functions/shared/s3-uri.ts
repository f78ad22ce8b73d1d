/**
 * `s3://bucket/key` URIs, as MediaConvert, its events and the asset record use them.
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

export interface S3Location {
  bucket: string;
  key: string;
}

const S3_URI = /^s3:\/\/([^/]+)\/(.*)$/;

export function isS3Uri(text: string): boolean {
  return S3_URI.test(text);
}

/** The bucket and literal key of an `s3://bucket/key` URI (the key may be empty: `s3://bucket/`). */
export function parseS3Uri(uri: string): S3Location {
  const match = S3_URI.exec(uri);
  if (!match) throw new RangeError(`${JSON.stringify(uri)} is not an s3://bucket/key URI`);
  return { bucket: match[1], key: match[2] };
}

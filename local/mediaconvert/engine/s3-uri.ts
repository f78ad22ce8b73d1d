/**
 * `s3://bucket/key` URIs as MediaConvert takes them: the key is the literal object key (spaces,
 * `+`, `:` and accents stay as they are, nothing is percent-decoded).
 */

export interface S3Location {
  bucket: string;
  key: string;
}

const S3_URI = /^s3:\/\/([^/]+)\/(.*)$/;

export function isS3Uri(text: string): boolean {
  return S3_URI.test(text);
}

export function parseS3Uri(uri: string): S3Location {
  const match = S3_URI.exec(uri);
  if (!match || match[1] === '') throw new RangeError(`${JSON.stringify(uri)} is not an s3://bucket/key URI`);
  return { bucket: match[1], key: match[2] };
}

/** The last path segment of a URI: `s3://b/a/clip one.mp4` -> `clip one.mp4`. */
export function fileName(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/** A file name without its extension: `clip.one.mp4` -> `clip.one`. */
export function stripExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** The file extension in lower case, without the dot ('' when there is none). */
export function extensionOf(uri: string): string {
  const name = fileName(uri);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * Resolves a URI written in a playlist against the playlist's own URI: an s3:// URI stays, a
 * relative one is taken from the playlist's folder, with `.` and `..` segments applied. Keys are
 * literal, so nothing is percent-decoded. Returns undefined for other schemes (http, https, ...).
 */
export function resolveReference(playlistUri: string, reference: string): string | undefined {
  if (isS3Uri(reference)) return reference;
  if (/^[a-z][a-z0-9+.-]*:/i.test(reference)) return undefined;
  const { bucket, key } = parseS3Uri(playlistUri);
  const folder = key.split('/').slice(0, -1);
  const parts = reference.startsWith('/') ? [] : folder;
  for (const segment of reference.replace(/^\/+/, '').split('/')) {
    if (segment === '.' || segment === '') continue;
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  return `s3://${bucket}/${parts.join('/')}`;
}

/**
 * `s3://bucket/key` URIs as MediaConvert takes them: the key is the literal object key (spaces,
 * `+`, `:` and accents stay as they are, nothing is percent-decoded).
 */

export { isS3Uri, parseS3Uri } from '../../../functions/shared/s3-uri';
export type { S3Location } from '../../../functions/shared/s3-uri';

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

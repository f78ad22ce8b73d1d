/**
 * Playback URLs: the http(s) address a player opens for a file of the outputs bucket. The playback
 * base (CloudFront on AWS, the local endpoint's read-only route) serves that bucket by key, and
 * never its temporary files.
 */
import type { Outputs, Playback } from './asset';
import { PLAYABLE_OUTPUTS } from './asset';
import { isS3Uri, parseS3Uri } from './s3-uri';

/** Temporary files of the pipeline (the loudness branch's proxies and logs are under it): never served. */
export const TEMP_PREFIX = 'tmp/';

/** The base without its trailing slashes; refuses anything but an http(s) URL without query or fragment. */
export function playbackBase(base: string): string {
  let url: URL | undefined;
  try {
    url = new URL(base);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.search !== '' || url.hash !== '') {
    throw new Error(
      `Playback: base URL ${JSON.stringify(base)} is not an http(s) URL without query or fragment; ` +
        'set PLAYBACK_BASE_URL to the distribution (https://<domain>) or the local endpoint (<endpoint>/_vod/play)',
    );
  }
  return base.replace(/\/+$/, '');
}

/** A key as a URL path: every segment percent-encoded, the slashes kept. */
export function keyPath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

/** The URL of one output; undefined for what the base does not serve (another bucket, temporary files). */
export function playbackUrl(base: string, outputBucket: string, uri: string): string | undefined {
  if (!isS3Uri(uri)) return undefined;
  const { bucket, key } = parseS3Uri(uri);
  if (bucket !== outputBucket || key === '' || key.endsWith('/') || key.startsWith(TEMP_PREFIX)) return undefined;
  return `${playbackBase(base)}/${keyPath(key)}`;
}

/** The URLs of a record's playable outputs. */
export function playbackUrls(base: string, outputBucket: string, outputs: Outputs): Playback {
  const playback: Playback = {};
  for (const name of PLAYABLE_OUTPUTS) {
    const uri = outputs[name];
    const url = uri === undefined ? undefined : playbackUrl(base, outputBucket, uri);
    if (url !== undefined) playback[name] = url;
  }
  return playback;
}

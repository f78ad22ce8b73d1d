/**
 * The local cloud's playback route: the gateway serves the outputs bucket's playable files,
 * read-only, at `<endpoint>/_vod/play/<key>`, as CloudFront serves them on AWS.
 */
export const PLAYBACK_PATH = '/_vod/play';

/** The playback base URL of a local cloud at `endpoint` (PLAYBACK_BASE_URL of its functions). */
export function localPlaybackBaseUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}${PLAYBACK_PATH}`;
}

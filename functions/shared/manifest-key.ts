/** Which uploads are job manifests: keys ending in `.vod.json`, in any case. */
export const MANIFEST_SUFFIX = '.vod.json';

export function isManifestKey(key: string): boolean {
  return key.toLowerCase().endsWith(MANIFEST_SUFFIX);
}

/**
 * A video under the sources prefix waits for a manifest to name it: its own upload starts no asset,
 * so a video uploaded for a manifest is processed once, with the manifest's settings. (EventBridge
 * delivers S3 keys raw, as stored.)
 */
export function awaitsManifest(key: string, sourcesPrefix: string): boolean {
  return sourcesPrefix !== '' && key.startsWith(sourcesPrefix) && !isManifestKey(key);
}

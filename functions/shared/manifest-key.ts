/** Which uploads are job manifests: keys ending in `.vod.json`, in any case. */
export const MANIFEST_SUFFIX = '.vod.json';

export function isManifestKey(key: string): boolean {
  return key.toLowerCase().endsWith(MANIFEST_SUFFIX);
}

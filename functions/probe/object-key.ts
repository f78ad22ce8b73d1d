/**
 * Object keys as events report them. EventBridge delivers S3 keys raw, but some tooling hands them
 * on form-encoded the way classic S3 notifications do (`red flower.jpg` -> `red+flower.jpg`,
 * `é` -> `%C3%A9`). A key is looked up as given first, then form-decoded.
 */
import { percentDecode } from '../shared/percent-decode';

/** `application/x-www-form-urlencoded` decoding: `+` is a space, then percent escapes. */
export function formDecode(key: string): string {
  return percentDecode(key.replace(/\+/g, ' '));
}

/** The keys to try, in order: as given, then form-decoded when that differs. */
export function keyCandidates(key: string): string[] {
  const decoded = formDecode(key);
  return decoded === key || decoded === '' ? [key] : [key, decoded];
}

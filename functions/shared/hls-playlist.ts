/**
 * HLS playlists (RFC 8216) as far as the project reads them: the variants and renditions of a
 * multivariant (master) playlist; the segments, durations, byte ranges, initialisation sections and
 * encryption of a media playlist. Tags nothing here needs are ignored.
 */
import { percentDecode } from './percent-decode';

export interface ByteRange {
  length: number;
  offset: number;
}

/** `EXT-X-MAP`: the initialisation section fragmented-MP4 segments need. */
export interface InitSection {
  uri: string;
  byteRange?: ByteRange;
}

export interface MediaSegment {
  uri: string;
  durationSeconds: number;
  byteRange?: ByteRange;
  /** The initialisation section in effect for this segment (the last EXT-X-MAP before it). */
  map?: InitSection;
}

export interface MediaPlaylist {
  kind: 'media';
  segments: MediaSegment[];
  /** The first `EXT-X-MAP` of the playlist. */
  map?: InitSection;
  /** `EXT-X-ENDLIST`: no segment will be added. */
  ended: boolean;
  /** The `EXT-X-KEY` method other than NONE, when segments are encrypted. */
  encryption?: string;
}

export interface Variant {
  uri: string;
  bandwidth?: number;
  width?: number;
  height?: number;
  /** `AUDIO`: the group of the audio renditions it plays with. */
  audioGroup?: string;
}

/** `EXT-X-MEDIA`: an alternative rendition; without a URI its media is in the variants' segments. */
export interface MediaRendition {
  type: string;
  groupId: string;
  uri?: string;
}

export interface MultivariantPlaylist {
  kind: 'multivariant';
  variants: Variant[];
  renditions: MediaRendition[];
}

export type Playlist = MediaPlaylist | MultivariantPlaylist;

export class PlaylistError extends Error {
  override readonly name = 'PlaylistError';
}

/** `KEY=value,KEY="quoted, with commas"` */
export function parseAttributes(list: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of list.matchAll(/([A-Z0-9-]+)=("[^"]*"|[^,]*)/g)) {
    const value = match[2];
    attributes[match[1]] = value.startsWith('"') ? value.slice(1, -1) : value;
  }
  return attributes;
}

/** `<length>[@<offset>]`; without an offset the range follows the previous one. */
function parseByteRange(text: string, previousEnd: number | undefined): ByteRange {
  const [lengthText, offsetText] = text.trim().split('@');
  const length = Number(lengthText);
  const offset = offsetText === undefined ? previousEnd : Number(offsetText);
  if (!Number.isInteger(length) || length < 0 || offset === undefined || !Number.isInteger(offset) || offset < 0) {
    throw new PlaylistError(`byte range ${JSON.stringify(text)} is not <length>[@<offset>] after a previous range`);
  }
  return { length, offset };
}

function tagValue(line: string): string {
  const colon = line.indexOf(':');
  return colon < 0 ? '' : line.slice(colon + 1);
}

function playlistLines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.trim());
}

function parseVariant(attributes: Record<string, string>): Omit<Variant, 'uri'> {
  const variant: Omit<Variant, 'uri'> = {};
  const [width, height] = (attributes.RESOLUTION ?? '').split('x').map(Number);
  if (attributes.BANDWIDTH !== undefined && Number.isFinite(Number(attributes.BANDWIDTH))) {
    variant.bandwidth = Number(attributes.BANDWIDTH);
  }
  if (Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) {
    variant.width = width;
    variant.height = height;
  }
  if (attributes.AUDIO) variant.audioGroup = attributes.AUDIO;
  return variant;
}

export function parsePlaylist(text: string): Playlist {
  const lines = playlistLines(text);
  if (lines[0] !== '#EXTM3U') throw new PlaylistError('it does not start with #EXTM3U');

  const variants: Variant[] = [];
  const renditions: MediaRendition[] = [];
  const segments: MediaSegment[] = [];
  let firstMap: InitSection | undefined;
  let map: InitSection | undefined;
  let ended = false;
  let encryption: string | undefined;
  let pendingDuration: number | undefined;
  let pendingRange: ByteRange | undefined;
  let pendingVariant: Omit<Variant, 'uri'> | undefined;
  let rangeEnd: number | undefined;

  for (const line of lines.slice(1)) {
    if (line === '') continue;
    if (line.startsWith('#EXTINF:')) {
      const duration = Number.parseFloat(tagValue(line).split(',')[0]);
      if (!Number.isFinite(duration) || duration < 0) throw new PlaylistError(`${JSON.stringify(line)} has no valid duration`);
      pendingDuration = duration;
    } else if (line.startsWith('#EXT-X-BYTERANGE:')) {
      pendingRange = parseByteRange(tagValue(line), rangeEnd);
      rangeEnd = pendingRange.offset + pendingRange.length;
    } else if (line.startsWith('#EXT-X-STREAM-INF:')) {
      pendingVariant = parseVariant(parseAttributes(tagValue(line)));
    } else if (line.startsWith('#EXT-X-MEDIA:')) {
      const attributes = parseAttributes(tagValue(line));
      renditions.push({ type: attributes.TYPE ?? '', groupId: attributes['GROUP-ID'] ?? '', ...(attributes.URI ? { uri: attributes.URI } : {}) });
    } else if (line.startsWith('#EXT-X-MAP:')) {
      const attributes = parseAttributes(tagValue(line));
      if (!attributes.URI) throw new PlaylistError(`${JSON.stringify(line)} has no URI`);
      map = { uri: attributes.URI };
      if (attributes.BYTERANGE !== undefined) map.byteRange = parseByteRange(attributes.BYTERANGE, 0);
      firstMap ??= map;
    } else if (line.startsWith('#EXT-X-KEY:')) {
      // Once a segment is encrypted the playlist counts as encrypted, even if a later key is NONE.
      const method = parseAttributes(tagValue(line)).METHOD;
      if (method && method !== 'NONE') encryption = method;
    } else if (line === '#EXT-X-ENDLIST') {
      ended = true;
    } else if (line.startsWith('#')) {
      continue; // other tags and comments
    } else if (pendingVariant !== undefined) {
      variants.push({ uri: line, ...pendingVariant });
      pendingVariant = undefined;
    } else {
      if (pendingDuration === undefined) throw new PlaylistError(`segment ${JSON.stringify(line)} has no #EXTINF`);
      const segment: MediaSegment = { uri: line, durationSeconds: pendingDuration };
      if (pendingRange !== undefined) segment.byteRange = pendingRange;
      if (map !== undefined) segment.map = map;
      segments.push(segment);
      pendingDuration = undefined;
      pendingRange = undefined;
    }
  }

  if (variants.length > 0) return { kind: 'multivariant', variants, renditions };
  const playlist: MediaPlaylist = { kind: 'media', segments, ended };
  if (firstMap !== undefined) playlist.map = firstMap;
  if (encryption !== undefined) playlist.encryption = encryption;
  return playlist;
}

/** The URIs of a media playlist's segments and initialisation sections, in order, each once. */
export function mediaUris(playlist: MediaPlaylist): string[] {
  return [...new Set(playlist.segments.flatMap((segment) => (segment.map ? [segment.map.uri, segment.uri] : [segment.uri])))];
}

/**
 * A media playlist's text with each segment URI and `EXT-X-MAP` URI replaced by `replace(uri)`;
 * every other line stays as it is.
 */
export function replaceMediaUris(text: string, replace: (uri: string) => string): string {
  return playlistLines(text)
    .map((line) => {
      if (line.startsWith('#EXT-X-MAP:')) {
        return line.replace(/([:,]URI=)("[^"]*"|[^,]*)/, (_, name: string, value: string) => `${name}"${replace(value.replace(/^"|"$/g, ''))}"`);
      }
      return line === '' || line.startsWith('#') ? line : replace(line);
    })
    .join('\n');
}

/** `scheme:…`: an absolute URL (`https://…`, `s3://…`), not a reference relative to the playlist. */
export function isAbsoluteUrl(uri: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(uri);
}

/** Total duration of a media playlist's segments, in whole milliseconds. */
export function playlistDurationMs(playlist: MediaPlaylist): number {
  // Summed in microseconds: adding many decimal fractions as floats drifts.
  const micros = playlist.segments.reduce((sum, segment) => sum + Math.round(segment.durationSeconds * 1e6), 0);
  return Math.round(micros / 1000);
}

/**
 * The object key a playlist URI names, relative to the playlist's own key. URIs are URIs: `%20` is a
 * space in the key. Absolute URLs point outside the bucket and are refused.
 */
export function resolveUri(playlistKey: string, uri: string): string {
  if (isAbsoluteUrl(uri)) {
    throw new PlaylistError(`${JSON.stringify(uri)} is an absolute URL; only URIs relative to the playlist are read`);
  }
  const path = uri.split(/[?#]/)[0];
  const base = path.startsWith('/') ? [] : playlistKey.split('/').slice(0, -1);
  const parts = [...base];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) throw new PlaylistError(`${JSON.stringify(uri)} climbs above the bucket root from ${playlistKey}`);
      parts.pop();
    } else {
      parts.push(percentDecode(part));
    }
  }
  if (parts.length === 0) throw new PlaylistError(`${JSON.stringify(uri)} names no object`);
  return parts.join('/');
}

/**
 * A small HLS playlist parser: the variants of a multivariant (master) playlist, and the segments
 * and their durations of a media playlist. Tags the probe does not need are ignored.
 */
import { percentDecode } from './object-key';

export interface ByteRange {
  length: number;
  offset: number;
}

export interface MediaSegment {
  uri: string;
  durationSeconds: number;
  byteRange?: ByteRange;
}

export interface MediaPlaylist {
  kind: 'media';
  segments: MediaSegment[];
  /** `EXT-X-MAP`: the initialisation section fragmented-MP4 segments need. */
  map?: { uri: string; byteRange?: ByteRange };
  /** `EXT-X-ENDLIST`: no segment will be added. */
  ended: boolean;
}

export interface Variant {
  uri: string;
  bandwidth?: number;
  width?: number;
  height?: number;
}

export interface MultivariantPlaylist {
  kind: 'multivariant';
  variants: Variant[];
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

export function parsePlaylist(text: string): Playlist {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((line) => line.trim());
  if (lines[0] !== '#EXTM3U') throw new PlaylistError('the text does not start with #EXTM3U');

  const variants: Variant[] = [];
  const segments: MediaSegment[] = [];
  let map: MediaPlaylist['map'];
  let ended = false;
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
      const attributes = parseAttributes(tagValue(line));
      const [width, height] = (attributes.RESOLUTION ?? '').split('x').map(Number);
      pendingVariant = {};
      if (attributes.BANDWIDTH !== undefined && Number.isFinite(Number(attributes.BANDWIDTH))) {
        pendingVariant.bandwidth = Number(attributes.BANDWIDTH);
      }
      if (Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) {
        pendingVariant.width = width;
        pendingVariant.height = height;
      }
    } else if (line.startsWith('#EXT-X-MAP:')) {
      const attributes = parseAttributes(tagValue(line));
      if (!attributes.URI) throw new PlaylistError(`${JSON.stringify(line)} has no URI`);
      map = { uri: attributes.URI };
      if (attributes.BYTERANGE !== undefined) map.byteRange = parseByteRange(attributes.BYTERANGE, 0);
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
      segments.push(segment);
      pendingDuration = undefined;
      pendingRange = undefined;
    }
  }

  if (variants.length > 0) return { kind: 'multivariant', variants };
  const playlist: MediaPlaylist = { kind: 'media', segments, ended };
  if (map !== undefined) playlist.map = map;
  return playlist;
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
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri)) {
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

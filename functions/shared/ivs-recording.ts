/**
 * The metadata IVS writes beside a recording (`events/recording-ended.json`, or
 * `events/recording-failed.json`): whether the recording ended well, where its HLS playlists are
 * and which renditions it has. Paths come from the metadata, never from IVS's usual layout.
 */
import { isObject } from './asset-ref-check';

export const ENDED_METADATA = 'events/recording-ended.json';
export const FAILED_METADATA = 'events/recording-failed.json';
export const RECORDING_ENDED = 'RECORDING_ENDED';

export interface Rendition {
  path: string;
  playlist: string;
  resolution_height?: number;
  resolution_width?: number;
}

export interface HlsMetadata {
  duration_ms?: number;
  path: string;
  playlist: string;
  renditions?: Rendition[];
}

export interface RecordingMetadata {
  version?: string;
  channel_arn?: string;
  recording_status: string;
  recording_status_message?: string;
  media?: { hls?: HlsMetadata };
}

export class MetadataError extends Error {
  override readonly name = 'MetadataError';
}

export function parseRecordingMetadata(text: string): RecordingMetadata {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new MetadataError(`it is not JSON (${(error as Error).message})`);
  }
  if (!isObject(parsed) || typeof parsed.recording_status !== 'string') {
    throw new MetadataError('it has no recording_status');
  }
  return parsed as unknown as RecordingMetadata;
}

/** Why the recording cannot be processed, or undefined when it ended well. */
export function recordingFailure(metadata: RecordingMetadata): string | undefined {
  if (metadata.recording_status === RECORDING_ENDED) return undefined;
  const message = metadata.recording_status_message ? `: ${metadata.recording_status_message}` : '';
  return `recording_status is ${metadata.recording_status}${message}`;
}

/** The HLS section, checked for the fields the probe follows. */
export function hlsOf(metadata: RecordingMetadata): HlsMetadata {
  const hls = metadata.media?.hls;
  if (!isObject(hls) || typeof hls.path !== 'string' || typeof hls.playlist !== 'string' || hls.playlist === '') {
    throw new MetadataError('it has no media.hls.path and media.hls.playlist');
  }
  return hls;
}

/** Joins key parts with single slashes. */
export function joinKey(...parts: string[]): string {
  return parts
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter((part) => part !== '')
    .join('/');
}

/** The highest rendition: tallest, then widest; undefined when the metadata lists none. */
export function highestRendition(renditions: readonly Rendition[] | undefined): Rendition | undefined {
  const usable = (renditions ?? []).filter(
    (rendition) => isObject(rendition) && typeof rendition.path === 'string' && typeof rendition.playlist === 'string',
  );
  return [...usable].sort(
    (a, b) => (b.resolution_height ?? 0) - (a.resolution_height ?? 0) || (b.resolution_width ?? 0) - (a.resolution_width ?? 0),
  )[0];
}

export function masterPlaylistKey(prefix: string, hls: HlsMetadata): string {
  return joinKey(prefix, hls.path, hls.playlist);
}

export function renditionPlaylistKey(prefix: string, hls: HlsMetadata, rendition: Rendition): string {
  return joinKey(prefix, hls.path, rendition.path, rendition.playlist);
}

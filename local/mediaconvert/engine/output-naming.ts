/**
 * MediaConvert's output names. A Destination ending in `/` is a folder: files are named after the
 * first input (its file name without extension); otherwise its last segment is the base name.
 * Then: file outputs `<base><NameModifier>.<extension>`, frame captures
 * `<base><NameModifier>.<7-digit counter>.jpg`, the DASH manifest `<base>.mpd` (and the HLS master
 * playlist `<base>.m3u8` of a CMAF group), loudness
 * logs `<base><NameModifier>_loudness.csv`, or `_loudness.<track>.csv` (tracks from 1) when the
 * output has several audio tracks.
 */
import { fileName, stripExtension } from './s3-uri';

export function outputBase(destination: string, firstInputUri: string): string {
  return destination.endsWith('/') ? `${destination}${stripExtension(fileName(firstInputUri))}` : destination;
}

export function fileOutputUri(base: string, nameModifier: string, extension: string): string {
  return `${base}${nameModifier}.${extension}`;
}

export function dashManifestUri(base: string): string {
  return `${base}.mpd`;
}

/** The HLS master playlist of a CMAF group. */
export function hlsManifestUri(base: string): string {
  return `${base}.m3u8`;
}

/** A frame capture: `<base><NameModifier>.<counter, 7 digits from 0>.jpg`. */
export function frameCaptureUri(base: string, nameModifier: string, counter: number): string {
  return `${base}${nameModifier}.${String(counter).padStart(7, '0')}.jpg`;
}

export function loudnessLogUri(base: string, nameModifier: string, track: number, trackCount: number): string {
  return `${base}${nameModifier}_loudness${trackCount > 1 ? `.${track}` : ''}.csv`;
}

/** A file next to the base: `s3://b/dash/asset` + `asset_1.mp4` -> `s3://b/dash/asset_1.mp4`. */
export function siblingUri(base: string, name: string): string {
  return `${base.slice(0, base.lastIndexOf('/') + 1)}${name}`;
}

const CONTENT_TYPES: Record<string, string> = {
  mpd: 'application/dash+xml',
  mp4: 'video/mp4',
  m4s: 'video/iso.segment',
  m3u8: 'application/vnd.apple.mpegurl',
  jpg: 'image/jpeg',
  csv: 'text/csv',
};

export function contentTypeOf(name: string): string | undefined {
  return CONTENT_TYPES[name.slice(name.lastIndexOf('.') + 1).toLowerCase()];
}

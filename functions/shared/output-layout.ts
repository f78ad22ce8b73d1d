/**
 * Where the pipeline's MediaConvert jobs write, under the output bucket. One place, so the job
 * builders, the job-events function (outputs of a finished job) and the loudness classifier (its
 * logs) can agree on names.
 *
 * Destinations name the files explicitly (a base name, not just a folder): otherwise MediaConvert
 * names outputs after the first input, which is the pre-roll bumper in a stitched job and an
 * arbitrary upload name (spaces, accents) otherwise. Asset ids are URL-safe slugs.
 */
import { s3Uri } from './s3-uri';

/** Temporary proxies and loudness logs of the loudness branch; deleted after classification. */
export const LOUDNESS_TEMP_PREFIX = 'tmp/loudness/';

/** Name modifiers the job templates give their file outputs (job-templates/*.json). */
export const NAME_MODIFIERS = {
  proxy: '_proxy',
  loudnessAnalysis: '_analysis',
  thumbnail: '_thumb',
  poster: '_poster',
} as const;

/** How the ABR ladder is packaged: one CMAF group with HLS and DASH manifests, or DASH ISO only. */
export type Packaging = 'cmaf' | 'dash-iso';

/** The WebVTT thumbnails track, written beside the frame captures once the job is complete. */
export const THUMBNAILS_VTT = 'thumbnails.vtt';

export interface TranscodeLayout {
  /** CMAF output group destination (base name of both manifests and the shared fMP4 segments). */
  cmafDestination: string;
  /** The HLS master playlist MediaConvert writes for the CMAF destination. */
  hlsManifest: string;
  /** The DASH manifest of the CMAF group. */
  cmafDashManifest: string;
  /** DASH ISO output group destination (packaging `dash-iso`). */
  dashDestination: string;
  /** The DASH manifest MediaConvert writes for that destination. */
  dashManifest: string;
  /** SD proxy file group destination. */
  proxyDestination: string;
  /** The proxy MP4 MediaConvert writes for that destination. */
  proxy: string;
  /** Frame capture group destination: `<base>_thumb.0000000.jpg`, one frame per interval. */
  thumbnailsDestination: string;
  /** Poster frame capture destination: `<base>_poster.<n>.jpg`; the poster is its last capture. */
  posterDestination: string;
  /** The WebVTT thumbnails track (s3:// URI). */
  thumbnailsVtt: string;
}

export function transcodeLayout(outputBucket: string, assetId: string): TranscodeLayout {
  const cmafBase = `${assetId}/cmaf/${assetId}`;
  const dashBase = `${assetId}/dash/${assetId}`;
  const proxyBase = `${assetId}/proxy/${assetId}`;
  return {
    cmafDestination: s3Uri(outputBucket, cmafBase),
    hlsManifest: s3Uri(outputBucket, `${cmafBase}.m3u8`),
    cmafDashManifest: s3Uri(outputBucket, `${cmafBase}.mpd`),
    dashDestination: s3Uri(outputBucket, dashBase),
    dashManifest: s3Uri(outputBucket, `${dashBase}.mpd`),
    proxyDestination: s3Uri(outputBucket, proxyBase),
    proxy: s3Uri(outputBucket, `${proxyBase}${NAME_MODIFIERS.proxy}.mp4`),
    thumbnailsDestination: s3Uri(outputBucket, `${assetId}/thumbnails/${assetId}`),
    posterDestination: s3Uri(outputBucket, `${assetId}/poster/${assetId}`),
    thumbnailsVtt: s3Uri(outputBucket, `${assetId}/thumbnails/${THUMBNAILS_VTT}`),
  };
}

/**
 * Base name of the loudness job's files. Free of digits, so the only numbers in a log's name are
 * the track numbers MediaConvert or the name modifiers put there.
 */
export const LOUDNESS_BASE_NAME = 'audio';

/** Key prefix holding everything one loudness job writes. */
export function loudnessPrefix(assetId: string): string {
  return `${LOUDNESS_TEMP_PREFIX}${assetId}/`;
}

export function loudnessDestination(outputBucket: string, assetId: string): string {
  return s3Uri(outputBucket, `${loudnessPrefix(assetId)}${LOUDNESS_BASE_NAME}`);
}

/** Name modifier of the audio-only output of one track (inputs without video: one output per track). */
export function loudnessTrackNameModifier(position: number): string {
  return `_track${position}`;
}

/**
 * Keys of the loudness logs, in probe track order. MediaConvert writes `<destination><name
 * modifier>_loudness.csv` per output, and `..._loudness.<n>.csv` (n = audio track of the output,
 * from 1) when one output carries several audio tracks.
 */
export function loudnessLogKeys(assetId: string, trackCount: number, hasVideo: boolean): string[] {
  const base = `${loudnessPrefix(assetId)}${LOUDNESS_BASE_NAME}`;
  return Array.from({ length: trackCount }, (_, i) => {
    const position = i + 1;
    if (!hasVideo) return `${base}${loudnessTrackNameModifier(position)}_loudness.csv`;
    const suffix = trackCount === 1 ? '' : `.${position}`;
    return `${base}${NAME_MODIFIERS.loudnessAnalysis}_loudness${suffix}.csv`;
  });
}

/**
 * MediaInfo's report reduced to the compact probe the asset record and the state machine carry.
 * Works on MediaInfo's JSON output, where every value is a string ("2.022", "48000 / 24000").
 */
import type { AudioTrack, Probe, VideoTrack } from '../shared/asset';

/** One entry of MediaInfo's `media.track` array. */
export interface MediaInfoTrack {
  readonly '@type': string;
  readonly [field: string]: unknown;
}

export type Compaction = { ok: true; probe: Probe } | { ok: false; seen: string };

/** First number of a MediaInfo value; several values are joined with " / ". */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const number = Number.parseFloat(value.split('/')[0]);
  return Number.isFinite(number) ? number : undefined;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

const ofType = (tracks: readonly MediaInfoTrack[], type: string) => tracks.filter((track) => track['@type'] === type);

/**
 * MediaInfo reports QuickTime files as "MPEG-4" with the profile "QuickTime"; the distinction
 * matters to anyone reading the record, so it is kept.
 */
export function containerOf(general: MediaInfoTrack): string | undefined {
  const format = textOf(general.Format);
  if (format === 'MPEG-4' && (textOf(general.Format_Profile) === 'QuickTime' || textOf(general.CodecID) === 'qt')) {
    return 'QuickTime';
  }
  return format;
}

function durationMsOf(general: MediaInfoTrack, tracks: readonly MediaInfoTrack[]): number {
  const seconds = numberOf(general.Duration) ?? Math.max(0, ...tracks.map((track) => numberOf(track.Duration) ?? 0));
  return Math.round(seconds * 1000);
}

function frameRateOf(track: MediaInfoTrack): number | undefined {
  const rate = numberOf(track.FrameRate) ?? numberOf(track.FrameRate_Nominal) ?? numberOf(track.FrameRate_Original);
  if (rate !== undefined) return Math.round(rate * 1000) / 1000;
  const num = numberOf(track.FrameRate_Num);
  const den = numberOf(track.FrameRate_Den);
  return num !== undefined && den ? Math.round((num / den) * 1000) / 1000 : undefined;
}

/**
 * The clockwise display rotation, from MediaInfo's `Rotation` (the angle of the track matrix,
 * counter-clockwise: ffmpeg's `rotate=90`, a quarter-turn clockwise, reads as 270), to the nearest
 * quarter turn; anything else is not a rotation players apply.
 */
export function rotationOf(track: MediaInfoTrack): number {
  const angle = numberOf(track.Rotation);
  if (angle === undefined) return 0;
  const clockwise = (((360 - angle) % 360) + 360) % 360;
  const quarter = Math.round(clockwise / 90) * 90;
  return Math.abs(quarter - clockwise) <= 1 ? quarter % 360 : 0;
}

function videoOf(track: MediaInfoTrack): VideoTrack {
  const video: VideoTrack = {
    codec: textOf(track.Format) ?? textOf(track.CodecID) ?? 'unknown',
    width: Math.round(numberOf(track.Width) ?? numberOf(track.Stored_Width) ?? 0),
    height: Math.round(numberOf(track.Height) ?? numberOf(track.Stored_Height) ?? 0),
  };
  const frameRate = frameRateOf(track);
  if (frameRate !== undefined) video.frameRate = frameRate;
  const bitrate = numberOf(track.BitRate) ?? numberOf(track.BitRate_Nominal) ?? numberOf(track.BitRate_Maximum);
  if (bitrate !== undefined) video.bitrate = Math.round(bitrate);
  video.rotation = rotationOf(track);
  return video;
}

/**
 * Audio tracks in the order of the file, which is how MediaConvert's `AudioSelector.Tracks` counts
 * them. MediaInfo lists them in that order; `StreamOrder` (the track's position in the file)
 * settles it when every track has a plain one.
 */
export function audioTracksOf(tracks: readonly MediaInfoTrack[]): AudioTrack[] {
  let audio = ofType(tracks, 'Audio');
  const orders = audio.map((track) => textOf(track.StreamOrder));
  if (orders.every((order) => order !== undefined && /^\d+$/.test(order))) {
    audio = audio
      .map((track, position) => ({ track, position, order: Number(orders[position]) }))
      .sort((a, b) => a.order - b.order || a.position - b.position)
      .map(({ track }) => track);
  }
  return audio.map((track, position) => ({
    index: position + 1,
    codec: textOf(track.Format) ?? textOf(track.CodecID) ?? 'unknown',
    channels: Math.round(numberOf(track.Channels) ?? numberOf(track.Channels_Original) ?? 0),
    sampleRate: Math.round(numberOf(track.SamplingRate) ?? 0),
  }));
}

/** What MediaInfo recognised, for messages about inputs that are not media. */
export function describeTracks(tracks: readonly MediaInfoTrack[]): string {
  const general = ofType(tracks, 'General')[0];
  const format = general ? containerOf(general) : undefined;
  if (format === undefined) return 'no format it recognises';
  const kinds = tracks.filter((track) => track['@type'] !== 'General').map((track) => track['@type']);
  return kinds.length === 0
    ? `format "${format}" with no tracks`
    : `format "${format}" with ${kinds.length} track(s) (${[...new Set(kinds)].join(', ')}) but no video or audio`;
}

export function compactProbe(tracks: readonly MediaInfoTrack[]): Compaction {
  const general = ofType(tracks, 'General')[0];
  const container = general ? containerOf(general) : undefined;
  const video = ofType(tracks, 'Video')[0];
  const audioTracks = audioTracksOf(tracks);
  if (general === undefined || container === undefined || (video === undefined && audioTracks.length === 0)) {
    return { ok: false, seen: describeTracks(tracks) };
  }
  const probe: Probe = {
    container,
    durationMs: durationMsOf(general, tracks),
    ...(video === undefined ? {} : { video: videoOf(video) }),
    audioCount: audioTracks.length,
    audioTracks,
  };
  return { ok: true, probe };
}

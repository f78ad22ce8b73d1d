/**
 * The WebVTT thumbnails track: one cue per frame capture, back to back from 0 to the asset's end
 * (no gaps), each naming its image relative to the track, which is written beside the frames. The
 * shape thumbnail plugins of hls.js, video.js and other players read (`frame.jpg`, optionally with
 * `#xywh=` for sprites, which these captures are not).
 */

/** `HH:MM:SS.mmm`; hours are not optional, as some parsers require them past an hour. */
export function vttTimestamp(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = Math.floor((total % 60_000) / 1000);
  const millis = total % 1000;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(hours)}:${two(minutes)}:${two(seconds)}.${String(millis).padStart(3, '0')}`;
}

export interface ThumbnailCue {
  startMs: number;
  endMs: number;
  image: string;
}

/**
 * Frame n shows from n × interval to the next frame; the last cue ends at the asset's end (past
 * the last interval if the captures stopped early). Frames at or past the end show nothing and are
 * left out. Without a duration, the track lasts one interval per frame.
 */
export function thumbnailCues(frames: string[], intervalMs: number, durationMs?: number): ThumbnailCue[] {
  if (frames.length === 0) return [];
  if (!(intervalMs > 0)) throw new RangeError(`Thumbnails track: the capture interval must be positive, got ${intervalMs} ms`);
  const endMs = durationMs !== undefined && durationMs > 0 ? durationMs : frames.length * intervalMs;
  const shown = frames.filter((_, index) => index === 0 || index * intervalMs < endMs);
  return shown.map((image, index) => ({
    startMs: index * intervalMs,
    endMs: index === shown.length - 1 ? Math.max(endMs, index * intervalMs + 1) : (index + 1) * intervalMs,
    image,
  }));
}

/** Relative references: each file name percent-encoded as a URL path segment. */
export function thumbnailsVtt(cues: ThumbnailCue[]): string {
  const blocks = cues.map((cue) => `${vttTimestamp(cue.startMs)} --> ${vttTimestamp(cue.endMs)}\n${encodeURIComponent(cue.image)}`);
  return ['WEBVTT', ...blocks].join('\n\n') + '\n';
}

/** The thumbnails track: WebVTT cues naming one image each (relative to the track), for the scrub bar's preview. */

export interface ThumbnailCue {
  start: number;
  end: number;
  /** Absolute URL of the image, with any #xywh= fragment kept. */
  image: string;
}

function seconds(timestamp: string): number {
  const parts = timestamp.trim().split(':').map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

export function parseThumbnailsVtt(text: string, trackUrl: string): ThumbnailCue[] {
  const cues: ThumbnailCue[] = [];
  for (const block of text.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const lines = block.split('\n').filter((line) => line.trim() !== '');
    const timing = lines.findIndex((line) => line.includes('-->'));
    if (timing < 0 || !lines[timing + 1]) continue;
    const [from, to] = lines[timing].split('-->');
    cues.push({ start: seconds(from), end: seconds(to.trim().split(/\s+/)[0]), image: new URL(lines[timing + 1].trim(), trackUrl).href });
  }
  return cues;
}

export function cueAt(cues: ThumbnailCue[], time: number): ThumbnailCue | undefined {
  return (
    cues.find((cue) => time >= cue.start && time < cue.end) ??
    (cues.length > 0 && time >= cues[cues.length - 1].end ? cues[cues.length - 1] : undefined)
  );
}

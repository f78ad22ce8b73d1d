/**
 * Posters and thumbnail tracks on the player page, fetched cross-origin with CORS as a player
 * fetches them: an image shown in place of the video, a WebVTT track parsed by the browser itself.
 */
import type { Page } from './browser';

export interface LoadedImage {
  naturalWidth: number;
  naturalHeight: number;
}

export interface TrackCue {
  /** Seconds. */
  startTime: number;
  endTime: number;
  text: string;
}

/** What the player page puts on its window for these (the project compiles without the DOM's types). */
interface AssetWindow {
  vodShowImage(url: string, timeoutMs: number): Promise<LoadedImage | { error: string }>;
  vodLoadTrack(url: string, timeoutMs: number): Promise<{ cues: TrackCue[] } | { error: string }>;
}

const DEFAULT_TIMEOUT_MS = 10000;

/** Opens the player page and shows `url` as an image; resolves with its natural size once decoded. */
export async function showImage(page: Page, playerUrl: string, url: string, options: { timeoutMs?: number } = {}): Promise<LoadedImage> {
  await page.goto(`${playerUrl}/`, { waitUntil: 'load' });
  const loaded = await page.evaluate(
    (imageUrl, timeoutMs) => (globalThis as unknown as AssetWindow).vodShowImage(imageUrl, timeoutMs),
    url,
    options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  );
  if ('error' in loaded) throw new Error(`Image ${url}: ${loaded.error}`);
  return loaded;
}

/** Opens the player page and loads `url` as a metadata text track; resolves with the cues the browser parsed. */
export async function loadTrack(page: Page, playerUrl: string, url: string, options: { timeoutMs?: number } = {}): Promise<TrackCue[]> {
  await page.goto(`${playerUrl}/`, { waitUntil: 'load' });
  const loaded = await page.evaluate(
    (trackUrl, timeoutMs) => (globalThis as unknown as AssetWindow).vodLoadTrack(trackUrl, timeoutMs),
    url,
    options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  );
  if ('error' in loaded) throw new Error(`Track ${url}: ${loaded.error}`);
  return loaded.cues;
}

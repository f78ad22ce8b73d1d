/**
 * Playing a URL on the player page to its end, and screenshots of the page, for playback tests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from './browser';
import type { PlaybackState, PlayerKind } from './player-page';

/** A page's playback counts as played to the end once it passes this share of the duration. */
export const END_SHARE = 0.9;
const POLL_MS = 100;

/** What the player page puts on its window (the project compiles without the DOM's types). */
interface PlayerWindow {
  vodPlayback(): PlaybackState;
  vodPlay(url: string, kind: PlayerKind): void;
}

const describeState = (state: PlaybackState) =>
  `at ${state.currentTime.toFixed(2)} s of ${Number.isFinite(state.duration) ? `${state.duration.toFixed(2)} s` : 'an unknown duration'}, ` +
  `readyState ${state.readyState}${state.paused ? ', paused' : ''}`;

const describeErrors = (state: PlaybackState) =>
  [...state.errors, ...state.warnings].map((error) => `${error.source}: ${error.message}`).join('; ') || 'none';

/**
 * Opens the player page, plays `url` with hls.js, dash.js or a plain <video> (mp4), and resolves
 * with the playback state once it passes 90 % of the duration with no player error. Rejects at the
 * first player error, or after `timeoutMs`, saying where playback was and the players' last errors.
 */
export async function playToEnd(
  page: Page,
  playerUrl: string,
  url: string,
  kind: PlayerKind,
  options: { timeoutMs?: number } = {},
): Promise<PlaybackState> {
  const timeoutMs = options.timeoutMs ?? 30000;
  await page.goto(`${playerUrl}/`, { waitUntil: 'load' });
  await page.evaluate((mediaUrl, playerKind) => (globalThis as unknown as PlayerWindow).vodPlay(mediaUrl, playerKind), url, kind);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await page.evaluate(() => (globalThis as unknown as PlayerWindow).vodPlayback());
    if (state.errors.length > 0) {
      throw new Error(`${kind} playback of ${url} failed ${describeState(state)}: ${describeErrors(state)}`);
    }
    if (state.duration > 0 && Number.isFinite(state.duration) && state.currentTime >= END_SHARE * state.duration) return state;
    if (Date.now() > deadline) {
      throw new Error(
        `${kind} playback of ${url} did not reach ${END_SHARE * 100} % within ${timeoutMs / 1000} s: ${describeState(state)}; ` +
          `last player errors: ${describeErrors(state)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Where screenshots go: `test-output/screenshots/` at the repository root (ignored by git). */
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', '..', 'test-output', 'screenshots');

/** Writes a PNG of the page to SCREENSHOT_DIR/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`);
  await page.screenshot({ path: file as `${string}.png` });
  return file;
}

/**
 * The playback harness itself: a 4 s CMAF rendition with HLS and DASH manifests and a 4 s MP4, made
 * with ffmpeg, served with CORS from one loopback origin and played from another, to the end, by
 * hls.js, dash.js and a plain <video> in a real headless Chromium.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from './support/browser';
import { closeBrowser, launchBrowser } from './support/browser';
import type { LoopbackServer } from './support/http-server';
import { makeCmaf, makeMp4 } from './support/media';
import type { MediaServer } from './support/media-server';
import { startMediaServer } from './support/media-server';
import { END_SHARE, playToEnd, screenshot } from './support/playback';
import type { PlayerKind } from './support/player-page';
import { startPlayerServer } from './support/player-server';
import { BROWSER_TEST_TIMEOUT_MS } from './support/timeouts';

const SECONDS = 4;
let folder: string;
let browser: Browser;
let page: Page;
let player: LoopbackServer;
let media: MediaServer;
let manifests: { dash: string; hls: string };
let mp4: string;

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-browser-'));
  manifests = makeCmaf(path.join(folder, 'cmaf'), SECONDS);
  mp4 = makeMp4(folder, 'proxy.mp4', SECONDS);
  [browser, player, media] = await Promise.all([launchBrowser(), startPlayerServer(), startMediaServer(folder)]);
  page = await browser.newPage();
  await page.setViewport({ width: 640, height: 400 });
}, BROWSER_TEST_TIMEOUT_MS);

afterAll(async () => {
  await closeBrowser(browser);
  await Promise.all([player?.close(), media?.close()]);
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('the playback harness', () => {
  it.each<[string, PlayerKind, () => string]>([
    ['HLS with hls.js', 'hls', () => `cmaf/${manifests.hls}`],
    ['DASH with dash.js', 'dash', () => `cmaf/${manifests.dash}`],
    ['MP4 with <video>', 'mp4', () => mp4],
  ])(
    'plays %s to the end, fetching the media cross-origin',
    async (_case, kind, file) => {
      // Prepare
      const url = `${media.url}/${file()}`;
      const before = media.requests.length;

      // Act
      const state = await playToEnd(page, player.url, url, kind);
      const shot = await screenshot(page, `harness-${kind}`);

      // Assess
      expect(state.errors).toEqual([]);
      expect(state.duration).toBeGreaterThan(SECONDS - 0.5);
      expect(state.currentTime).toBeGreaterThanOrEqual(END_SHARE * state.duration);
      const fetched = media.requests.slice(before);
      expect(fetched.length).toBeGreaterThan(0);
      expect(fetched.every((request) => request.origin === player.url && request.status < 400)).toBe(true);
      expect(fs.statSync(shot).size).toBeGreaterThan(0);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "fails with the player's error when the media server sends no CORS headers",
    async () => {
      const closed = await startMediaServer(folder, { cors: false });
      try {
        const playing = playToEnd(page, player.url, `${closed.url}/cmaf/${manifests.hls}`, 'hls', { timeoutMs: 20000 });

        await expect(playing).rejects.toThrow(/^hls playback of .* failed .*hls\.js: networkError\/manifestLoadError/);
      } finally {
        await closed.close();
      }
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'gives up after its timeout, saying where playback was',
    async () => {
      const playing = playToEnd(page, player.url, `${media.url}/${mp4}`, 'mp4', { timeoutMs: 500 });

      await expect(playing).rejects.toThrow(/^mp4 playback of .* did not reach 90 % within 0\.5 s: at \d+\.\d\d s of .*; last player errors: /);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});

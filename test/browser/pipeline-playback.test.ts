/**
 * What the pipeline made, played from the record's playback URLs: generated uploads go through the
 * local cloud to COMPLETE, and a headless Chromium on another origin than the cloud's endpoint
 * plays `playback.hls` with hls.js, `playback.dash` with dash.js and `playback.proxy` with a plain
 * <video> to the end, shows `playback.poster`, and reads `playback.thumbnails` as a WebVTT track.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { makeClip } from '../../cli/demo/sample-media';
import type { AssetRecord, Playback, UploadSource } from '../../functions/shared/asset';
import type { Clients } from '../../local/clients';
import type { LocalCloud } from '../../local/cloud';
import { clients, startTestCloud, waitFor } from '../local/support';
import type { Browser, Page } from './support/browser';
import { closeBrowser, launchBrowser } from './support/browser';
import type { LoopbackServer } from './support/http-server';
import { loadTrack, showImage } from './support/page-assets';
import { END_SHARE, playToEnd, screenshot } from './support/playback';
import type { PlayerKind } from './support/player-page';
import { startPlayerServer } from './support/player-server';
import { BROWSER_TEST_TIMEOUT_MS } from './support/timeouts';

/**
 * The uploads: a landscape clip with sound, and a portrait one as a phone records it held upright:
 * landscape pixels with a 90° rotation in the track's metadata.
 */
const LANDSCAPE = { key: 'uploads/browser landscape.mp4', seconds: 4, width: 640, height: 360 };
const PORTRAIT = { key: 'uploads/browser portrait.mp4', seconds: 3, width: 640, height: 360, rotation: 90 as const };
/** Both transcodes share the machine's cores with the browser and each other. */
const TRANSCODE_TIMEOUT_MS = 150000;

let folder: string;
let cloud: LocalCloud;
let aws: Clients;
let browser: Browser;
let page: Page;
let player: LoopbackServer;
let landscape: Promise<AssetRecord>;
let portrait: Promise<AssetRecord>;

interface PlaybackResponse {
  url: string;
  status: number;
  allowOrigin?: string;
}
/** Every response of the cloud's playback route the page has had. */
const responses: PlaybackResponse[] = [];

async function upload(clip: typeof LANDSCAPE & { rotation?: 90 }): Promise<void> {
  const file = await makeClip(path.join(folder, path.basename(clip.key)), { ...clip, toneHz: 440 });
  await aws.s3.send(new PutObjectCommand({ Bucket: cloud.names.ingestBucket, Key: clip.key, Body: fs.readFileSync(file), ContentType: 'video/mp4' }));
}

/** The record of the upload at `key` once its execution has ended (COMPLETE or FAILED). */
function finishedAsset(key: string): Promise<AssetRecord> {
  return waitFor(
    `the asset of ${key} to be COMPLETE or FAILED`,
    async () => {
      const { Items = [] } = await aws.documents.send(new ScanCommand({ TableName: cloud.names.assetTable, ConsistentRead: true }));
      const asset = (Items as AssetRecord[]).find((item) => (item.source as UploadSource).key === key);
      return asset && (asset.status === 'COMPLETE' || asset.status === 'FAILED') ? asset : undefined;
    },
    TRANSCODE_TIMEOUT_MS,
  );
}

/** The record's playback URL of `name`, failing with what the record has instead. */
function playbackOf(asset: AssetRecord, name: keyof Playback): string {
  const url = asset.playback?.[name];
  if (!url) {
    throw new Error(
      `Asset ${asset.assetId} (${asset.status}) has no playback.${name}; its playback: ${JSON.stringify(asset.playback)}, outputs: ${JSON.stringify(asset.outputs)}`,
    );
  }
  return url;
}

/** The playback route's responses since `from`, for `url`'s folder. */
const responsesUnder = (url: string, from: number) =>
  responses.slice(from).filter((response) => response.url.startsWith(url.slice(0, url.lastIndexOf('/') + 1)));

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-browser-pipeline-'));
  cloud = await startTestCloud();
  aws = clients(cloud);
  // Uploaded one after the other so the landscape transcode, which most tests wait for, starts first.
  await upload(LANDSCAPE);
  landscape = finishedAsset(LANDSCAPE.key);
  await upload(PORTRAIT);
  portrait = finishedAsset(PORTRAIT.key);
  // Tests that await a record that never came report it; this keeps the rejection from going unhandled meanwhile.
  landscape.catch(() => undefined);
  portrait.catch(() => undefined);
  [browser, player] = await Promise.all([launchBrowser(), startPlayerServer()]);
  page = await browser.newPage();
  await page.setViewport({ width: 640, height: 400 });
  page.on('response', (response) => {
    if (response.url().startsWith(cloud.endpoint)) {
      responses.push({ url: response.url(), status: response.status(), allowOrigin: response.headers()['access-control-allow-origin'] });
    }
  });
}, BROWSER_TEST_TIMEOUT_MS);

afterAll(async () => {
  await closeBrowser(browser);
  await player?.close();
  aws?.destroy();
  await cloud?.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe("the pipeline's outputs, played in a browser from their playback URLs", () => {
  it(
    'completes the landscape upload with playback URLs on the local playback route',
    async () => {
      const asset = await landscape;

      expect(asset).toMatchObject({ status: 'COMPLETE', branch: 'dash' });
      const base = `${cloud.endpoint}/_vod/play/`;
      expect(asset.playback).toEqual({
        hls: expect.stringMatching(/\.m3u8$/),
        dash: expect.stringMatching(/\.mpd$/),
        proxy: expect.stringMatching(/\.mp4$/),
        poster: expect.stringMatching(/\.jpg$/),
        thumbnails: expect.stringMatching(/\.vtt$/),
      });
      expect(Object.values(asset.playback!).every((url) => url.startsWith(base))).toBe(true);
    },
    TRANSCODE_TIMEOUT_MS,
  );

  it.each<[string, PlayerKind, keyof Playback]>([
    ['playback.hls with hls.js', 'hls', 'hls'],
    ['playback.dash with dash.js', 'dash', 'dash'],
    ['playback.proxy with <video>', 'mp4', 'proxy'],
  ])(
    'plays %s to the end, fetching it cross-origin from the playback route',
    async (_case, kind, name) => {
      // Prepare
      const asset = await landscape;
      const url = playbackOf(asset, name);
      const from = responses.length;

      // Act
      const state = await playToEnd(page, player.url, url, kind, { timeoutMs: 30000 });
      const shot = await screenshot(page, `pipeline-${name}`);

      // Assess
      expect(state.errors).toEqual([]);
      expect(state.duration).toBeGreaterThan(LANDSCAPE.seconds - 0.5);
      expect(state.currentTime).toBeGreaterThanOrEqual(END_SHARE * state.duration);
      expect(state.videoWidth).toBeGreaterThan(state.videoHeight);
      const fetched = responsesUnder(url, from);
      expect(fetched.length).toBeGreaterThan(0);
      expect(fetched.filter((response) => response.status >= 400 || response.allowOrigin !== '*')).toEqual([]);
      expect(fs.statSync(shot).size).toBeGreaterThan(0);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'shows playback.poster as an image of the video',
    async () => {
      const asset = await landscape;
      const url = playbackOf(asset, 'poster');

      const image = await showImage(page, player.url, url);
      const shot = await screenshot(page, 'pipeline-poster');

      expect(image.naturalWidth).toBeGreaterThan(0);
      expect(image.naturalHeight).toBeGreaterThan(0);
      expect(image.naturalWidth).toBeGreaterThan(image.naturalHeight);
      expect(fs.statSync(shot).size).toBeGreaterThan(0);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'reads playback.thumbnails as a WebVTT track whose cues cover the video, each naming a frame that loads',
    async () => {
      // Prepare
      const asset = await landscape;
      const url = playbackOf(asset, 'thumbnails');

      // Act
      const cues = await loadTrack(page, player.url, url);

      // Assess
      expect(cues.length).toBeGreaterThan(0);
      expect(cues[0].startTime).toBe(0);
      const gaps = cues.slice(1).filter((cue, index) => Math.abs(cue.startTime - cues[index].endTime) > 0.001);
      expect(gaps).toEqual([]);
      expect(cues.at(-1)!.endTime).toBeGreaterThanOrEqual(LANDSCAPE.seconds - 0.5);
      expect(cues.every((cue) => /\.jpg$/.test(cue.text))).toBe(true);
      // The frames are named relative to the track, as players resolve them.
      const first = await showImage(page, player.url, new URL(cues[0].text, url).href);
      const last = await showImage(page, player.url, new URL(cues.at(-1)!.text, url).href);
      await screenshot(page, 'pipeline-thumbnail');
      expect([first.naturalWidth, last.naturalWidth].every((width) => width > 0)).toBe(true);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it.each<[string, PlayerKind, keyof Playback]>([
    ['playback.hls with hls.js', 'hls', 'hls'],
    ['playback.dash with dash.js', 'dash', 'dash'],
    ['playback.proxy with <video>', 'mp4', 'proxy'],
  ])(
    'plays the portrait upload upright, taller than wide: %s',
    async (_case, kind, name) => {
      const asset = await portrait;
      expect(asset.status).toBe('COMPLETE');
      const url = playbackOf(asset, name);

      const state = await playToEnd(page, player.url, url, kind, { timeoutMs: 30000 });
      await screenshot(page, `pipeline-portrait-${name}`);

      expect(state.errors).toEqual([]);
      expect(state.currentTime).toBeGreaterThanOrEqual(END_SHARE * state.duration);
      expect(state.videoWidth).toBeGreaterThan(0);
      expect(state.videoWidth).toBeLessThan(state.videoHeight);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});

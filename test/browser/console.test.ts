/**
 * The console in a real browser, against a local cloud: the assets page lists an upload made
 * through its upload box, a mezzanine and a stitch with their statuses, live; the stitch, whose
 * post-roll is missing, shows FAILED with MediaConvert's cause; the execution graph marks the failed
 * state; once the post-roll is back, Redrive (confirmed in the page's dialog) completes the asset
 * on the same page and the graph shows the redriven path; the player plays; the loudness chart has
 * one bar per track. Screenshots go to test-output/screenshots/console-*.png.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { endRecording } from '../../cli/commands/ivs-end';
import { makeClip, makeHlsRecording, makeMezzanine, makeOverlay } from '../../cli/demo/sample-media';
import { DEFAULT_CHANNEL_ARN } from '../../cli/ivs-recording';
import type { Target } from '../../cli/target';
import { resolveTarget } from '../../cli/target';
import type { ConsoleServer } from '../../console/server/console-server';
import { startConsoleServer } from '../../console/server/console-server';
import type { AssetRecord, UploadSource } from '../../functions/shared/asset';
import { parseS3Uri } from '../../functions/shared/s3-uri';
import type { Clients } from '../../local/clients';
import type { LocalCloud } from '../../local/cloud';
import { clients, startTestCloud, waitFor } from '../local/support';
import type { Browser, Page } from './support/browser';
import { closeBrowser, launchBrowser } from './support/browser';
import { screenshot } from './support/playback';
import { BROWSER_TEST_TIMEOUT_MS } from './support/timeouts';

/** Three pipelines share the machine's cores with the browser. */
const PIPELINE_TIMEOUT_MS = 240000;
const UPLOAD_KEY = 'uploads/console clip.mp4';
const MEZZANINE_TRACKS = 6;

let folder: string;
let cloud: LocalCloud;
let aws: Clients;
let target: Target;
let server: ConsoleServer;
let browser: Browser;
let page: Page;
let postroll: { bucket: string; key: string };
let stitchAssetId: string;
/** What the page's functions use of the browser's globals (the project compiles without the DOM's types). */
interface PageNode {
  textContent: string | null;
  className: string;
  querySelector(selector: string): PageNode | null;
  querySelectorAll(selector: string): ArrayLike<PageNode> & Iterable<PageNode>;
}
interface PageVideo {
  currentTime: number;
  poster: string;
  dataset: Record<string, string | undefined>;
  error: { message: string } | null;
  play(): Promise<void>;
}
interface PageGlobals {
  document: PageNode;
  notReloaded?: boolean;
}

let media: { clip: string; mezzanine: string; recording: string; preroll: string; postroll: string; overlay: string };

async function records(): Promise<AssetRecord[]> {
  const { Items = [] } = await aws.documents.send(new ScanCommand({ TableName: cloud.names.assetTable, ConsistentRead: true }));
  return Items as AssetRecord[];
}

function assetWith(what: string, match: (asset: AssetRecord) => boolean, statuses: string[]): Promise<AssetRecord> {
  return waitFor(what, async () => (await records()).find((asset) => match(asset) && statuses.includes(asset.status)), PIPELINE_TIMEOUT_MS);
}

const keyOf = (asset: AssetRecord) => (asset.source as UploadSource).key;

/** The text of the status cell of an asset's row on the assets page, or undefined while it is not listed. */
function listedStatus(assetId: string): Promise<string | undefined> {
  return page.evaluate((id) => {
    const { document } = globalThis as unknown as PageGlobals;
    const row = [...document.querySelectorAll('table.assets tbody tr')].find((tr) => tr.querySelector('td a')?.textContent === id);
    return row?.querySelectorAll('td')[1]?.textContent?.trim();
  }, assetId);
}

async function openAsset(assetId: string): Promise<void> {
  await page.goto(`${server.url}#/assets/${encodeURIComponent(assetId)}`, { waitUntil: 'load' });
  await page.waitForSelector('[data-testid="asset-status"]', { timeout: 15000 });
}

/** Resolves once the asset page shows `status`. */
function statusShown(status: string, timeout: number) {
  return page.waitForFunction(
    (wanted) => (globalThis as unknown as PageGlobals).document.querySelector('[data-testid="asset-status"]')?.textContent?.trim() === wanted,
    { timeout },
    status,
  );
}

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-browser-console-'));
  const at = (name: string) => path.join(folder, name);
  const [clip, mezzanine] = await Promise.all([
    makeClip(at('console clip.mp4'), { seconds: 4, width: 640, height: 360, toneHz: 440 }),
    makeMezzanine(at('mezzanine.mov'), { seconds: 2, tracks: MEZZANINE_TRACKS, audible: 2 }),
  ]);
  const [recording, preroll] = await Promise.all([
    makeHlsRecording(at('recording'), { seconds: 2 }),
    makeClip(at('preroll.mp4'), { seconds: 1, color: 'navy', toneHz: 880 }),
  ]);
  const [postrollFile, overlay] = await Promise.all([
    makeClip(at('postroll.mp4'), { seconds: 1, color: 'darkgreen', toneHz: 550 }),
    makeOverlay(at('overlay.png'), { width: 160, height: 90 }),
  ]);
  media = { clip, mezzanine, recording, preroll, postroll: postrollFile, overlay };
  cloud = await startTestCloud();
  aws = clients(cloud);
  target = await resolveTarget({ aws: false, json: false, endpoint: cloud.endpoint });
  const put = async (uri: string, file: string) => {
    const { bucket, key } = parseS3Uri(uri);
    await aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: fs.readFileSync(file) }));
    return { bucket, key };
  };
  await put(target.info.assets.preroll, preroll);
  await put(target.info.assets.overlay, overlay);
  // The post-roll is missing: the stitch fails at its MediaConvert job.
  postroll = parseS3Uri(target.info.assets.postroll);
  await aws.s3.send(new DeleteObjectCommand({ Bucket: postroll.bucket, Key: postroll.key }));
  [server, browser] = await Promise.all([startConsoleServer({ target, port: 0, log: () => undefined }), launchBrowser()]);
  page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
}, BROWSER_TEST_TIMEOUT_MS);

afterAll(async () => {
  await closeBrowser(browser);
  await server?.close();
  await target?.close();
  aws?.destroy();
  await cloud?.stop();
  if (cloud) fs.rmSync(cloud.dataDir, { recursive: true, force: true });
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

describe('the console in a browser', () => {
  it(
    'lists the assets with their statuses, live: an upload through the upload box, a mezzanine and a recording',
    async () => {
      // Prepare
      await page.goto(server.url, { waitUntil: 'load' });
      await page.waitForSelector('table.assets th');

      // Act: the upload box sends the clip; the other two arrive as the pipeline's triggers send them.
      const chooser = await page.$('#upload-file');
      await chooser!.uploadFile(media.clip);
      await page.waitForFunction(
        () => (globalThis as unknown as PageGlobals).document.querySelector('.upload [role="status"]')?.textContent?.includes('Uploaded'),
        { timeout: 30000 },
      );
      await aws.s3.send(
        new PutObjectCommand({
          Bucket: cloud.names.ingestBucket,
          Key: `${target.info.loudnessPrefix}console mezzanine.mov`,
          Body: fs.readFileSync(media.mezzanine),
        }),
      );
      stitchAssetId = (await endRecording(target, media.recording, DEFAULT_CHANNEL_ARN)).assetId;

      // Assess: each asset is listed, without a reload, with the status its record has.
      const uploaded = await assetWith('the upload to be registered', (asset) => keyOf(asset) === UPLOAD_KEY, [
        'REGISTERED',
        'PROBING',
        'TRANSCODING',
        'COMPLETE',
      ]);
      const headers = await page.$$eval('table.assets th', (cells) => cells.map((cell) => cell.textContent?.trim()));
      expect(headers).toContain('Status');
      const done = await assetWith('the upload to complete', (asset) => asset.assetId === uploaded.assetId, ['COMPLETE']);
      await page.waitForFunction(
        (id) =>
          [...(globalThis as unknown as PageGlobals).document.querySelectorAll('table.assets tbody tr')].some(
            (tr) => tr.querySelector('td a')?.textContent === id && tr.textContent?.includes('COMPLETE'),
          ),
        { timeout: 5000 },
        done.assetId,
      );
      const all = await records();
      expect(all).toHaveLength(3);
      for (const asset of await records()) {
        await waitFor(`asset ${asset.assetId} listed as ${asset.status}`, async () => {
          const current = (await records()).find((record) => record.assetId === asset.assetId)!;
          return (await listedStatus(asset.assetId)) === current.status ? true : undefined;
        });
      }
      const link = await page.$eval(`table.assets a[href="#/assets/${encodeURIComponent(done.assetId)}"]`, (a) => a.textContent);
      expect(link).toBe(done.assetId);
      await screenshot(page, 'console-assets');
    },
    PIPELINE_TIMEOUT_MS,
  );

  it(
    'shows the stitch whose post-roll is missing as FAILED, with the MediaConvert cause and what to do',
    async () => {
      await assetWith('the stitch to fail', (asset) => asset.assetId === stitchAssetId && asset.error !== undefined, ['FAILED']);

      await openAsset(stitchAssetId);
      await statusShown('FAILED', 5000);

      const failure = await page.$eval('.failure', (element) => element.textContent ?? '');
      expect(failure).toContain('SubmitStitchJob');
      expect(failure).toMatch(/MediaConvert\.\d+/);
      expect(failure).toContain('postroll');
      expect(failure).toContain('What to do');
      await screenshot(page, 'console-asset-failed');
    },
    PIPELINE_TIMEOUT_MS,
  );

  it('marks the failed state on the execution graph', async () => {
    await page.click('.executions a');

    const failed = await page.waitForSelector('svg [data-state="SubmitStitchJob"][data-outcome="failed"]', { timeout: 15000 });

    expect(failed).not.toBeNull();
    await screenshot(page, 'console-execution-failed');
  });

  it(
    'redrives the stitch once the post-roll is back: Redrive, confirmed in the dialog, completes it on the same page',
    async () => {
      // Prepare
      await aws.s3.send(new PutObjectCommand({ Bucket: postroll.bucket, Key: postroll.key, Body: fs.readFileSync(media.postroll) }));
      await openAsset(stitchAssetId);
      await page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));

      // Act
      const [redrive] = await page.$$('xpath/.//button[normalize-space()="Redrive"]');
      await redrive.click();
      await page.waitForSelector('#redrive-dialog[open]');
      await screenshot(page, 'console-redrive-dialog');
      const [confirm] = await page.$$('xpath/.//dialog//button[normalize-space()="Confirm redrive"]');
      await confirm.click();

      // Assess
      await statusShown('COMPLETE', PIPELINE_TIMEOUT_MS - 10000);
      expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).notReloaded)).toBe(true);
      expect(await page.$eval('.summary', (element) => element.textContent)).toContain('redriven 1×');
      await screenshot(page, 'console-asset-redriven');
    },
    PIPELINE_TIMEOUT_MS,
  );

  it('shows the redriven path on the execution graph', async () => {
    await page.click('.executions a');

    await page.waitForSelector('svg [data-state="SubmitStitchJob"][data-outcome="succeeded"]', { timeout: 15000 });
    const outcomes = await page.$$eval('svg [data-state]', (nodes) => nodes.map((node) => node.getAttribute('data-outcome')));

    expect(outcomes).not.toContain('failed');
    expect(outcomes).not.toContain('in-progress');
    await screenshot(page, 'console-execution');
  });

  it('plays the upload: the video advances', async () => {
    const uploaded = (await records()).find((asset) => keyOf(asset) === UPLOAD_KEY)!;
    await openAsset(uploaded.assetId);
    await page.waitForSelector('vod-asset-player video');

    await page.$eval('vod-asset-player video', (video) => (video as unknown as PageVideo).play());
    await page.waitForFunction(
      () => ((globalThis as unknown as PageGlobals).document.querySelector('vod-asset-player video') as unknown as PageVideo).currentTime > 1,
      { timeout: 20000 },
    );

    const state = await page.$eval('vod-asset-player video', (video) => {
      const element = video as unknown as PageVideo;
      return { source: element.dataset.source, error: element.error?.message ?? null, poster: element.poster };
    });
    expect(state).toMatchObject({ source: 'hls', error: null, poster: expect.stringMatching(/\.jpg$/) });
    const renditions = await page.$$eval('vod-asset-player .player-controls label:nth-child(2) option', (options) => options.length);
    expect(renditions).toBeGreaterThan(1);
    await screenshot(page, 'console-asset-player');
  });

  it('plays the upload with dash.js too, and previews the thumbnails over the seek bar', async () => {
    // Act
    await page.select('vod-asset-player .player-controls label:first-child select', 'dash');
    await page.$eval('vod-asset-player video', (video) => (video as unknown as PageVideo).play());
    await page.waitForFunction(
      () => {
        const video = (globalThis as unknown as PageGlobals).document.querySelector('vod-asset-player video') as unknown as PageVideo;
        return video.dataset.source === 'dash' && video.currentTime > 1;
      },
      { timeout: 20000 },
    );
    const bar = await page.$('vod-asset-player input[type="range"]');
    const box = (await bar!.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);

    // Assess
    const thumbnail = await page.waitForSelector('vod-asset-player .scrub img.thumbnail', { timeout: 5000 });
    expect(await thumbnail!.evaluate((image) => image.getAttribute('src'))).toMatch(/\.jpg$/);
    expect(
      await page.$$eval('vod-asset-player .player-controls label', (labels) => labels.map((label) => label.textContent?.trim().split(/\s/)[0])),
    ).toEqual(['Source', 'Rendition']);
    await screenshot(page, 'console-asset-player-dash');
  });

  it(
    'draws the loudness chart with one bar per track, the loudness map and the layout',
    async () => {
      const mezzanine = await assetWith('the mezzanine to be analysed', (asset) => asset.branch === 'loudness', ['COMPLETE']);

      await openAsset(mezzanine.assetId);
      const chart = await page.waitForSelector('vod-loudness-panel [data-bars]', { timeout: 15000 });

      expect(await chart!.evaluate((element) => element.getAttribute('data-bars'))).toBe(String(MEZZANINE_TRACKS));
      const rows = await page.$$eval('.loudness-map tbody tr', (trs) => trs.map((tr) => tr.className));
      expect(rows).toEqual(['audible', 'audible', ...Array.from({ length: MEZZANINE_TRACKS - 2 }, () => 'silent')]);
      expect(await page.$eval('[data-layout]', (element) => element.textContent)).toBe(mezzanine.loudness?.layout);
      await screenshot(page, 'console-asset-loudness');
    },
    PIPELINE_TIMEOUT_MS,
  );
});

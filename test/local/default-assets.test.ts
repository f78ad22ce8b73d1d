/**
 * A fresh local cloud's stitch assets: generated defaults at the keys the settings name, told apart
 * from a user's own in its info, never overwriting one, and shown missing once deleted.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { cachedAssetPath, installDefaultAssets, type AssetName } from '../../local/default-assets';
import type { PipelineInfo } from '../../local/info';
import { assetLine } from '../../local/info';
import { clients, makeMp4, startTestCloud, tempDataDir } from './support';
import { vod } from '../e2e/vod';

jest.setTimeout(90_000);

const KEYS = { preroll: 'bumpers/preroll.mp4', postroll: 'bumpers/postroll.mp4', overlay: 'overlays/bug.png' };

async function served(endpoint: string): Promise<PipelineInfo> {
  return (await (await fetch(`${endpoint}/_vod/info`)).json()) as PipelineInfo;
}

describe('the stitch assets of a fresh local cloud', () => {
  const dataDir = tempDataDir();
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('are generated defaults in the assets bucket, and a deleted one is missing, also after a restart', async () => {
    // Prepare
    const cloud = await startTestCloud({ dataDir });
    const aws = clients(cloud);
    try {
      // Act
      const heads = await Promise.all(Object.values(KEYS).map((Key) => aws.s3.send(new HeadObjectCommand({ Bucket: 'vod-assets', Key }))));
      const fresh = await served(cloud.endpoint);
      await aws.s3.send(new DeleteObjectCommand({ Bucket: 'vod-assets', Key: KEYS.postroll }));
      const deleted = await served(cloud.endpoint);
      const printed = await vod('local', 'info', '--endpoint', cloud.endpoint);

      // Assess
      expect(heads.map((head) => head.ContentType)).toEqual(['video/mp4', 'video/mp4', 'image/png']);
      expect(heads.every((head) => (head.ContentLength ?? 0) > 100)).toBe(true);
      expect(fresh.assetStates).toEqual({ preroll: 'generated default', postroll: 'generated default', overlay: 'generated default' });
      expect(assetLine(fresh, 'preroll')).toBe('s3://vod-assets/bumpers/preroll.mp4   (generated default; upload your own to replace it)');
      expect(deleted.assetStates).toMatchObject({ preroll: 'generated default', postroll: 'missing' });
      expect(assetLine(deleted, 'postroll')).toBe(
        `s3://vod-assets/bumpers/postroll.mp4   missing: upload one with aws --endpoint-url ${cloud.endpoint} s3 cp postroll.mp4 s3://vod-assets/bumpers/postroll.mp4`,
      );
      expect(cloud.info().assetStates).toEqual(deleted.assetStates);
      expect(printed.stdout).toContain(`pre-roll          ${assetLine(deleted, 'preroll')}\n`);
      expect(printed.stdout).toContain(`post-roll         ${assetLine(deleted, 'postroll')}\n`);
    } finally {
      aws.destroy();
      await cloud.stop();
    }

    // Act: a restart installs nothing (the data directory is not fresh).
    const again = await startTestCloud({ dataDir });
    try {
      // Assess
      expect((await served(again.endpoint)).assetStates).toMatchObject({ postroll: 'missing' });
      expect(again.logs.join('\n')).not.toMatch(/installed generated defaults/);
    } finally {
      await again.stop();
    }
  });

  it("never overwrite a user's own object, and say it is uploaded", async () => {
    // Prepare: a data directory whose pre-roll the user uploaded before any default was installed.
    const ownDir = tempDataDir();
    const own = makeMp4(1);
    const first = await startTestCloud({ dataDir: ownDir, defaultAssets: false });
    const firstAws = clients(first);
    await firstAws.s3.send(new PutObjectCommand({ Bucket: 'vod-assets', Key: KEYS.preroll, Body: own, ContentType: 'video/mp4' }));
    firstAws.destroy();
    await first.stop();

    // Act
    const cloud = await startTestCloud({ dataDir: ownDir });
    const aws = clients(cloud);
    try {
      const object = await aws.s3.send(new GetObjectCommand({ Bucket: 'vod-assets', Key: KEYS.preroll }));
      const bytes = Buffer.from(await object.Body!.transformToByteArray());
      const info = await served(cloud.endpoint);

      // Assess
      expect(bytes.equals(own)).toBe(true);
      expect(info.assetStates).toEqual({ preroll: 'uploaded', postroll: 'generated default', overlay: 'generated default' });
      expect(assetLine(info, 'preroll')).toBe('s3://vod-assets/bumpers/preroll.mp4');
    } finally {
      aws.destroy();
      await cloud.stop();
      fs.rmSync(ownDir, { recursive: true, force: true });
    }
  });

  it('generate each asset once: a later fresh data directory gets the cached bytes without ffmpeg', async () => {
    // Prepare: a cloud without defaults, an empty cache, and two fresh data directories.
    const cloud = await startTestCloud({ defaultAssets: false });
    const aws = clients(cloud);
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-asset-cache-'));
    const [firstDir, secondDir] = [tempDataDir(), tempDataDir()];
    const objectBytes = async (key: string) =>
      Buffer.from(await (await aws.s3.send(new GetObjectCommand({ Bucket: 'vod-assets', Key: key }))).Body!.transformToByteArray());
    const keysUnder = (prefix: string) => ({ preroll: `${prefix}/pre.mp4`, postroll: `${prefix}/post.mp4`, overlay: `${prefix}/bug.png` });
    try {
      // Act: the first install generates and fills the cache; then the cached pre-roll is replaced
      // by bytes ffmpeg never writes, and a second fresh data directory is installed.
      await installDefaultAssets({ dataDir: firstDir, bucket: 'vod-assets', keys: keysUnder('first'), s3: aws.s3, cacheDir });
      const names: AssetName[] = ['preroll', 'postroll', 'overlay'];
      const cachedAfterFirst = names.map((name) => fs.existsSync(cachedAssetPath(cacheDir, name)));
      const generatedPreroll = await objectBytes('first/pre.mp4');
      const cachedPreroll = fs.readFileSync(cachedAssetPath(cacheDir, 'preroll'));
      fs.writeFileSync(cachedAssetPath(cacheDir, 'preroll'), 'cached bytes');
      await jest.isolateModulesAsync(async () => {
        // A new module registry, as a new process: nothing is remembered in memory.
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh copy of the module, loaded inside the isolated registry
        const fresh = require('../../local/default-assets') as { installDefaultAssets: typeof installDefaultAssets };
        await fresh.installDefaultAssets({ dataDir: secondDir, bucket: 'vod-assets', keys: keysUnder('second'), s3: aws.s3, cacheDir });
      });

      // Assess
      expect(cachedAfterFirst).toEqual([true, true, true]);
      expect(cachedPreroll.equals(generatedPreroll)).toBe(true);
      expect((await objectBytes('second/pre.mp4')).toString()).toBe('cached bytes');
      expect((await objectBytes('second/post.mp4')).equals(await objectBytes('first/post.mp4'))).toBe(true);
    } finally {
      aws.destroy();
      await cloud.stop();
      for (const folder of [cacheDir, firstDir, secondDir]) fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

/**
 * A real `vod local up` process, treated as users treat it: sent requests S3 accepts but a
 * filesystem cannot hold, and killed with SIGKILL in the middle of an upload.
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import { localClients } from '../../local/clients';
import { partialPut } from '../local/signed-request';
import { tempDataDir } from '../local/support';
import type { LocalUpProcess } from './local-up-process';
import { alive } from '../support/processes';
import { startLocalUp } from './local-up-process';

let dataDir: string;
let running: LocalUpProcess | undefined;

beforeEach(() => {
  dataDir = tempDataDir();
});

afterEach(async () => {
  if (running && alive(running.child.pid!)) {
    running.child.kill('SIGTERM');
    await running.exited;
  }
  running = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('vod local up', () => {
  it('keeps answering after a PUT and a form POST whose key has a 300-character segment', async () => {
    // Prepare
    running = await startLocalUp(dataDir);
    const aws = localClients(running.endpoint, running.credentials);
    const key = `uploads/${'x'.repeat(300)}.mp4`;

    // Act
    await aws.s3.send(new PutObjectCommand({ Bucket: running.info.buckets.assets, Key: key, Body: 'long' }));
    const form = await fetch(`${running.endpoint}/${running.info.buckets.assets}`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
      body: `--b\r\nContent-Disposition: form-data; name="key"\r\n\r\n${key}.form\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n\r\nx\r\n--b--\r\n`,
    });
    const back = await aws.s3.send(new GetObjectCommand({ Bucket: running.info.buckets.assets, Key: key }));
    const info = await fetch(`${running.endpoint}/_vod/info`);

    // Assess
    expect(await back.Body?.transformToString()).toBe('long');
    expect(form.status).toBe(403);
    expect(info.status).toBe(200);
    expect(alive(running.child.pid!)).toBe(true);
    aws.destroy();
  });

  it('after a SIGKILL in the middle of an upload, the next start has the whole objects and no part of the cut one', async () => {
    // Prepare
    running = await startLocalUp(dataDir);
    const Bucket = running.info.buckets.assets;
    const before = localClients(running.endpoint, running.credentials);
    const whole = Buffer.alloc(1_400_000, 5);
    const put = await before.s3.send(new PutObjectCommand({ Bucket, Key: 'kill-test/whole.mp4', Body: whole }));
    const replacing = await partialPut(running.endpoint, running.credentials, `/${Bucket}/kill-test/whole.mp4`, whole.length, 512 * 1024);
    const fresh = await partialPut(running.endpoint, running.credentials, `/${Bucket}/kill-test/cut.mp4`, 2_000_000, 700_000);
    before.destroy();

    // Act
    running.child.kill('SIGKILL');
    await running.exited;
    replacing.destroy();
    fresh.destroy();
    const pid = running.child.pid!;
    running = await startLocalUp(dataDir);
    const after = localClients(running.endpoint, running.credentials);
    const head = await after.s3.send(new HeadObjectCommand({ Bucket, Key: 'kill-test/whole.mp4' }));
    const object = await after.s3.send(new GetObjectCommand({ Bucket, Key: 'kill-test/whole.mp4' }));
    const bytes = Buffer.from(await object.Body!.transformToByteArray());
    const listed = await after.s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'kill-test/' }));
    after.destroy();

    // Assess
    expect(alive(pid)).toBe(false);
    expect(head.ETag).toBe(put.ETag);
    expect(bytes.equals(whole)).toBe(true);
    expect(listed.Contents?.map((c) => c.Key)).toEqual(['kill-test/whole.mp4']);
  });
});

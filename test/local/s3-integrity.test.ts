/**
 * The local S3 keeps S3's promises: writes are atomic, an object's event goes out once it is whole
 * (and after a crash, at the next start), listings roll keys up into common prefixes, multipart
 * ETags and errors have S3's shape, and form POSTs need a signed policy.
 */
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectsCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createHash, createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LocalCloud } from '../../local/cloud';
import type { BusEvent } from '../../local/eventbridge/types';
import type { ObjectRecord } from '../../local/s3/object-store';
import { partialPut } from './signed-request';
import { cloudPerFile, clients, startTestCloud, tempDataDir, waitFor } from './support';

let cloud: LocalCloud;
let aws: ReturnType<typeof clients>;

cloudPerFile((started, startedAws) => {
  cloud = started;
  aws = startedAws;
});

/** The record file of an object, found by its key (the layout is the store's business). */
function recordFile(dataDir: string, bucket: string, key: string): string {
  const digest = createHash('sha256').update(key).digest('hex');
  return path.join(dataDir, 's3', bucket, 'objects', digest.slice(0, 2), `${digest}.json`);
}

/** Starts a PUT of `declared` bytes, sends `sent` of them, then cuts the connection. */
async function cutOffPut(bucket: string, key: string, declared: number, sent: number): Promise<void> {
  const request = await partialPut(cloud.endpoint, cloud.credentials, `/${bucket}/${key}`, declared, sent);
  await new Promise((resolve) => setTimeout(resolve, 100));
  request.destroy();
}

describe('atomic writes', () => {
  it('an interrupted re-upload leaves the old object whole, with its ETag', async () => {
    // Prepare
    const Bucket = cloud.names.assetsBucket;
    const good = Buffer.alloc(1_400_000, 7);
    const put = await aws.s3.send(new PutObjectCommand({ Bucket, Key: 'bumpers/good.mp4', Body: good }));

    // Act
    await cutOffPut(Bucket, 'bumpers/good.mp4', good.length, 512 * 1024);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const head = await aws.s3.send(new HeadObjectCommand({ Bucket, Key: 'bumpers/good.mp4' }));
    const object = await aws.s3.send(new GetObjectCommand({ Bucket, Key: 'bumpers/good.mp4' }));
    const back = Buffer.from(await object.Body!.transformToByteArray());

    // Assess
    expect(head.ETag).toBe(put.ETag);
    expect(head.ContentLength).toBe(good.length);
    expect(back.equals(good)).toBe(true);
  });

  it('an interrupted first upload leaves no object and puts no event', async () => {
    // Prepare
    const events: BusEvent[] = [];
    const unsubscribe = cloud.bus.onEvent((event) => events.push(event));

    // Act
    await cutOffPut(cloud.names.ingestBucket, 'uploads/cut.mp4', 1_000_000, 300_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    unsubscribe();
    const listed = await aws.s3.send(new ListObjectsV2Command({ Bucket: cloud.names.ingestBucket, Prefix: 'uploads/cut' }));

    // Assess
    expect(listed.KeyCount).toBe(0);
    expect(events.filter((event) => event.source === 'aws.s3')).toEqual([]);
    expect(fs.readdirSync(path.join(cloud.dataDir, 's3', cloud.names.ingestBucket, 'staging'))).toEqual([]);
  });

  it('announces at the next start an object a crash left whole but unannounced, with its own sequencer', async () => {
    // Prepare: an upload whose event never reached the bus (the crash came between the two)
    const dataDir = tempDataDir();
    const first = await startTestCloud({ dataDir, holdExecutionStarts: true });
    const firstAws = clients(first);
    await firstAws.s3.send(new PutObjectCommand({ Bucket: first.names.ingestBucket, Key: 'uploads/just before the crash.mp4', Body: 'whole' }));
    firstAws.destroy();
    await first.stop();
    const pendingDir = path.join(dataDir, 'events', 'pending');
    for (const name of fs.readdirSync(pendingDir)) fs.rmSync(path.join(pendingDir, name));
    const file = recordFile(dataDir, first.names.ingestBucket, 'uploads/just before the crash.mp4');
    const record = JSON.parse(fs.readFileSync(file, 'utf8')) as ObjectRecord;
    fs.writeFileSync(file, JSON.stringify({ ...record, pendingEvent: 'ObjectCreated:Put' }));

    // Act
    const second = await startTestCloud({ dataDir, holdExecutionStarts: true });
    try {
      const pending = await waitFor('the announced event', async () => {
        const names = fs.readdirSync(pendingDir);
        return names.length > 0
          ? names.map((name) => JSON.parse(fs.readFileSync(path.join(pendingDir, name), 'utf8')) as { event: BusEvent })
          : undefined;
      });

      // Assess
      expect(pending).toHaveLength(1);
      expect(pending[0].event.detail).toMatchObject({
        object: { key: 'uploads/just before the crash.mp4', sequencer: record.sequencer },
        reason: 'PutObject',
      });
      expect((JSON.parse(fs.readFileSync(file, 'utf8')) as ObjectRecord).pendingEvent).toBeUndefined();
    } finally {
      await second.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a data directory from an earlier version', () => {
  it("takes over the objects s3rver's own store kept, keys, bytes, ETags and content types", async () => {
    // Prepare: the layout s3rver wrote (`<key path>._S3rver_object`, with its metadata and md5)
    const dataDir = tempDataDir();
    const folder = path.join(dataDir, 's3', 'vod-assets', 'bumpers');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'pre roll.mp4._S3rver_object'), 'old bytes');
    fs.writeFileSync(path.join(folder, 'pre roll.mp4._S3rver_object.md5'), createHash('md5').update('old bytes').digest('hex'));
    fs.writeFileSync(path.join(folder, 'pre roll.mp4._S3rver_metadata.json'), JSON.stringify({ 'content-type': 'video/mp4' }));

    // Act
    const later = await startTestCloud({ dataDir });
    const laterAws = clients(later);
    try {
      const object = await laterAws.s3.send(new GetObjectCommand({ Bucket: 'vod-assets', Key: 'bumpers/pre roll.mp4' }));
      const text = await object.Body?.transformToString();

      // Assess
      expect(text).toBe('old bytes');
      expect(object.ETag).toBe(`"${createHash('md5').update('old bytes').digest('hex')}"`);
      expect(object.ContentType).toBe('video/mp4');
      expect(fs.existsSync(folder)).toBe(false);
    } finally {
      laterAws.destroy();
      await later.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("S3's shapes", () => {
  it('lists a prefix that holds only sub-folders as a common prefix (aws s3 ls), with V1 and V2', async () => {
    // Prepare
    const Bucket = cloud.names.outputBucket;
    for (const key of ['ls/asset-a/cmaf/a.m3u8', 'ls/asset-a/proxy/a.mp4', 'ls/asset-b/cmaf/b.mpd', 'ls/top.txt']) {
      await aws.s3.send(new PutObjectCommand({ Bucket, Key: key, Body: 'x' }));
    }

    // Act
    const v2 = await aws.s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'ls/', Delimiter: '/' }));
    const v1 = await aws.s3.send(new ListObjectsCommand({ Bucket, Prefix: 'ls/', Delimiter: '/' }));
    const root = await aws.s3.send(new ListObjectsV2Command({ Bucket, Delimiter: '/' }));

    // Assess
    expect(v2.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['ls/asset-a/', 'ls/asset-b/']);
    expect(v2.Contents?.map((c) => c.Key)).toEqual(['ls/top.txt']);
    expect(v1.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['ls/asset-a/', 'ls/asset-b/']);
    expect(root.CommonPrefixes?.map((p) => p.Prefix)).toContain('ls/');
  });

  it('pages a listing with continuation tokens, keys and common prefixes counted together', async () => {
    // Prepare
    const Bucket = cloud.names.recordingBucket;
    for (const key of ['page/a.txt', 'page/b/1.txt', 'page/b/2.txt', 'page/c.txt', 'page/d/1.txt']) {
      await aws.s3.send(new PutObjectCommand({ Bucket, Key: key, Body: 'x' }));
    }

    // Act
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await aws.s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'page/', Delimiter: '/', MaxKeys: 2, ContinuationToken: token }));
      seen.push(...(page.Contents ?? []).map((c) => c.Key!), ...(page.CommonPrefixes ?? []).map((p) => p.Prefix!));
      token = page.NextContinuationToken;
      pages += 1;
    } while (token);

    // Assess
    expect(pages).toBe(2);
    expect(seen.sort()).toEqual(['page/a.txt', 'page/b/', 'page/c.txt', 'page/d/']);
  });

  it("gives a multipart upload S3's ETag: the MD5 of the parts' MD5s, then the part count", async () => {
    // Prepare
    const Bucket = cloud.names.outputBucket;
    const parts = [Buffer.alloc(5 * 1024 * 1024, 1), Buffer.from('tail')];
    const expected = `"${createHash('md5')
      .update(Buffer.concat(parts.map((part) => createHash('md5').update(part).digest())))
      .digest('hex')}-2"`;

    // Act
    const { UploadId } = await aws.s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'multi/etag.bin' }));
    const uploaded = [];
    for (const [index, Body] of parts.entries()) {
      const { ETag } = await aws.s3.send(new UploadPartCommand({ Bucket, Key: 'multi/etag.bin', UploadId, PartNumber: index + 1, Body }));
      uploaded.push({ ETag, PartNumber: index + 1 });
    }
    const completed = await aws.s3.send(
      new CompleteMultipartUploadCommand({ Bucket, Key: 'multi/etag.bin', UploadId, MultipartUpload: { Parts: uploaded } }),
    );
    const head = await aws.s3.send(new HeadObjectCommand({ Bucket, Key: 'multi/etag.bin' }));

    // Assess
    expect(completed.ETag).toBe(expected);
    expect(head.ETag).toBe(expected);
  });

  it('answers errors on S3 paths as S3 XML documents', async () => {
    const missing = aws.s3.send(new GetObjectCommand({ Bucket: cloud.names.outputBucket, Key: 'no/such/key' }));
    const badUpload = aws.s3.send(
      new UploadPartCommand({ Bucket: cloud.names.outputBucket, Key: 'x', UploadId: '../../etc', PartNumber: 1, Body: 'x' }),
    );

    await expect(missing).rejects.toMatchObject({ name: 'NoSuchKey' });
    await expect(badUpload).rejects.toMatchObject({ name: 'NoSuchUpload' });
  });
});

describe('form POST uploads', () => {
  const boundary = '----vodform';
  function form(fields: Record<string, string>, file: string): Buffer {
    const parts = Object.entries(fields).map(
      ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    );
    return Buffer.from(
      `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.txt"\r\nContent-Type: text/plain\r\n\r\n${file}\r\n--${boundary}--\r\n`,
    );
  }
  const post = (body: Buffer) =>
    fetch(`${cloud.endpoint}/${cloud.names.outputBucket}`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    });

  function signedFields(key: string, expiration: Date): Record<string, string> {
    const date = new Date()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const credential = `${cloud.credentials.accessKeyId}/${date.slice(0, 8)}/us-east-1/s3/aws4_request`;
    const policy = Buffer.from(
      JSON.stringify({
        expiration: expiration.toISOString(),
        conditions: [
          { bucket: cloud.names.outputBucket },
          ['starts-with', '$key', 'forms/'],
          { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' },
          { 'x-amz-credential': credential },
          { 'x-amz-date': date },
        ],
      }),
    ).toString('base64');
    const hmac = (k: string | Buffer, d: string) => createHmac('sha256', k).update(d).digest();
    const signingKey = hmac(hmac(hmac(hmac(`AWS4${cloud.credentials.secretAccessKey}`, date.slice(0, 8)), 'us-east-1'), 's3'), 'aws4_request');
    return {
      key,
      'x-amz-algorithm': 'AWS4-HMAC-SHA256',
      'x-amz-credential': credential,
      'x-amz-date': date,
      policy,
      'x-amz-signature': createHmac('sha256', signingKey).update(policy).digest('hex'),
    };
  }

  it('refuses a form POST with no policy, and stores nothing', async () => {
    const response = await post(form({ key: '../../form-post-escape.txt' }, 'x'));

    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>AccessDenied</Code>');
    await expect(aws.s3.send(new HeadObjectCommand({ Bucket: cloud.names.outputBucket, Key: '../../form-post-escape.txt' }))).rejects.toMatchObject({
      name: 'NotFound',
    });
  });

  it('refuses an expired policy and one whose conditions the form breaks', async () => {
    const expired = await post(form(signedFields('forms/a.txt', new Date(Date.now() - 60_000)), 'x'));
    const outside = await post(form(signedFields('elsewhere/a.txt', new Date(Date.now() + 60_000)), 'x'));

    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Policy expired');
    expect(outside.status).toBe(403);
    expect(await outside.text()).toContain('starts-with');
  });

  it('stores the file of a form POST whose signed policy holds', async () => {
    const response = await post(form(signedFields('forms/ok.txt', new Date(Date.now() + 60_000)), 'posted'));
    const object = await aws.s3.send(new GetObjectCommand({ Bucket: cloud.names.outputBucket, Key: 'forms/ok.txt' }));

    expect(response.status).toBe(204);
    expect(await object.Body?.transformToString()).toBe('posted');
  });
});

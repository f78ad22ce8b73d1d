/**
 * The local endpoint acts only for callers holding its key pair: signatures are verified, a foreign
 * Host (a DNS-rebinding page) is refused, bodies are bounded, and the internal ports behind the
 * gateway answer nothing without its secret.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { LocalCloud } from '../../local/cloud';
import { playbackUrl } from '../../local/playback';
import { presignedUrl, signedFetch } from './signed-request';
import { cloudPerFile } from './support';
import type { clients } from './support';

let cloud: LocalCloud;
let aws: ReturnType<typeof clients>;

cloudPerFile((started, startedAws) => {
  cloud = started;
  aws = startedAws;
});

function rawRequest(port: number, options: http.RequestOptions, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, ...options }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('signatures', () => {
  it('keeps the key pair in the data directory, readable by its owner only', () => {
    const mode = fs.statSync(`${cloud.dataDir}/credentials.json`).mode & 0o777;

    expect(mode).toBe(0o600);
    expect(cloud.credentials.accessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
  });

  it('refuses a request signed with another secret, for S3 and for the JSON services', async () => {
    // Prepare
    const wrong = { accessKeyId: cloud.credentials.accessKeyId, secretAccessKey: 'not-the-secret' };
    const s3 = new S3Client({ endpoint: cloud.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: wrong, maxAttempts: 1 });
    const sfn = new SFNClient({ endpoint: cloud.endpoint, region: 'us-east-1', credentials: wrong, maxAttempts: 1 });

    // Act
    const [put, list] = await Promise.allSettled([
      s3.send(new PutObjectCommand({ Bucket: cloud.names.ingestBucket, Key: 'forged.mp4', Body: 'x' })),
      sfn.send(new ListStateMachinesCommand({})),
    ]);

    // Assess
    expect(put).toMatchObject({ status: 'rejected', reason: { name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } } });
    expect(list).toMatchObject({ status: 'rejected', reason: { name: 'SignatureDoesNotMatch' } });
    const stored = aws.s3.send(new GetObjectCommand({ Bucket: cloud.names.ingestBucket, Key: 'forged.mp4' }));
    await expect(stored).rejects.toMatchObject({ name: 'NoSuchKey' });
    s3.destroy();
    sfn.destroy();
  });

  it('refuses an access key that is not the local one, naming where the right one is', async () => {
    const response = await signedFetch(
      cloud.endpoint,
      { accessKeyId: 'AKIAOTHER', secretAccessKey: 'x' },
      { method: 'GET', path: `/${cloud.names.outputBucket}` },
    );

    expect(response.status).toBe(403);
    expect(response.text).toContain('<Code>InvalidAccessKeyId</Code>');
  });

  it('takes a presigned URL until it expires', async () => {
    // Prepare
    await aws.s3.send(new PutObjectCommand({ Bucket: cloud.names.outputBucket, Key: 'presigned/a b.txt', Body: 'shared' }));
    const fresh = await presignedUrl(cloud.endpoint, cloud.credentials, `/${cloud.names.outputBucket}/presigned/a%20b.txt`);
    const expired = await presignedUrl(
      cloud.endpoint,
      cloud.credentials,
      `/${cloud.names.outputBucket}/presigned/a%20b.txt`,
      60,
      new Date(Date.now() - 3600_000),
    );

    // Act
    const ok = await fetch(fresh);
    const late = await fetch(expired);

    // Assess
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('shared');
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('expired');
  });
});

describe('requests from elsewhere', () => {
  it('refuses a Host that is not the endpoint (DNS rebinding), even on the unsigned routes', async () => {
    const port = Number(new URL(cloud.endpoint).port);

    const info = await rawRequest(port, { method: 'GET', path: '/_vod/info', headers: { host: 'attacker.example:80' } });

    expect(info.status).toBe(403);
    expect(info.text).toContain('answers only requests for 127.0.0.1');
  });

  it("refuses unsigned calls on the internal ports, which only the gateway's secret opens", async () => {
    const s3 = await rawRequest(
      cloud.internalPorts.s3,
      { method: 'PUT', path: `/${cloud.names.ingestBucket}/sneaked-in.mp4`, headers: { 'content-length': '1' } },
      'x',
    );
    const dynamo = await rawRequest(
      cloud.internalPorts.dynamodb,
      { method: 'POST', path: '/', headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0' } },
      '{}',
    );

    expect(s3.status).toBe(403);
    expect(dynamo.status).toBe(403);
    await expect(aws.s3.send(new GetObjectCommand({ Bucket: cloud.names.ingestBucket, Key: 'sneaked-in.mp4' }))).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
  });

  it('answers a JSON request body over 1 MiB with 413, without reading it all', async () => {
    const response = await signedFetch(cloud.endpoint, cloud.credentials, {
      method: 'POST',
      path: '/',
      service: 'states',
      headers: { 'x-amz-target': 'AWSStepFunctions.ListStateMachines', 'content-type': 'application/x-amz-json-1.0' },
      body: JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024) }),
    });

    expect(response.status).toBe(413);
    expect(response.text).toContain('RequestEntityTooLarge');
  });

  it('refuses a single PUT declared over 5 GiB with EntityTooLarge before reading it', async () => {
    const response = await signedFetch(cloud.endpoint, cloud.credentials, {
      method: 'PUT',
      path: `/${cloud.names.ingestBucket}/huge.mp4`,
      headers: { 'x-amz-decoded-content-length': String(6 * 1024 ** 3) },
      body: 'x',
    });

    expect(response.status).toBe(400);
    expect(response.text).toContain('<Code>EntityTooLarge</Code>');
  });
});

describe('playback', () => {
  it('serves outputs unsigned, with Range, CORS and the content type players expect, but never tmp/', async () => {
    // Prepare
    await aws.s3.send(new PutObjectCommand({ Bucket: cloud.names.outputBucket, Key: 'asset-1/cmaf/asset-1.m3u8', Body: '#EXTM3U\n' }));
    await aws.s3.send(new PutObjectCommand({ Bucket: cloud.names.outputBucket, Key: 'asset-1/cmaf/seg 1.mp4', Body: '0123456789' }));
    await aws.s3.send(new PutObjectCommand({ Bucket: cloud.names.outputBucket, Key: 'tmp/loudness/asset-1/audio.csv', Body: 'x' }));

    // Act
    const manifest = await fetch(playbackUrl(cloud.endpoint, 'asset-1/cmaf/asset-1.m3u8'), { headers: { origin: 'http://player.example' } });
    const ranged = await fetch(playbackUrl(cloud.endpoint, 'asset-1/cmaf/seg 1.mp4'), { headers: { range: 'bytes=2-5' } });
    const suffix = await fetch(playbackUrl(cloud.endpoint, 'asset-1/cmaf/seg 1.mp4'), { headers: { range: 'bytes=-3' } });
    const temporary = await fetch(playbackUrl(cloud.endpoint, 'tmp/loudness/asset-1/audio.csv'));
    const write = await fetch(playbackUrl(cloud.endpoint, 'asset-1/cmaf/asset-1.m3u8'), { method: 'PUT', body: 'x' });

    // Assess
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(manifest.headers.get('access-control-allow-origin')).toBe('*');
    expect(await manifest.text()).toBe('#EXTM3U\n');
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(await ranged.text()).toBe('2345');
    expect(await suffix.text()).toBe('789');
    expect(temporary.status).toBe(404);
    expect(write.status).toBe(405);
  });
});

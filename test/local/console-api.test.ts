/**
 * The console's server without a browser: its JSON API against a local cloud (lists through the
 * status index, paging, search, one asset, uploads with the ingest pre-check, executions), and what
 * it refuses: a foreign Host or Origin, and state-changing calls without the page's token, whose
 * error bodies never carry the token. Also mounted at /console on a local cloud's endpoint.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Target } from '../../cli/target';
import { resolveTarget } from '../../cli/target';
import type { ConsoleHandler } from '../../console/server/console-handler';
import { consoleHandler } from '../../console/server/console-handler';
import type { ConsoleServer } from '../../console/server/console-server';
import { startConsoleServer } from '../../console/server/console-server';
import { TOKEN_HEADER } from '../../console/server/security';
import type { AssetRecord, AssetStatus } from '../../functions/shared/asset';
import type { Clients } from '../../local/clients';
import type { LocalCloud } from '../../local/cloud';
import { clients, startTestCloud, waitFor } from './support';

const SEEDED = 30;
const STATUSES: AssetStatus[] = ['COMPLETE', 'FAILED', 'TRANSCODING'];

let cloud: LocalCloud;
let aws: Clients;
let target: Target;
let server: ConsoleServer;
let bundleDir: string;
let token: string;

interface Reply {
  status: number;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const call = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, text, json: <T>() => JSON.parse(text) as T });
      });
    });
    call.on('error', reject);
    call.end(options.body);
  });
}

const api = (route: string) => `${server.url}api/${route}`;

function seededAsset(index: number): AssetRecord {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString();
  return {
    assetId: `seeded-${String(index).padStart(3, '0')}`,
    status: STATUSES[index % STATUSES.length],
    origin: 'upload',
    source: { bucket: 'vod-ingest', key: `uploads/seeded clip ${index}.mp4` },
    branch: 'dash',
    probe: {
      container: 'MPEG-4',
      durationMs: 6000 + index,
      audioCount: 1,
      audioTracks: [{ index: 1, codec: 'AAC', channels: 2, sampleRate: 48000 }],
    },
    redriveCount: index % 2,
    cost: { estimatedUsd: 0.01 * index, priceTable: 'test' },
    createdAt: at,
    updatedAt: at,
  };
}

beforeAll(async () => {
  cloud = await startTestCloud();
  aws = clients(cloud);
  for (let index = 0; index < SEEDED; index += 1) {
    await aws.documents.send(new PutCommand({ TableName: cloud.names.assetTable, Item: seededAsset(index) }));
  }
  target = await resolveTarget({ aws: false, json: false, endpoint: cloud.endpoint });
  // The API needs no page bundle: a stand-in keeps the test from building one.
  bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-console-bundle-'));
  fs.writeFileSync(path.join(bundleDir, 'console.js'), '// bundle');
  fs.writeFileSync(path.join(bundleDir, 'console.css'), '/* bundle */');
  server = await startConsoleServer({ target, port: 0, bundleDir, log: () => undefined });
  const page = await request(server.url);
  token = /name="vod-console-token" content="([^"]+)"/.exec(page.text)?.[1] ?? '';
});

afterAll(async () => {
  await server?.close();
  await target?.close();
  aws?.destroy();
  await cloud?.stop();
  if (cloud) fs.rmSync(cloud.dataDir, { recursive: true, force: true });
  if (bundleDir) fs.rmSync(bundleDir, { recursive: true, force: true });
});

describe('the page', () => {
  it('is served on 127.0.0.1 with a per-start token, its bundle from the package, and a content security policy', async () => {
    const page = await request(server.url);
    const script = await request(`${server.url}static/console.js`);

    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(page.status).toBe(200);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(page.text).toContain('<vod-console>');
    expect(script).toMatchObject({ status: 200, text: '// bundle' });
  });

  it('serves nothing outside its bundle', async () => {
    const escaped = await request(`${server.url}static/..%2F..%2Fpackage.json`);

    expect(escaped.status).toBe(404);
  });
});

describe('the assets list', () => {
  it('pages all assets newest first, each once', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const reply = await request(api(`assets?limit=12${cursor ? `&cursor=${cursor}` : ''}`));
      expect(reply.status).toBe(200);
      const page = reply.json<{ assets: { assetId: string }[]; next?: string }>();
      ids.push(...page.assets.map((asset) => asset.assetId));
      cursor = page.next;
      pages += 1;
    } while (cursor);

    expect(ids).toEqual(Array.from({ length: SEEDED }, (_, i) => seededAsset(SEEDED - 1 - i).assetId));
    expect(pages).toBe(3);
  });

  it('gives each row the columns of the table', async () => {
    const page = (await request(api('assets?limit=1'))).json<{ assets: unknown[] }>();

    expect(page.assets[0]).toEqual({
      assetId: 'seeded-029',
      status: 'TRANSCODING',
      branch: 'dash',
      origin: 'upload',
      sourceName: 'uploads/seeded clip 29.mp4',
      durationMs: 6029,
      updatedAt: seededAsset(29).updatedAt,
      redriveCount: 1,
      estimatedUsd: 0.29,
    });
  });

  it('filters by status', async () => {
    const page = (await request(api('assets?status=FAILED&limit=100'))).json<{ assets: { status: string }[]; next?: string }>();

    expect(page.assets).toHaveLength(SEEDED / 3);
    expect(page.assets.every((asset) => asset.status === 'FAILED')).toBe(true);
    expect(page.next).toBeUndefined();
  });

  it('finds an asset by its id, and assets by part of their key', async () => {
    const byId = (await request(api('assets?q=seeded-007'))).json<{ assets: { assetId: string }[] }>();
    const byKey = (await request(api(`assets?q=${encodeURIComponent('clip 2')}&limit=100`))).json<{ assets: { assetId: string }[] }>();

    expect(byId.assets.map((asset) => asset.assetId)).toEqual(['seeded-007']);
    // "clip 2" is in the keys of clips 2 and 20 to 29.
    expect(byKey.assets.map((asset) => asset.assetId)).toEqual([...Array.from({ length: 10 }, (_, i) => `seeded-02${9 - i}`), 'seeded-002']);
  });

  it('answers a bad status or cursor with 400 and says what it takes', async () => {
    const status = await request(api('assets?status=DONE'));
    const cursor = await request(api('assets?cursor=bogus'));

    expect(status.status).toBe(400);
    expect(status.json().error).toContain('status must be one of REGISTERED');
    expect(cursor.status).toBe(400);
  });
});

describe('one asset', () => {
  it('gives the record, its playback URLs and, when it failed, what to do', async () => {
    const reply = await request(api('assets/seeded-001'));

    expect(reply.status).toBe(200);
    const view = reply.json<{ asset: AssetRecord; playback: object; advice?: string }>();
    expect(view.asset).toMatchObject({ assetId: 'seeded-001', status: 'FAILED', probe: { durationMs: 6001 } });
    expect(view.playback).toEqual({});
    expect(view.advice).toContain('Redrive');
  });

  it('answers 404 for an asset that does not exist', async () => {
    const reply = await request(api('assets/no-such-asset'));

    expect(reply.status).toBe(404);
    expect(reply.json().error).toContain('No asset no-such-asset');
  });
});

describe('what the console refuses', () => {
  it('refuses a request for another Host (DNS rebinding)', async () => {
    const reply = await request(api('assets'), { headers: { host: `evil.example:${server.port}` } });

    expect(reply.status).toBe(403);
    expect(reply.text).not.toContain('seeded-');
  });

  it('refuses a request from another Origin, and takes its own', async () => {
    const foreign = await request(api('assets'), { headers: { origin: 'http://evil.example' } });
    const own = await request(api('assets'), { headers: { origin: `http://127.0.0.1:${server.port}` } });

    expect(foreign.status).toBe(403);
    expect(own.status).toBe(200);
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { [TOKEN_HEADER]: 'not-the-token' }],
  ])('refuses an upload with %s, uploads nothing, and does not echo the token', async (_case, headers: Record<string, string>) => {
    const reply = await request(api('uploads?key=uploads%2Fsneaky.mp4'), { method: 'POST', headers, body: 'not a video' });

    expect(reply.status).toBe(403);
    expect(reply.json().error).toContain(TOKEN_HEADER);
    expect(reply.text).not.toContain(token);
    await expect(aws.s3.send(new HeadObjectCommand({ Bucket: cloud.names.ingestBucket, Key: 'uploads/sneaky.mp4' }))).rejects.toMatchObject({
      name: 'NotFound',
    });
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { [TOKEN_HEADER]: `${'x'}${'y'.repeat(42)}` }],
  ])('refuses a redrive with %s, and does not echo the token', async (_case, headers: Record<string, string>) => {
    const reply = await request(api('assets/seeded-001/redrive'), { method: 'POST', headers });

    expect(reply.status).toBe(403);
    expect(reply.text).not.toContain(token);
  });

  it('refuses to redrive an asset that did not fail', async () => {
    const reply = await request(api('assets/seeded-000/redrive'), { method: 'POST', headers: { [TOKEN_HEADER]: token } });

    expect(reply.status).toBe(409);
    expect(reply.json().error).toContain('only a FAILED asset is redriven');
  });

  it('never puts a key of the target in an error', async () => {
    const replies = await Promise.all([
      request(api('assets?cursor=bogus')),
      request(api('executions/arn%3Aaws%3Astates%3Aus-east-1%3A000000000000%3Aexecution%3Avod-pipeline%3Anone')),
      request(api('uploads?key=uploads%2F'), { method: 'POST', headers: { [TOKEN_HEADER]: token }, body: 'x' }),
    ]);

    for (const reply of replies) {
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.text).not.toContain(cloud.credentials.secretAccessKey);
      expect(reply.text).not.toContain(token);
    }
  });
});

describe('uploads', () => {
  it('refuses, before uploading, a key the upload rule does not take, with the message vod ingest gives', async () => {
    const reply = await request(api('uploads?key=uploads%2Fnotes.txt'), { method: 'POST', headers: { [TOKEN_HEADER]: token }, body: 'notes' });

    expect(reply.status).toBe(422);
    expect(reply.json().error).toContain('s3://vod-ingest/uploads/notes.txt would not start the pipeline');
    expect(reply.json().error).toContain('Nothing was uploaded');
    await expect(aws.s3.send(new HeadObjectCommand({ Bucket: cloud.names.ingestBucket, Key: 'uploads/notes.txt' }))).rejects.toMatchObject({
      name: 'NotFound',
    });
  });

  it('puts the body in the ingest bucket, which starts an execution the console shows with its definition and history', async () => {
    // Prepare
    const body = Buffer.from('these are not video bytes '.repeat(40));

    // Act
    const reply = await request(api('uploads?key=uploads%2Fconsole%20upload.mp4'), {
      method: 'POST',
      headers: { [TOKEN_HEADER]: token, 'content-length': String(body.length) },
      body,
    });

    // Assess
    expect(reply.status).toBe(201);
    expect(reply.json()).toEqual({ bucket: cloud.names.ingestBucket, key: 'uploads/console upload.mp4' });
    const listed = await waitFor('the upload to be listed', async () => {
      const page = (await request(api(`assets?q=${encodeURIComponent('console upload')}`))).json<{ assets: { assetId: string; status: string }[] }>();
      return page.assets.find((asset) => asset.status === 'REJECTED');
    });
    const { executions } = (await request(api(`assets/${listed.assetId}/executions`))).json<{ executions: { executionArn: string }[] }>();
    expect(executions).toHaveLength(1);
    const view = (await request(api(`executions/${encodeURIComponent(executions[0].executionArn)}`))).json<{
      execution: { status: string; executionArn: string };
      definition: string;
      events: { type: string; timestamp: string }[];
    }>();
    expect(view.execution).toMatchObject({ executionArn: executions[0].executionArn, status: 'SUCCEEDED' });
    expect(Object.keys((JSON.parse(view.definition) as { States: object }).States)).toContain('Probe');
    expect(view.events[0]).toMatchObject({ type: 'ExecutionStarted', timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(view.events.at(-1)?.type).toBe('ExecutionSucceeded');
  });
});

describe('the console on a local cloud, at /console', () => {
  let mounted: LocalCloud;
  let handler: ConsoleHandler | undefined;
  let mountedTarget: Target;

  beforeAll(async () => {
    mounted = await startTestCloud({
      publicRoutes: [{ prefix: '/console', handler: (request, response) => handler!(request, response) }],
    });
    mountedTarget = await resolveTarget({ aws: false, json: false, endpoint: mounted.endpoint });
    handler = consoleHandler({ target: mountedTarget, basePath: '/console', bundleDir, log: () => undefined });
  });

  afterAll(async () => {
    await mountedTarget?.close();
    await mounted?.stop();
    if (mounted) fs.rmSync(mounted.dataDir, { recursive: true, force: true });
  });

  it('serves the page and the API there, with the same Host, Origin and token rules', async () => {
    const base = `${mounted.endpoint}/console/`;
    const port = new URL(mounted.endpoint).port;

    const page = await request(base);
    const list = await request(`${base}api/assets`);
    const foreignHost = await request(`${base}api/assets`, { headers: { host: `evil.example:${port}` } });
    const foreignOrigin = await request(`${base}api/assets`, { headers: { origin: 'http://evil.example' } });
    const noToken = await request(`${base}api/uploads?key=uploads%2Fx.mp4`, { method: 'POST', body: 'x' });

    expect(page.status).toBe(200);
    expect(page.text).toMatch(/name="vod-console-token" content="[A-Za-z0-9_-]{43}"/);
    expect(list.status).toBe(200);
    expect(foreignHost.status).toBe(403);
    expect(foreignOrigin.status).toBe(403);
    expect(noToken.status).toBe(403);
  });
});

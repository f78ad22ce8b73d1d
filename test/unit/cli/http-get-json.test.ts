import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpGetJson } from '../../../cli/http-get-json';

/** A loopback server answering each path as `routes` says; a path not listed never answers. */
async function serve(routes: Record<string, { status: number; body: string }>): Promise<{ url: (path: string) => URL; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const route = routes[request.url ?? ''];
    if (route) response.writeHead(route.status, { 'content-type': 'application/json' }).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => new URL(path, `http://127.0.0.1:${port}`),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('httpGetJson', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve({
      '/info': { status: 200, body: '{"table":"vod-assets","buckets":{"ingest":"vod-ingest"}}' },
      '/missing': { status: 404, body: '{"message":"no such thing"}' },
      '/garbled': { status: 200, body: '{"table":' },
    });
  });
  afterAll(() => server.close());

  it('parses the JSON body of a 2xx answer', async () => {
    expect(await httpGetJson(server.url('/info'), 1000)).toEqual({ table: 'vod-assets', buckets: { ingest: 'vod-ingest' } });
  });

  it('answers undefined for a non-2xx status, even with a JSON body', async () => {
    expect(await httpGetJson(server.url('/missing'), 1000)).toBeUndefined();
  });

  it('answers undefined for a body that is not JSON', async () => {
    expect(await httpGetJson(server.url('/garbled'), 1000)).toBeUndefined();
  });

  it('answers undefined when the server does not answer in time', async () => {
    expect(await httpGetJson(server.url('/silent'), 100)).toBeUndefined();
  });

  it('answers undefined when nothing listens', async () => {
    const closed = await serve({});
    const url = closed.url('/info');
    await closed.close();
    expect(await httpGetJson(url, 1000)).toBeUndefined();
  });

  it('answers undefined for a URL that is not http or https', async () => {
    expect(await httpGetJson(new URL('ftp://127.0.0.1/info'), 1000)).toBeUndefined();
  });
});

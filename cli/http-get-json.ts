/**
 * GETs a URL's JSON body with node:http (node:https for https URLs). Not fetch: its first call
 * loads undici, a tenth of the start of a `vod` command against a running cloud, while the SDK
 * clients load node:http anyway.
 */
import * as http from 'node:http';
import type * as HttpsModule from 'node:https';

/** The body of a 2xx answer, parsed; undefined when nothing answers in time, or not with 2xx JSON. */
export function httpGetJson(url: URL, timeoutMs: number): Promise<unknown> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.resolve(undefined);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- local clouds answer on http: TLS only when a URL asks for it
  const get: typeof http.get = url.protocol === 'https:' ? (require('node:https') as typeof HttpsModule).get : http.get;
  return new Promise((resolve) => {
    let request: http.ClientRequest | undefined;
    // The whole exchange has timeoutMs, as AbortSignal.timeout gave fetch.
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    function finish(value: unknown): void {
      clearTimeout(timer);
      request?.destroy();
      resolve(value);
    }
    try {
      // No agent: nothing keeps the socket open once the answer is in.
      request = get(url, { agent: false }, (response) => {
        const status = response.statusCode ?? 0;
        if (status < 200 || status > 299) return finish(undefined);
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', () => finish(undefined));
        response.on('end', () => {
          try {
            finish(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
          } catch {
            finish(undefined);
          }
        });
      });
      request.on('error', () => finish(undefined));
    } catch {
      finish(undefined);
    }
  });
}

/**
 * Streams a gateway request to a service listening on an internal loopback port (s3rver,
 * dynalite) and its response back, without buffering either body: uploads of any size pass through.
 */
import * as http from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import type { ServiceHandler } from './gateway';

export interface Proxy {
  handler: ServiceHandler;
  /** Closes the pooled connections to the service. */
  close(): void;
}

/** What is forwarded: by default the request's own headers and body. */
export type Prepare = (request: http.IncomingMessage) => { headers: http.IncomingHttpHeaders; body: Readable };

export function proxyTo(port: number, prepare: Prepare = (request) => ({ headers: request.headers, body: request })): Proxy {
  const agent = new http.Agent({ keepAlive: true });
  const handler: ServiceHandler = (request, response) =>
    new Promise<void>((resolve, reject) => {
      const { headers, body } = prepare(request);
      const upstream = http.request({ host: '127.0.0.1', port, method: request.method, path: request.url, headers, agent }, (reply) => {
        response.writeHead(reply.statusCode ?? 502, reply.rawHeaders);
        reply.pipe(response);
        reply.on('end', () => resolve());
        reply.on('error', reject);
      });
      upstream.on('error', reject);
      // The client went away: stop the upstream request too.
      response.on('close', () => {
        if (!response.writableFinished) upstream.destroy();
        resolve();
      });
      pipeline(body, upstream, (error) => {
        if (error) reject(error);
      });
    });
  return { handler, close: () => agent.destroy() };
}

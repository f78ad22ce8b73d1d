/**
 * Streams a gateway request to a service listening on an internal loopback port (s3rver,
 * dynalite) and its response back, without buffering either body: uploads of any size pass through.
 * Each request carries the internal secret, without which those ports answer nothing.
 */
import * as http from 'node:http';
import { Readable, pipeline } from 'node:stream';
import type { ServiceHandler } from './gateway';
import { INTERNAL_SECRET_HEADER } from './internal-port';

export interface Proxy {
  handler: ServiceHandler;
  /** Closes the pooled connections to the service. */
  close(): void;
}

/**
 * What is forwarded: by default the request's own headers, and its body (the one the gateway read,
 * or else the request stream itself).
 */
export type Prepare = (request: http.IncomingMessage, body: Buffer) => { headers: http.IncomingHttpHeaders; body: Readable; url?: string };

const defaultPrepare: Prepare = (request, body) => ({ headers: request.headers, body: body.length > 0 ? Readable.from([body]) : request });

export function proxyTo(port: number, secret: string, prepare: Prepare = defaultPrepare): Proxy {
  const agent = new http.Agent({ keepAlive: true });
  const handler: ServiceHandler = (request, response, read) =>
    new Promise<void>((resolve, reject) => {
      const { headers, body, url } = prepare(request, read);
      const upstream = http.request(
        {
          host: '127.0.0.1',
          port,
          method: request.method,
          path: url ?? request.url,
          headers: { ...headers, [INTERNAL_SECRET_HEADER]: secret },
          agent,
        },
        (reply) => {
          response.writeHead(reply.statusCode ?? 502, reply.rawHeaders);
          reply.pipe(response);
          reply.on('end', () => resolve());
          reply.on('error', reject);
        },
      );
      upstream.on('error', reject);
      // The client went away: stop the upstream request too, so a cut-off upload is not taken as whole.
      response.on('close', () => {
        if (!response.writableFinished) upstream.destroy();
        resolve();
      });
      pipeline(body, upstream, (error) => {
        if (error) {
          upstream.destroy(error);
          reject(error);
        }
      });
    });
  return { handler, close: () => agent.destroy() };
}

/**
 * One loopback endpoint for every local service. A request is routed by the service name in its
 * SigV4 credential scope (`Credential=AKID/20261121/us-east-1/<service>/aws4_request`, in the
 * Authorization header or, for presigned URLs, the X-Amz-Credential query parameter), so the AWS
 * SDK, the AWS CLI and the unchanged Lambda handlers all work with AWS_ENDPOINT_URL set to it.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ServiceHandler = (request: http.IncomingMessage, response: http.ServerResponse, body: Buffer) => Promise<void>;

const SCOPE = /Credential=[^/]+\/\d{8}\/[^/]+\/([a-z0-9-]+)\/aws4_request/;

/** The service of a signed request, or undefined for an unsigned one. */
export function serviceOf(request: Pick<http.IncomingMessage, 'headers' | 'url'>): string | undefined {
  const authorization = request.headers.authorization;
  const fromHeader = typeof authorization === 'string' ? SCOPE.exec(authorization)?.[1] : undefined;
  if (fromHeader) return fromHeader;
  const query = new URL(request.url ?? '/', 'http://localhost').searchParams.get('X-Amz-Credential');
  return query ? SCOPE.exec(`Credential=${query}`)?.[1] : undefined;
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function fail(response: http.ServerResponse, status: number, code: string, message: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ __type: code, message }));
}

export interface GatewayOptions {
  /** Services by their SigV4 name: s3, dynamodb, states, events, mediaconvert. */
  routes: Record<string, ServiceHandler>;
  /**
   * Handlers that stream the request themselves (proxies) receive it unread, with an empty body.
   */
  streaming?: string[];
  /**
   * Served unsigned at `GET /_vod/info`: what a client needs to use this local cloud (its resource
   * names). Lets the `vod` command find a local cloud already running.
   */
  info?: () => unknown;
}

export const INFO_PATH = '/_vod/info';

export class Gateway {
  private readonly server: http.Server;

  constructor(private readonly options: GatewayOptions) {
    this.server = http.createServer((request, response) => {
      void this.route(request, response);
    });
    // Long polls and large uploads: no server-side request timeout.
    this.server.requestTimeout = 0;
  }

  private async route(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    if (request.method === 'GET' && request.url === INFO_PATH && this.options.info) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(this.options.info()));
      return;
    }
    const service = serviceOf(request);
    const handler = service ? this.options.routes[service] : undefined;
    if (!service || !handler) {
      const known = Object.keys(this.options.routes).join(', ');
      fail(
        response,
        400,
        'UnrecognizedClientException',
        service
          ? `The local cloud does not serve "${service}"; it serves ${known}.`
          : `Unsigned request: sign it with any credentials (SigV4) so the local cloud can route it to ${known}.`,
      );
      return;
    }
    try {
      const body = this.options.streaming?.includes(service) ? Buffer.alloc(0) : await readBody(request);
      await handler(request, response, body);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      fail(response, 500, 'InternalFailure', `Local ${service}: ${message}`);
    }
  }

  /** Starts listening; port 0 picks a free one. Resolves to the endpoint URL. */
  listen(port: number, host = '127.0.0.1'): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address() as AddressInfo;
        resolve(`http://${host}:${address.port}`);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/**
 * One loopback endpoint for every local service. A request is routed by the service name in its
 * SigV4 credential scope (`Credential=AKID/20261121/us-east-1/<service>/aws4_request`, in the
 * Authorization header or, for presigned URLs, the X-Amz-Credential query parameter), so the AWS
 * SDK, the AWS CLI and the unchanged Lambda handlers all work with their endpoint set to it.
 *
 * Every request is bounded and answered: signatures are verified against the local cloud's key
 * pair (only `GET /_vod/info` and the read-only public routes, such as playback, are unsigned), the
 * Host must be this endpoint's (no DNS rebinding), bodies are read up to a limit, and an error in a
 * handler becomes AWS's error response, never an exception that ends the process.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Credentials } from './auth/sigv4';
import { SignatureError, isSigned, sha256Hex, verifySignature } from './auth/sigv4';
import { errorXml } from './s3/xml';

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

/** Bodies the gateway reads for a service, beyond which it answers 413. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes, the most this local service takes`);
  }
}

function readBody(request: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyTooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.off('data', onData);
        reject(new BodyTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** AWS's error shapes: S3's XML document, the JSON protocols' `__type`. */
function fail(response: http.ServerResponse, service: string | undefined, status: number, code: string, message: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  if (service === 's3') {
    response.writeHead(status, { 'content-type': 'application/xml', connection: 'close' });
    response.end(errorXml(code, message));
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': code, connection: 'close' });
  response.end(JSON.stringify({ __type: code, message }));
}

const SIGNATURE_STATUS: Record<SignatureError['code'], number> = {
  IncompleteSignature: 400,
  MissingAuthenticationToken: 403,
  InvalidClientTokenId: 403,
  SignatureDoesNotMatch: 403,
  RequestExpired: 403,
};

/** S3 names the same failures its own way. */
const S3_SIGNATURE_CODE: Record<SignatureError['code'], string> = {
  IncompleteSignature: 'AuthorizationHeaderMalformed',
  MissingAuthenticationToken: 'AccessDenied',
  InvalidClientTokenId: 'InvalidAccessKeyId',
  SignatureDoesNotMatch: 'SignatureDoesNotMatch',
  RequestExpired: 'AccessDenied',
};

export interface PublicRoute {
  /** Path prefix, e.g. `/_vod/play/`. */
  prefix: string;
  handler: (request: http.IncomingMessage, response: http.ServerResponse) => Promise<void>;
}

export interface GatewayOptions {
  /** Services by their SigV4 name: s3, dynamodb, states, events, mediaconvert, lambda, logs. */
  routes: Record<string, ServiceHandler>;
  /** The key pair requests must be signed with. */
  credentials: Credentials;
  /**
   * Handlers that stream the request themselves (proxies) receive it unread, with an empty body;
   * they check the payload themselves.
   */
  streaming?: string[];
  /** Body limits by service (default 1 MiB). */
  bodyLimits?: Record<string, number>;
  /** Unsigned, read-only routes (playback). */
  publicRoutes?: PublicRoute[];
  /**
   * Requests that carry their own proof instead of a SigV4 header or query (an S3 form POST's
   * signed policy): the service that checks it, or undefined.
   */
  selfSigned?: (request: http.IncomingMessage) => string | undefined;
  /**
   * Served unsigned at `GET /_vod/info`: what a client needs to use this local cloud (its resource
   * names). Lets the `vod` command find a local cloud already running.
   */
  info?: () => unknown;
  /** Where failures inside handlers are reported. */
  onError?: (error: unknown) => void;
}

export const INFO_PATH = '/_vod/info';

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

export class Gateway {
  private readonly server: http.Server;
  private port = 0;

  constructor(private readonly options: GatewayOptions) {
    this.server = http.createServer((request, response) => {
      this.route(request, response).catch((error: unknown) => {
        this.options.onError?.(error);
        fail(response, undefined, 500, 'InternalFailure', 'The local cloud failed to answer this request; its log says why');
      });
    });
    // Long polls and large uploads: no server-side request timeout.
    this.server.requestTimeout = 0;
    // A malformed request (bad HTTP) closes its connection instead of reaching an error listener-less socket.
    this.server.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
      else socket.destroy();
    });
  }

  /** A Host header naming this endpoint (loopback): anything else may be a DNS-rebinding page. */
  private hostAllowed(host: string | undefined): boolean {
    if (!host) return false;
    return LOOPBACK_HOSTS.some((name) => host === `${name}:${this.port}` || (this.port === 80 && host === name));
  }

  private async route(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const hinted = serviceOf(request);
    if (!this.hostAllowed(request.headers.host)) {
      request.resume();
      fail(
        response,
        hinted,
        403,
        'AccessDenied',
        `The local cloud answers only requests for ${LOOPBACK_HOSTS[0]}:${this.port} (Host was ${JSON.stringify(request.headers.host ?? '')})`,
      );
      return;
    }
    const url = request.url ?? '/';
    if (request.method === 'GET' && url === INFO_PATH && this.options.info) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(this.options.info()));
      return;
    }
    const publicRoute = this.options.publicRoutes?.find((route) => url.startsWith(route.prefix));
    if (publicRoute && !isSigned({ url, headers: request.headers })) {
      await publicRoute.handler(request, response);
      return;
    }
    const selfSigned = isSigned({ url, headers: request.headers }) ? undefined : this.options.selfSigned?.(request);
    if (selfSigned && this.options.routes[selfSigned]) {
      await this.options.routes[selfSigned](request, response, Buffer.alloc(0));
      return;
    }
    const known = Object.keys(this.options.routes).join(', ');
    const handler = hinted ? this.options.routes[hinted] : undefined;
    if (!hinted || !handler) {
      request.resume();
      fail(
        response,
        hinted,
        400,
        'UnrecognizedClientException',
        hinted
          ? `The local cloud does not serve "${hinted}"; it serves ${known}.`
          : `Unsigned request: sign it (SigV4) with the local cloud's key pair, which \`vod local info\` prints, so it can be routed to ${known}.`,
      );
      return;
    }
    const streaming = this.options.streaming?.includes(hinted) ?? false;
    let body: Buffer = Buffer.alloc(0);
    if (!streaming) {
      try {
        body = await readBody(request, this.options.bodyLimits?.[hinted] ?? DEFAULT_BODY_LIMIT);
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        fail(response, hinted, 413, 'RequestEntityTooLarge', error.message);
        request.destroy();
        return;
      }
    }
    try {
      verifySignature({ method: request.method ?? 'GET', url, headers: request.headers }, this.options.credentials, (service, presigned) => {
        const declared = request.headers['x-amz-content-sha256'];
        if (typeof declared === 'string' && declared !== '') return declared;
        if (service === 's3') return presigned ? 'UNSIGNED-PAYLOAD' : '';
        return sha256Hex(body);
      });
    } catch (error) {
      if (!(error instanceof SignatureError)) throw error;
      if (streaming) request.resume();
      fail(response, hinted, SIGNATURE_STATUS[error.code], hinted === 's3' ? S3_SIGNATURE_CODE[error.code] : error.code, error.message);
      return;
    }
    if (
      !streaming &&
      typeof request.headers['x-amz-content-sha256'] === 'string' &&
      !request.headers['x-amz-content-sha256'].startsWith('UNSIGNED')
    ) {
      if (request.headers['x-amz-content-sha256'] !== sha256Hex(body)) {
        fail(response, hinted, 400, 'XAmzContentSHA256Mismatch', 'The provided x-amz-content-sha256 header does not match what was computed.');
        return;
      }
    }
    try {
      await handler(request, response, body);
    } catch (error) {
      this.options.onError?.(error);
      const message = error instanceof Error ? error.message : String(error);
      fail(response, hinted, 500, 'InternalFailure', `Local ${hinted}: ${message}`);
    }
  }

  /** Starts listening; port 0 picks a free one. Resolves to the endpoint URL. */
  listen(port: number, host = '127.0.0.1'): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address() as AddressInfo;
        this.port = address.port;
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

/** Raw HTTP requests to a local cloud, signed (SigV4) as the SDKs sign them, for requests the SDK will not make. */
import { createHash, createHmac } from 'node:crypto';
import * as http from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credentials } from '../../local/auth/sigv4';

/** The SHA-256 the signer needs, on Node's crypto. */
class Sha256 {
  private readonly hash;

  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', Buffer.from(secret as ArrayBuffer));
  }

  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

export interface RawRequest {
  method: string;
  /** Path as sent (already encoded), without the query. */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Buffer | string;
  service?: string;
}

export function signer(credentials: Credentials, service = 's3'): SignatureV4 {
  return new SignatureV4({ credentials, region: 'us-east-1', service, sha256: Sha256, uriEscapePath: service !== 's3' });
}

/** Signs and sends a request; the response with its body read. */
export async function signedFetch(
  endpoint: string,
  credentials: Credentials,
  request: RawRequest,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  const url = new URL(endpoint);
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const payloadHash = body ? createHash('sha256').update(body).digest('hex') : createHash('sha256').update('').digest('hex');
  const signed = await signer(credentials, request.service).sign({
    method: request.method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: request.path,
    query: request.query ?? {},
    headers: { host: url.host, 'x-amz-content-sha256': payloadHash, ...(request.headers ?? {}) },
    body,
  });
  const query = new URLSearchParams(signed.query as Record<string, string>).toString();
  // Node's http client sends the path as given: no `..` is resolved away, as fetch would.
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      { host: url.hostname, port: url.port, method: request.method, path: `${request.path}${query ? `?${query}` : ''}`, headers: signed.headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** A presigned URL for a GET (the SDK's own presigner signs the same way). */
export async function presignedUrl(endpoint: string, credentials: Credentials, path: string, expiresIn = 300, signingDate?: Date): Promise<string> {
  const url = new URL(endpoint);
  const presigned = await signer(credentials).presign(
    // As the S3 presigner does: the payload is UNSIGNED-PAYLOAD, and that header stays out of the URL.
    {
      method: 'GET',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path,
      query: {},
      headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    },
    { expiresIn, signingDate, unsignableHeaders: new Set(['x-amz-content-sha256']), unhoistableHeaders: new Set(['x-amz-content-sha256']) },
  );
  return `${endpoint}${path}?${new URLSearchParams(presigned.query as Record<string, string>).toString()}`;
}

/**
 * Starts a signed PUT of `declared` bytes and sends `sent` of them; resolves with the request,
 * still open, once they are written (the caller cuts it off, or the server dies).
 */
export async function partialPut(
  endpoint: string,
  credentials: Credentials,
  path: string,
  declared: number,
  sent: number,
): Promise<http.ClientRequest> {
  const url = new URL(endpoint);
  const signed = await signer(credentials).sign({
    method: 'PUT',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path,
    query: {},
    headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-length': String(declared) },
  });
  const request = http.request({ host: url.hostname, port: url.port, method: 'PUT', path, headers: signed.headers });
  request.on('error', () => undefined);
  await new Promise<void>((resolve) => request.write(Buffer.alloc(sent, 1), () => resolve()));
  return request;
}

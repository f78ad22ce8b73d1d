/**
 * Verifies AWS Signature Version 4, in the Authorization header or in a presigned URL's query, as
 * AWS computes it: the canonical request (method, URI, query, the signed headers, the payload hash),
 * the string to sign over the credential scope, and the HMAC chain from the secret key. The local
 * cloud knows one key pair, so a request is either signed with it or refused with AWS's error.
 *
 * The canonical URI is the path as sent for S3 and the path encoded once more for every other
 * service, as the SDKs and the CLI sign them.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SignedRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface Verified {
  service: string;
  region: string;
  /** Whether the signature came in the query string (a presigned URL). */
  presigned: boolean;
}

export class SignatureError extends Error {
  constructor(
    readonly code: 'IncompleteSignature' | 'InvalidClientTokenId' | 'SignatureDoesNotMatch' | 'RequestExpired' | 'MissingAuthenticationToken',
    message: string,
  ) {
    super(message);
    this.name = 'SignatureError';
  }
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** How far a header-signed request's time may be from the server's, as AWS allows. */
const MAX_SKEW_MS = 15 * 60 * 1000;
/** A presigned URL lives at most 7 days. */
const MAX_EXPIRES_S = 7 * 24 * 3600;

const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding, as SigV4 wants it: everything but unreserved characters, upper-case hex. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, '%20'));
  } catch {
    return value;
  }
}

/** The query's parameters, decoded, in order of appearance. */
function queryParams(query: string): [string, string][] {
  if (query === '') return [];
  return query.split('&').map((pair) => {
    const at = pair.indexOf('=');
    return at < 0 ? [decode(pair), ''] : [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
  });
}

function canonicalQuery(params: [string, string][]): string {
  return params
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function canonicalUri(path: string, service: string): string {
  if (path === '') return '/';
  if (service === 's3') return path;
  // Other services: dot segments removed, then the (already encoded) path encoded once more.
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalized = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return uriEncode(normalized).replace(/%2F/g, '/');
}

function headerValue(value: string | string[] | undefined): string {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined.trim().replace(/\s+/g, ' ');
}

interface Parsed {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  presigned: boolean;
  expiresS?: number;
}

const CREDENTIAL = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/;

function parseCredential(credential: string): Pick<Parsed, 'accessKeyId' | 'date' | 'region' | 'service'> {
  const match = CREDENTIAL.exec(credential);
  if (!match) throw new SignatureError('IncompleteSignature', `Credential should be scoped to a valid region and service: ${credential}`);
  return { accessKeyId: match[1], date: match[2], region: match[3], service: match[4] };
}

function parseAuthorization(authorization: string, headers: SignedRequest['headers']): Parsed {
  if (!authorization.startsWith(`${ALGORITHM} `)) {
    throw new SignatureError('IncompleteSignature', `Only ${ALGORITHM} signatures are accepted`);
  }
  const fields = new Map<string, string>();
  for (const part of authorization.slice(ALGORITHM.length + 1).split(',')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) {
    throw new SignatureError('IncompleteSignature', 'Authorization header requires Credential, SignedHeaders and Signature');
  }
  const amzDate = headerValue(headers['x-amz-date']);
  if (!amzDate) throw new SignatureError('IncompleteSignature', 'The request must carry an X-Amz-Date header');
  return { ...parseCredential(credential), signedHeaders: signedHeaders.split(';'), signature, amzDate, presigned: false };
}

function parsePresigned(params: [string, string][]): Parsed {
  const get = (name: string) => params.find(([key]) => key === name)?.[1];
  const algorithm = get('X-Amz-Algorithm');
  const credential = get('X-Amz-Credential');
  const signedHeaders = get('X-Amz-SignedHeaders');
  const signature = get('X-Amz-Signature');
  const amzDate = get('X-Amz-Date');
  const expires = get('X-Amz-Expires');
  if (algorithm !== ALGORITHM || !credential || !signedHeaders || !signature || !amzDate) {
    throw new SignatureError('IncompleteSignature', 'A presigned URL needs X-Amz-Algorithm, -Credential, -Date, -SignedHeaders and -Signature');
  }
  const expiresS = expires === undefined ? undefined : Number(expires);
  if (expiresS !== undefined && (!Number.isInteger(expiresS) || expiresS < 1 || expiresS > MAX_EXPIRES_S)) {
    throw new SignatureError('IncompleteSignature', `X-Amz-Expires must be between 1 and ${MAX_EXPIRES_S} seconds`);
  }
  return { ...parseCredential(credential), signedHeaders: signedHeaders.split(';'), signature, amzDate, presigned: true, expiresS };
}

function parseAmzDate(amzDate: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!match) throw new SignatureError('IncompleteSignature', `X-Amz-Date ${amzDate} is not in the ISO 8601 basic format (20261203T120000Z)`);
  const [, y, mo, d, h, mi, s] = match;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
}

/** Whether a request carries a SigV4 signature at all (header or query). */
export function isSigned(request: Pick<SignedRequest, 'url' | 'headers'>): boolean {
  return headerValue(request.headers.authorization) !== '' || /[?&]X-Amz-Signature=/.test(request.url);
}

/**
 * Verifies the request's signature; `payloadHash` is the hash the signer used for the body (the
 * `x-amz-content-sha256` header, or SHA-256 of the body for services that do not send it).
 */
export function verifySignature(
  request: SignedRequest,
  credentials: Credentials,
  payloadHash: (service: string, presigned: boolean) => string,
  now: number = Date.now(),
): Verified {
  const queryAt = request.url.indexOf('?');
  const path = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
  const params = queryParams(queryAt < 0 ? '' : request.url.slice(queryAt + 1));
  const authorization = headerValue(request.headers.authorization);
  if (!authorization && !params.some(([name]) => name === 'X-Amz-Signature')) {
    throw new SignatureError('MissingAuthenticationToken', 'Request is missing a SigV4 signature');
  }
  const parsed = authorization ? parseAuthorization(authorization, request.headers) : parsePresigned(params);
  if (parsed.accessKeyId !== credentials.accessKeyId) {
    throw new SignatureError('InvalidClientTokenId', `The access key ${parsed.accessKeyId} is not the local cloud's`);
  }
  const signedAt = parseAmzDate(parsed.amzDate);
  if (parsed.amzDate.slice(0, 8) !== parsed.date) {
    throw new SignatureError('SignatureDoesNotMatch', 'The credential scope date does not match X-Amz-Date');
  }
  if (parsed.presigned) {
    if (now > signedAt + (parsed.expiresS ?? MAX_EXPIRES_S) * 1000) throw new SignatureError('RequestExpired', 'The presigned URL has expired');
  } else if (Math.abs(now - signedAt) > MAX_SKEW_MS) {
    throw new SignatureError('RequestExpired', 'The request was signed more than 15 minutes away from the local clock');
  }
  const missing = parsed.signedHeaders.find((name) => name !== name.toLowerCase() || request.headers[name] === undefined);
  if (missing !== undefined) throw new SignatureError('SignatureDoesNotMatch', `The signed header ${missing} is not in the request`);
  if (!parsed.signedHeaders.includes('host')) throw new SignatureError('SignatureDoesNotMatch', 'The host header must be signed');

  const canonicalParams = parsed.presigned ? params.filter(([name]) => name !== 'X-Amz-Signature') : params;
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalUri(path, parsed.service),
    canonicalQuery(canonicalParams),
    ...parsed.signedHeaders.map((name) => `${name}:${headerValue(request.headers[name])}`),
    '',
    parsed.signedHeaders.join(';'),
    payloadHash(parsed.service, parsed.presigned),
  ].join('\n');
  const scope = `${parsed.date}/${parsed.region}/${parsed.service}/aws4_request`;
  const stringToSign = [ALGORITHM, parsed.amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, parsed.date), parsed.region), parsed.service), 'aws4_request');
  const expected = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest();
  const given = Buffer.from(parsed.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new SignatureError(
      'SignatureDoesNotMatch',
      "The request signature does not match the local cloud's credentials: sign with the key pair `vod local info` prints",
    );
  }
  return { service: parsed.service, region: parsed.region, presigned: parsed.presigned };
}

export { sha256Hex };

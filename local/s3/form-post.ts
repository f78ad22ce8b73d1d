/**
 * Browser form POST uploads (`POST /<bucket>` with multipart/form-data). S3 takes one only with a
 * policy signed by a key the bucket trusts; so does the local S3. The form's fields, which come
 * before its `file`, are read (at most 1 MiB of them) and checked: the policy is signed with the
 * local key pair (SigV4: the signature is the HMAC of the base64 policy), it has not expired, and
 * every condition holds. The pipeline itself never uploads this way.
 */
import { createHmac } from 'node:crypto';
import type * as http from 'node:http';
import { Readable } from 'node:stream';
import type { Credentials } from '../auth/sigv4';
import S3Error from 's3rver/lib/models/error';

const FIELDS_LIMIT = 1024 * 1024;

export function isFormPost(method: string | undefined, headers: http.IncomingHttpHeaders): boolean {
  return method === 'POST' && /^multipart\/form-data/i.test(String(headers['content-type'] ?? ''));
}

function boundaryOf(headers: http.IncomingHttpHeaders): string {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(String(headers['content-type'] ?? ''));
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw new S3Error('MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.');
  return boundary.trim();
}

export interface FormFields {
  /** Field names in lower case, as S3 compares them. */
  fields: Map<string, string>;
  /** Whether the `file` part was reached. */
  hasFile: boolean;
}

/** The fields of a form, from the bytes read so far (up to the `file` part). */
export function parseFormFields(prefix: Buffer, boundary: string): FormFields {
  const fields = new Map<string, string>();
  const delimiter = Buffer.from(`--${boundary}`);
  let at = prefix.indexOf(delimiter);
  while (at >= 0) {
    const headersStart = at + delimiter.length + 2;
    const headersEnd = prefix.indexOf('\r\n\r\n', headersStart);
    if (headersEnd < 0) break;
    const headers = prefix.subarray(headersStart, headersEnd).toString('utf8');
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (name?.toLowerCase() === 'file') return { fields, hasFile: true };
    const next = prefix.indexOf(Buffer.from(`\r\n--${boundary}`), headersEnd + 4);
    if (next < 0) break;
    if (name !== undefined) fields.set(name.toLowerCase(), prefix.subarray(headersEnd + 4, next).toString('utf8'));
    at = next + 2;
  }
  return { fields, hasFile: false };
}

type Condition = Record<string, string> | [string, string, string] | ['content-length-range', number, number];

function denied(message: string): S3Error {
  return new S3Error('AccessDenied', message);
}

/** Checks a form's policy and signature; throws S3's error when the upload must be refused. */
export function checkFormPolicy(bucket: string, fields: Map<string, string>, credentials: Credentials, now: number = Date.now()): void {
  const policy = fields.get('policy');
  if (!policy) throw denied('Bucket POST must contain a field named policy, signed with the local key pair. Anonymous form uploads are refused.');
  const algorithm = fields.get('x-amz-algorithm');
  const credential = fields.get('x-amz-credential') ?? '';
  const signature = fields.get('x-amz-signature') ?? '';
  if (algorithm !== 'AWS4-HMAC-SHA256') throw denied('Bucket POST must be signed with AWS4-HMAC-SHA256 (x-amz-algorithm).');
  const [accessKeyId, date, region, service] = credential.split('/');
  if (accessKeyId !== credentials.accessKeyId) throw new S3Error('InvalidAccessKeyId', `The access key ${accessKeyId} is not the local cloud's`);
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date ?? ''), region ?? ''), service ?? ''), 'aws4_request');
  if (createHmac('sha256', key).update(policy, 'utf8').digest('hex') !== signature.toLowerCase()) {
    throw new S3Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  }
  let document: { expiration?: string; conditions?: Condition[] };
  try {
    document = JSON.parse(Buffer.from(policy, 'base64').toString('utf8')) as typeof document;
  } catch {
    throw new S3Error('InvalidPolicyDocument', 'Invalid Policy: Invalid JSON.');
  }
  const expiration = Date.parse(document.expiration ?? '');
  if (!Number.isFinite(expiration)) throw new S3Error('InvalidPolicyDocument', 'Invalid Policy: Policy missing expiration.');
  if (now > expiration) throw denied('Invalid according to Policy: Policy expired.');
  const values = new Map(fields);
  values.set('bucket', bucket);
  for (const condition of document.conditions ?? []) {
    if (Array.isArray(condition)) {
      const [operator, field, expected] = condition;
      if (String(operator).toLowerCase() === 'content-length-range') continue; // checked by the store's size limit
      const name = String(field).replace(/^\$/, '').toLowerCase();
      const actual = values.get(name) ?? '';
      const ok = String(operator).toLowerCase() === 'starts-with' ? actual.startsWith(String(expected)) : actual === String(expected);
      if (!ok) throw denied(`Invalid according to Policy: Policy Condition failed: ["${operator}", "${field}", "${expected}"]`);
    } else {
      for (const [field, expected] of Object.entries(condition)) {
        if ((values.get(field.toLowerCase()) ?? '') !== expected)
          throw denied(`Invalid according to Policy: Policy Condition failed: {"${field}": "${expected}"}`);
      }
    }
  }
  const covered = new Set(
    (document.conditions ?? []).flatMap((c) =>
      Array.isArray(c) ? [String(c[1]).replace(/^\$/, '').toLowerCase()] : Object.keys(c).map((k) => k.toLowerCase()),
    ),
  );
  if (!covered.has('key')) throw denied('Invalid according to Policy: the policy must hold a condition on key.');
}

/**
 * Reads a form POST's fields, checks its policy, and gives back the whole body to forward (the
 * bytes read, then the rest of the request).
 */
export async function checkedFormBody(bucket: string, request: http.IncomingMessage, credentials: Credentials): Promise<Readable> {
  const boundary = boundaryOf(request.headers);
  const iterator = (request as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let parsed: FormFields = { fields: new Map(), hasFile: false };
  for (;;) {
    const { value, done } = await iterator.next();
    if (done) break;
    chunks.push(value);
    size += value.length;
    parsed = parseFormFields(Buffer.concat(chunks), boundary);
    if (parsed.hasFile) break;
    if (size > FIELDS_LIMIT) throw new S3Error('MaxPostPreDataLengthExceeded', 'Your POST request fields preceding the upload file were too large.');
  }
  if (!parsed.hasFile)
    throw new S3Error('MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data: it has no file field.');
  checkFormPolicy(bucket, parsed.fields, credentials);
  const prefix = Buffer.concat(chunks);
  return Readable.from(
    (async function* () {
      yield prefix;
      for (;;) {
        const { value, done } = await iterator.next();
        if (done) return;
        yield value;
      }
    })(),
  );
}

/**
 * S3: s3rver's protocol (routing, headers, XML) over the local store (object-store.ts), on an
 * internal loopback port behind the gateway. Writes to the buckets that notify EventBridge become
 * `Object Created` events on the local bus once they are whole.
 *
 * Before a request reaches s3rver, the gateway side here makes it one S3 would take: every `/` of
 * the key is sent encoded (so keys with leading or doubled slashes reach s3rver's router as one
 * key), bucket names are checked, uploads are bounded, form POSTs need a signed policy, and
 * aws-chunked bodies are decoded.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type * as http from 'node:http';
import * as path from 'node:path';
import { pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import S3rver from 's3rver';
import AWSAccount from 's3rver/lib/models/account';
import S3Error from 's3rver/lib/models/error';
import type { Credentials } from '../auth/sigv4';
import { isSigned } from '../auth/sigv4';
import type { PutEvent } from '../eventbridge/types';
import type { ServiceHandler } from '../gateway';
import { guardServer } from '../internal-port';
import { proxyTo } from '../proxy';
import { AwsChunkedDecoder, decodedHeaders, isAwsChunked } from './aws-chunked';
import { createdEntry, deletedEntry } from './events';
import { checkedFormBody, isFormPost } from './form-post';
import { invalidBucketName, isValidBucketName } from './key-paths';
import { listBucket } from './list-objects';
import type { CreatedEventName } from './object-store';
import { MAX_PUT_BYTES, ObjectStore } from './object-store';
import { sequencerClock } from './sequencer';
import { errorXml, escapeXml } from './xml';

export interface S3Options {
  dataDir: string;
  accountId: string;
  buckets: string[];
  /** Buckets with EventBridge notifications on, as the stack configures them. */
  notifyingBuckets: string[];
  putEvent: PutEvent;
  credentials: Credentials;
  /** The internal port's secret (internal-port.ts). */
  secret: string;
  /** Where events that could not be put and other failures go. */
  onError: (error: unknown) => void;
}

export interface S3Server {
  port: number;
  handler: ServiceHandler;
  store: ObjectStore;
  /** Announces the writes a crash left unannounced; call once the bus has its rules. */
  announcePending(): number;
  close(): Promise<void>;
}

/** Query parameters of a bucket listing; any other names a subresource (location, cors, uploads…). */
const LIST_PARAMETERS = new Set([
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'marker',
  'continuation-token',
  'start-after',
  'fetch-owner',
  'encoding-type',
  'x-id',
]);

/**
 * The request path with the key's slashes encoded: `/bucket/a//b` becomes `/bucket/a%2F%2Fb`.
 * Returns the bucket (decoded) and the path to forward.
 */
export function encodeKeySlashes(url: string): { bucket: string; url: string } {
  const queryAt = url.indexOf('?');
  const pathname = queryAt < 0 ? url : url.slice(0, queryAt);
  const query = queryAt < 0 ? '' : url.slice(queryAt);
  const afterBucket = pathname.indexOf('/', 1);
  if (afterBucket < 0) return { bucket: safeDecode(pathname.slice(1)), url };
  const bucket = safeDecode(pathname.slice(1, afterBucket));
  const key = pathname.slice(afterBucket + 1);
  return { bucket, url: `${pathname.slice(0, afterBucket + 1)}${key.replace(/\//g, '%2F')}${query}` };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function sendError(response: http.ServerResponse, error: S3Error): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(error.status, { 'content-type': 'application/xml', connection: 'close' });
  response.end(errorXml(error.code, error.message, error.detail));
}

export async function startS3(options: S3Options): Promise<S3Server> {
  const directory = path.join(options.dataDir, 's3');
  const notifying = new Set(options.notifyingBuckets);
  const operation = new AsyncLocalStorage<CreatedEventName>();
  const context = { accountId: options.accountId };
  const store = new ObjectStore({
    root: directory,
    nextSequencer: sequencerClock(),
    putEventName: () => operation.getStore() ?? 'ObjectCreated:Put',
    onError: options.onError,
    events: {
      notifying: (bucket) => notifying.has(bucket),
      created: (bucket, record, eventName) => options.putEvent(createdEntry(bucket, record, eventName, context)),
      deleted: (bucket, key, sequencer) => {
        options.putEvent(deletedEntry(bucket, key, sequencer, context)).catch(options.onError);
      },
    },
  });
  store.open(options.buckets);

  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    // Path-style only: the gateway's host name is not a bucket.
    vhostBuckets: false,
    // The gateway has verified the signature (of the request as the client sent it).
    allowMismatchedSignatures: true,
    configureBuckets: [],
  });
  server.store = store;
  server.context.store = store;
  // Errors are answered as S3 XML by s3rver; Koa would also print them.
  server.on('error', () => undefined);
  // s3rver checks the access key exists; the signature itself was checked by the gateway.
  if (!AWSAccount.registry.has(options.credentials.accessKeyId)) {
    AWSAccount.DUMMY_ACCOUNT.createKeyPair(options.credentials.accessKeyId, options.credentials.secretAccessKey);
  }
  server.middleware.unshift(
    // A browser form POST stores through the same putObject as a PUT: tell the store which it is.
    async (ctx, next) => {
      if (ctx.method === 'POST' && /^\/[^/]+\/?$/.test(ctx.path) && !('delete' in ctx.query)) {
        await operation.run('ObjectCreated:Post', next);
      } else await next();
    },
    // Listings are answered here (list-objects.ts says why).
    async (ctx, next) => {
      const bucketOnly = /^\/([^/]+)\/?$/.exec(ctx.path);
      if (ctx.method !== 'GET' || !bucketOnly || !Object.keys(ctx.query).every((name) => LIST_PARAMETERS.has(name))) return next();
      const bucket = safeDecode(bucketOnly[1]);
      if (!(await store.getBucket(bucket))) throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
      const query = Object.fromEntries(Object.entries(ctx.query).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value]));
      ctx.type = 'application/xml';
      ctx.body = listBucket(
        bucket,
        { keysAfter: (prefix, after) => store.keysAfter(bucket, prefix, after), object: (key) => store.record(bucket, key) },
        query,
      );
    },
    // CopyObject: s3rver decodes the copy source with decodeURI, which leaves an encoded `/` (and
    // so any key S3 takes) unreadable.
    async (ctx, next) => {
      const objectPath = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
      const copySource = ctx.headers['x-amz-copy-source'];
      if (ctx.method !== 'PUT' || !objectPath || typeof copySource !== 'string' || Object.keys(ctx.query).some((name) => name !== 'x-id'))
        return next();
      const source = safeDecode(copySource.split('?')[0]).replace(/^\//, '');
      const slash = source.indexOf('/');
      const [sourceBucket, sourceKey] = slash < 0 ? [source, ''] : [source.slice(0, slash), source.slice(slash + 1)];
      if (!(await store.getBucket(sourceBucket)))
        throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', { BucketName: sourceBucket });
      const [bucket, key] = [safeDecode(objectPath[1]), safeDecode(objectPath[2])];
      const replace = ctx.headers['x-amz-metadata-directive'] === 'REPLACE';
      if (sourceBucket === bucket && sourceKey === key && !replace) {
        throw new S3Error(
          'InvalidRequest',
          "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
        );
      }
      const replacement = replace
        ? (Object.fromEntries(Object.entries(ctx.headers).map(([name, value]) => [name, String(value)])) as Record<string, string>)
        : null;
      const copied = await store.copyObject(sourceBucket, sourceKey, bucket, key, replacement);
      ctx.type = 'application/xml';
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<CopyObjectResult><LastModified>${new Date(String(copied['last-modified'])).toISOString()}</LastModified><ETag>${escapeXml(String(copied.etag))}</ETag></CopyObjectResult>`;
    },
    // AbortMultipartUpload, which s3rver does not implement.
    async (ctx, next) => {
      const objectPath = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
      const uploadId = ctx.query.uploadId;
      if (ctx.method !== 'DELETE' || !objectPath || typeof uploadId !== 'string') return next();
      store.abortUpload(safeDecode(objectPath[1]), uploadId);
      ctx.status = 204;
    },
    // A route s3rver has not got answers in S3's shape, not as a plain-text 404.
    async (ctx, next) => {
      await next();
      if (ctx.status === 404 && (ctx.body === undefined || ctx.body === null)) {
        throw new S3Error('NotImplemented', `The local S3 does not implement ${ctx.method} ${ctx.path}`);
      }
    },
  );
  const { port } = await server.run();
  if (server.httpServer) {
    guardServer(server.httpServer, options.secret, (response) => sendError(response, new S3Error('AccessDenied', 'Access Denied')));
  }

  // Bodies the gateway side had to read to check (form POSTs), to forward in the request's place.
  const checkedBodies = new WeakMap<http.IncomingMessage, Readable>();
  const proxy = proxyTo(port, options.secret, (request) => {
    const forwarded = checkedBodies.get(request) ?? request;
    const { url } = encodeKeySlashes(request.url ?? '/');
    if (!isAwsChunked(request.headers)) return { headers: request.headers, body: forwarded, url };
    return { headers: decodedHeaders(request.headers), body: pipeline(forwarded, new AwsChunkedDecoder(), () => undefined), url };
  });

  const handler: ServiceHandler = async (request, response, body) => {
    try {
      const { bucket } = encodeKeySlashes(request.url ?? '/');
      if (bucket !== '' && !isValidBucketName(bucket)) throw invalidBucketName(bucket);
      const declared = Number(request.headers['x-amz-decoded-content-length'] ?? request.headers['content-length']);
      if ((request.method === 'PUT' || request.method === 'POST') && Number.isFinite(declared) && declared > MAX_PUT_BYTES) {
        throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
          ProposedSize: declared,
          MaxSizeAllowed: MAX_PUT_BYTES,
        });
      }
      const formPost = isFormPost(request.method, request.headers) && /^\/[^/?]+\/?(\?|$)/.test(request.url ?? '');
      if (formPost) checkedBodies.set(request, await checkedFormBody(bucket, request, options.credentials));
      // The gateway lets unsigned form POSTs through for their policy to be checked here; nothing else.
      else if (!isSigned({ url: request.url ?? '/', headers: request.headers }))
        throw new S3Error('AccessDenied', 'Access Denied: sign the request (SigV4)');
    } catch (error) {
      if (!(error instanceof S3Error)) throw error;
      request.resume();
      sendError(response, error);
      return;
    }
    await proxy.handler(request, response, body);
  };

  return {
    port,
    handler,
    store,
    announcePending: () => store.announcePending(),
    close: async () => {
      proxy.close();
      // A request cut off below is still logged when it ends; with its transport closed, winston
      // would complain on stderr about a logger without transports. The silent transport stays.
      server.logger.close = () => undefined;
      server.httpServer?.closeAllConnections();
      await server.close();
    },
  };
}

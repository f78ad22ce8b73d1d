/**
 * S3: s3rver with its objects under <dataDir>/s3, on an internal loopback port behind the gateway.
 * Writes to the buckets that notify EventBridge become `Object Created` events on the local bus.
 */
import * as fs from 'node:fs';
import type * as http from 'node:http';
import * as path from 'node:path';
import { pipeline } from 'node:stream';
import S3rver from 's3rver';
import AWSAccount from 's3rver/lib/models/account';
import type { PutEvent } from '../eventbridge/types';
import { proxyTo } from '../proxy';
import type { ServiceHandler } from '../gateway';
import { AwsChunkedDecoder, decodedHeaders, isAwsChunked } from './aws-chunked';
import type { S3rverEvent } from './events';
import { toEventBridgeEntry } from './events';
import { sequencerClock } from './sequencer';

export interface S3Options {
  dataDir: string;
  accountId: string;
  buckets: string[];
  /** Buckets with EventBridge notifications on, as the stack configures them. */
  notifyingBuckets: string[];
  putEvent: PutEvent;
  /** Where events that could not be put go (the bus reports its own delivery failures). */
  onError: (error: unknown) => void;
}

export interface S3Server {
  port: number;
  handler: ServiceHandler;
  close(): Promise<void>;
}

const CREDENTIAL = /Credential=([^/,\s]+)\//;

/**
 * s3rver knows one access key and does not verify SigV4 signatures: accept whatever key the
 * caller signs with (the AWS CLI's profile, the SDK's dummy credentials) by registering it.
 */
function acceptAccessKey(request: http.IncomingMessage): void {
  const authorization = request.headers.authorization;
  const fromHeader = typeof authorization === 'string' ? CREDENTIAL.exec(authorization)?.[1] : undefined;
  const fromQuery = new URL(request.url ?? '/', 'http://localhost').searchParams.get('X-Amz-Credential')?.split('/')[0];
  const accessKeyId = fromHeader ?? fromQuery;
  if (accessKeyId && !AWSAccount.registry.has(accessKeyId)) {
    AWSAccount.DUMMY_ACCOUNT.createKeyPair(accessKeyId, accessKeyId);
  }
}

export async function startS3(options: S3Options): Promise<S3Server> {
  const directory = path.join(options.dataDir, 's3');
  fs.mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    // Path-style only: the gateway's host name is not a bucket.
    vhostBuckets: false,
    allowMismatchedSignatures: true,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const nextSequencer = sequencerClock();
  const notifying = new Set(options.notifyingBuckets);
  // s3rver emits while handling the request, before it responds: the event is on the bus by the
  // time the client sees its upload succeed.
  server.on('event', (event: S3rverEvent) => {
    for (const record of event.Records) {
      if (!notifying.has(record.s3.bucket.name)) continue;
      const entry = toEventBridgeEntry(record, { sequencer: nextSequencer(), accountId: options.accountId });
      if (entry) options.putEvent(entry).catch(options.onError);
    }
  });
  const { port } = await server.run();
  const proxy = proxyTo(port, (request) => {
    acceptAccessKey(request);
    if (!isAwsChunked(request.headers)) return { headers: request.headers, body: request };
    return { headers: decodedHeaders(request.headers), body: pipeline(request, new AwsChunkedDecoder(), () => undefined) };
  });
  return {
    port,
    handler: proxy.handler,
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

// s3rver ships no types; this is the part of its API the local cloud uses.
declare module 's3rver' {
  import { EventEmitter } from 'node:events';
  import type { Server } from 'node:http';
  import type { AddressInfo } from 'node:net';
  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }
  /** A Koa application; `event` carries S3 notification records ({ Records: [...] }). */
  class S3rver extends EventEmitter {
    constructor(options?: S3rverOptions);
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    /** Set once run() resolves. */
    httpServer?: Server;
    /** Its winston logger; close() removes its (silent) transport. */
    logger: { close(): void };
    /** Koa's middleware stack, composed when the server starts listening. */
    middleware: S3rver.Middleware[];
    /** The store the controllers call (set on the app and its context prototype). */
    store: unknown;
    context: { store: unknown };
  }
  namespace S3rver {
    /** The part of a Koa context the local S3's middleware uses. */
    interface Context {
      method: string;
      path: string;
      query: Record<string, string | string[] | undefined>;
      headers: Record<string, string | string[] | undefined>;
      status: number;
      body: unknown;
      type: string;
      set(name: string, value: string): void;
    }
    type Middleware = (ctx: Context, next: () => Promise<void>) => Promise<void>;
  }
  export = S3rver;
}

declare module 's3rver/lib/models/account' {
  class AWSAccount {
    createKeyPair(accessKeyId: string, secretAccessKey: string): void;
    static registry: Map<string, AWSAccount>;
    static DUMMY_ACCOUNT: AWSAccount;
  }
  export = AWSAccount;
}

declare module 's3rver/lib/models/error' {
  /** An S3 error: rendered as S3's XML error document with its HTTP status. */
  class S3Error extends Error {
    constructor(code: string, message: string, detail?: Record<string, string | number | undefined>);
    code: string;
    status: number;
    detail: Record<string, string | number | undefined>;
    toXML(): string;
  }
  export = S3Error;
}

declare module 's3rver/lib/models/object' {
  import type { Readable } from 'node:stream';
  /** Metadata keys are lower-case header names: content-type, etag, last-modified, x-amz-meta-*. */
  class S3Object {
    constructor(bucket: string, key: string, content: Readable | Buffer | null, metadata: Record<string, string | number | undefined>);
    bucket: string;
    key: string;
    content: Readable | Buffer | null;
    metadata: Record<string, string>;
    range?: { start: number; end: number };
    readonly size: number;
  }
  export = S3Object;
}

declare module 's3rver/lib/models/bucket' {
  class S3Bucket {
    constructor(name: string, creationDate: Date);
    name: string;
    creationDate: Date;
  }
  export = S3Bucket;
}

declare module 's3rver/lib/models/config' {
  interface S3Config {
    type: string;
    toXML(space?: number): string;
  }
  export function getConfigModel(type: string): (new (xml: string) => S3Config) | undefined;
}

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

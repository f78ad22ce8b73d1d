/**
 * AWS SDK clients for a local cloud's endpoint (the `vod` command and the tests), or, without an
 * endpoint, for AWS itself. Locally, requests are signed with the local cloud's key pair (its data
 * directory's credentials.json). The local S3 needs path-style addressing and checksums only where
 * required.
 */
import type { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type * as DynamoDbSdk from '@aws-sdk/client-dynamodb';
import type * as SfnSdk from '@aws-sdk/client-sfn';
import type * as EventBridgeSdk from '@aws-sdk/client-eventbridge';
import type * as MediaConvertSdk from '@aws-sdk/client-mediaconvert';
import type * as S3Sdk from '@aws-sdk/client-s3';
import type * as DocumentsSdk from '@aws-sdk/lib-dynamodb';
import type { Credentials } from './auth/sigv4';
import { LOCAL_DEFAULTS } from './config';

export interface Clients {
  s3: S3Client;
  dynamodb: DynamoDBClient;
  /** The document client over `dynamodb`: plain JavaScript values in and out. */
  documents: DynamoDBDocumentClient;
  sfn: SFNClient;
  events: EventBridgeClient;
  mediaConvert: MediaConvertClient;
  destroy(): void;
}

/* eslint-disable @typescript-eslint/no-require-imports -- each SDK package is loaded on first use of its client */
const CONSTRUCTORS = {
  dynamodb: (config: DynamoDBClientConfig) => new (require('@aws-sdk/client-dynamodb') as typeof DynamoDbSdk).DynamoDBClient(config),
  sfn: (config: object) => new (require('@aws-sdk/client-sfn') as typeof SfnSdk).SFNClient(config),
  events: (config: object) => new (require('@aws-sdk/client-eventbridge') as typeof EventBridgeSdk).EventBridgeClient(config),
  mediaConvert: (config: object) => new (require('@aws-sdk/client-mediaconvert') as typeof MediaConvertSdk).MediaConvertClient(config),
  s3: (config: S3ClientConfig) => new (require('@aws-sdk/client-s3') as typeof S3Sdk).S3Client(config),
  documents: (dynamodb: DynamoDBClient) =>
    (require('@aws-sdk/lib-dynamodb') as typeof DocumentsSdk).DynamoDBDocumentClient.from(dynamodb, {
      marshallOptions: { removeUndefinedValues: true },
    }),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The clients, each made on first use: a command that only reads the asset table loads no S3,
 * MediaConvert or EventBridge SDK (most of a `vod` command's start-up time).
 */
function assemble(common: object, s3Config: S3ClientConfig): Clients {
  const made: Partial<Omit<Clients, 'destroy'>> = {};
  const once = <K extends keyof Omit<Clients, 'destroy'>>(name: K, make: () => Clients[K]): Clients[K] => (made[name] ??= make()) as Clients[K];
  return {
    get s3() {
      return once('s3', () => CONSTRUCTORS.s3(s3Config));
    },
    get dynamodb() {
      return once('dynamodb', () => CONSTRUCTORS.dynamodb(common));
    },
    get documents() {
      return once('documents', () => CONSTRUCTORS.documents(this.dynamodb));
    },
    get sfn() {
      return once('sfn', () => CONSTRUCTORS.sfn(common));
    },
    get events() {
      return once('events', () => CONSTRUCTORS.events(common));
    },
    get mediaConvert() {
      return once('mediaConvert', () => CONSTRUCTORS.mediaConvert(common));
    },
    destroy: () => {
      for (const client of [made.s3, made.dynamodb, made.sfn, made.events, made.mediaConvert]) client?.destroy();
    },
  };
}

export function localClients(endpoint: string, credentials: Credentials, region: string = LOCAL_DEFAULTS.region): Clients {
  const common = { endpoint, region, credentials };
  return assemble(common, {
    ...common,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Default credentials, region and endpoints: the deployed stack. */
export function awsClients(): Clients {
  return assemble({}, {});
}

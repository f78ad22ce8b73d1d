/**
 * The one client factory. Clients are created once per container and reused across invocations.
 *
 * `AWS_ENDPOINT_URL` (honoured by the SDK itself) points every client at the local cloud; S3 then
 * needs path-style addressing and checksums only when required, which the local S3 needs for
 * streamed uploads.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { loadConfig } from './config';

function localEndpoint(): string | undefined {
  const value = process.env.AWS_ENDPOINT_URL;
  return value === undefined || value === '' ? undefined : value;
}

const cache = new Map<string, unknown>();

function once<T>(name: string, create: () => T): T {
  if (!cache.has(name)) cache.set(name, create());
  return cache.get(name) as T;
}

export function s3(): S3Client {
  return once('s3', () => {
    const local = localEndpoint() !== undefined;
    return new S3Client({
      forcePathStyle: local,
      requestChecksumCalculation: local ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
      responseChecksumValidation: local ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
    });
  });
}

export function dynamo(): DynamoDBDocumentClient {
  return once('dynamo', () =>
    DynamoDBDocumentClient.from(new DynamoDBClient({}), {
      marshallOptions: { removeUndefinedValues: true },
    }),
  );
}

export function sfn(): SFNClient {
  return once('sfn', () => new SFNClient({}));
}

export function eventBridge(): EventBridgeClient {
  return once('eventbridge', () => new EventBridgeClient({}));
}

export function mediaConvert(): MediaConvertClient {
  return once('mediaconvert', () => {
    // An account-specific endpoint, when configured, wins over the regional one; no
    // DescribeEndpoints call per invocation either way.
    const endpoint = loadConfig().mediaConvertEndpoint;
    return new MediaConvertClient(endpoint === undefined ? {} : { endpoint });
  });
}

/** For tests: forget the cached clients so new environment settings take effect. */
export function resetClients(): void {
  cache.clear();
}

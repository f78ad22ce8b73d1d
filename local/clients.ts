/**
 * AWS SDK clients for a local cloud's endpoint (the `vod` command and the tests), or, without an
 * endpoint, for AWS itself. Locally, requests are signed with the local cloud's key pair (its data
 * directory's credentials.json). The local S3 needs path-style addressing and checksums only where
 * required.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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

function assemble(common: object, s3: S3Client): Clients {
  const dynamodb = new DynamoDBClient(common);
  const clients: Omit<Clients, 'destroy'> = {
    s3,
    dynamodb,
    documents: DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } }),
    sfn: new SFNClient(common),
    events: new EventBridgeClient(common),
    mediaConvert: new MediaConvertClient(common),
  };
  return {
    ...clients,
    destroy: () => {
      for (const client of [clients.s3, clients.dynamodb, clients.sfn, clients.events, clients.mediaConvert]) client.destroy();
    },
  };
}

export function localClients(endpoint: string, credentials: Credentials, region: string = LOCAL_DEFAULTS.region): Clients {
  const common = { endpoint, region, credentials };
  return assemble(
    common,
    new S3Client({
      ...common,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
  );
}

/** Default credentials, region and endpoints: the deployed stack. */
export function awsClients(): Clients {
  return assemble({}, new S3Client({}));
}

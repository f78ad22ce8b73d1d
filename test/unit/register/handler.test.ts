import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { handler } from '../../../functions/register/handler';
import { resetClients } from '../../../functions/shared/clients';
import { objectCreated, recordingEnd } from '../../support/events';

const ddb = mockClient(DynamoDBDocumentClient);
const context = { functionName: 'register', awsRequestId: 'req-1' } as Context;
const executionArn = 'arn:aws:states:us-east-1:111122223333:execution:vod-pipeline:e1';

beforeEach(() => {
  ddb.reset();
  resetClients();
  process.env.ASSET_TABLE = 'assets';
});

describe('register', () => {
  it('registers a new upload with a conditional put and returns the asset reference', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});

    // Act
    const asset = await handler({ event: objectCreated('ingest', 'uploads/a b+ü.mp4'), executionArn, state: 'Register' }, context);

    // Assess
    expect(asset).toMatchObject({ origin: 'upload', source: { bucket: 'ingest', key: 'uploads/a b+ü.mp4' } });
    const put = ddb.commandCalls(PutCommand)[0].args[0].input;
    expect(put.TableName).toBe('assets');
    expect(put.ConditionExpression).toBe('attribute_not_exists(assetId) OR executionArn = :executionArn');
    expect(put.Item).toMatchObject({
      assetId: asset.assetId,
      status: 'REGISTERED',
      origin: 'upload',
      executionArn,
      redriveCount: 0,
    });
    expect(put.Item?.createdAt).toBe(put.Item?.updatedAt);
  });

  it('registers an IVS recording', async () => {
    ddb.on(PutCommand).resolves({});

    const asset = await handler({ event: recordingEnd('recordings', 'ivs/v1/1/ch/2026/1/2/3/4/rec'), executionArn, state: 'Register' }, context);

    expect(asset).toMatchObject({ origin: 'ivs', source: { bucket: 'recordings', prefix: 'ivs/v1/1/ch/2026/1/2/3/4/rec' } });
  });

  it('ends a duplicate event with DuplicateEvent, which the state machine catches', async () => {
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    const result = handler({ event: objectCreated('ingest', 'uploads/show.mp4'), executionArn, state: 'Register' }, context);

    await expect(result).rejects.toMatchObject({ name: 'DuplicateEvent', message: expect.stringContaining('starts no job') });
  });

  it('ends the upload of a video under the sources prefix with AwaitsManifest, registering nothing', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});

    // Act
    const result = handler({ event: objectCreated('ingest', 'sources/show.mp4'), executionArn, state: 'Register' }, context);

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'AwaitsManifest',
      message: expect.stringContaining('s3://ingest/sources/show.mp4 is under sources/'),
    });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('registers a job manifest under the sources prefix, and videos elsewhere', async () => {
    ddb.on(PutCommand).resolves({});

    const manifest = await handler({ event: objectCreated('ingest', 'sources/show.vod.json'), executionArn, state: 'Register' }, context);
    const video = await handler({ event: objectCreated('ingest', 'uploads/sources/show.mp4'), executionArn, state: 'Register' }, context);

    expect([manifest.source, video.source]).toMatchObject([{ key: 'sources/show.vod.json' }, { key: 'uploads/sources/show.mp4' }]);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(2);
  });

  it('lets infrastructure errors through, so the state machine retries or fails at Register', async () => {
    ddb.on(PutCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' }));

    const result = handler({ event: objectCreated('ingest', 'uploads/show.mp4'), executionArn, state: 'Register' }, context);

    await expect(result).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException' });
  });

  it('refuses an event it does not know with a clear error and writes nothing', async () => {
    const result = handler({ event: { source: 'aws.ec2' }, executionArn, state: 'Register' }, context);

    await expect(result).rejects.toMatchObject({ name: 'UnsupportedEvent' });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });
});

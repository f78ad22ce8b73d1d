import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CreateJobCommand, DescribeEndpointsCommand, GetJobCommand, ListJobsCommand } from '@aws-sdk/client-mediaconvert';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import type { LocalCloud } from '../../local/cloud';
import { cloudPerFile } from './support';
import type { clients } from './support';

let cloud: LocalCloud & { logs: string[] };
let aws: ReturnType<typeof clients>;

cloudPerFile((started, startedAws) => {
  cloud = started;
  aws = startedAws;
});

describe('the gateway', () => {
  it('refuses an unsigned request, naming the services it serves', async () => {
    const response = await fetch(`${cloud.endpoint}/vod-ingest`);
    const body = (await response.json()) as { __type: string; message: string };

    expect(response.status).toBe(400);
    expect(body.__type).toBe('UnrecognizedClientException');
    expect(body.message).toMatch(/^Unsigned request: .*vod local info.*s3, dynamodb, states, events, mediaconvert/);
  });

  it('refuses a service it does not serve', async () => {
    const response = await fetch(cloud.endpoint, {
      method: 'POST',
      headers: {
        authorization: 'AWS4-HMAC-SHA256 Credential=test/20261121/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0',
      },
    });
    const body = (await response.json()) as { message: string };

    expect(response.status).toBe(400);
    expect(body.message).toContain('does not serve "sqs"');
  });

  it('serves S3: put, get and list keys with spaces, accents, + and :', async () => {
    // Prepare
    const keys = ['uploads/Réunion été 2026.mp4', 'uploads/a+b: c.mov'];

    // Act
    for (const [index, key] of keys.entries()) {
      await aws.s3.send(new PutObjectCommand({ Bucket: cloud.names.outputBucket, Key: key, Body: `body ${index}` }));
    }
    const object = await aws.s3.send(new GetObjectCommand({ Bucket: cloud.names.outputBucket, Key: keys[0] }));
    const listing = await aws.s3.send(new ListObjectsV2Command({ Bucket: cloud.names.outputBucket, Prefix: 'uploads/' }));

    // Assess
    expect(await object.Body?.transformToString()).toBe('body 0');
    expect(listing.Contents?.map((item) => item.Key).sort()).toEqual([...keys].sort());
  });

  it('streams a large upload through unchanged', async () => {
    const body = Buffer.alloc(24 * 1024 * 1024, 7);
    body.write('start', 0);
    body.write('end', body.length - 3);

    await aws.s3.send(new PutObjectCommand({ Bucket: cloud.names.assetsBucket, Key: 'big/blob.bin', Body: body }));
    const object = await aws.s3.send(new GetObjectCommand({ Bucket: cloud.names.assetsBucket, Key: 'big/blob.bin' }));
    const back = Buffer.from(await object.Body!.transformToByteArray());

    expect(back.length).toBe(body.length);
    expect(createHash('md5').update(back).digest('hex')).toBe(createHash('md5').update(body).digest('hex'));
  });

  it("accepts a streamed upload with the SDK's default checksums (aws-chunked with a trailing CRC)", async () => {
    // Prepare: an S3 client without the WHEN_REQUIRED settings, as a user's tools may be
    const s3 = new S3Client({ endpoint: cloud.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: cloud.credentials });
    const content = Buffer.from('0123456789'.repeat(100000));

    // Act
    await s3.send(
      new PutObjectCommand({
        Bucket: cloud.names.assetsBucket,
        Key: 'streamed/a b.bin',
        Body: Readable.from([content.subarray(0, 500000), content.subarray(500000)]),
        ContentLength: content.length,
      }),
    );
    const object = await aws.s3.send(new GetObjectCommand({ Bucket: cloud.names.assetsBucket, Key: 'streamed/a b.bin' }));
    const back = Buffer.from(await object.Body!.transformToByteArray());
    s3.destroy();

    // Assess
    expect(back.equals(content)).toBe(true);
  });

  it('serves DynamoDB: the tables exist with their schema, and items go in and out', async () => {
    const table = await aws.dynamodb.send(new DescribeTableCommand({ TableName: cloud.names.assetTable }));
    await aws.documents.send(
      new PutCommand({ TableName: cloud.names.assetTable, Item: { assetId: 'clip-é 1', status: 'REGISTERED', updatedAt: 'x' } }),
    );
    const item = await aws.documents.send(new GetCommand({ TableName: cloud.names.assetTable, Key: { assetId: 'clip-é 1' } }));

    expect(table.Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['status-updatedAt']);
    expect(item.Item).toEqual({ assetId: 'clip-é 1', status: 'REGISTERED', updatedAt: 'x' });
  });

  it('serves EventBridge PutEvents, with per-entry errors', async () => {
    const result = await aws.events.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'test.app', DetailType: 'Something Happened', Detail: JSON.stringify({ n: 1 }) },
          { Source: 'test.app', DetailType: 'Something Happened', Detail: '{oops' },
        ],
      }),
    );

    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries?.[0].EventId).toEqual(expect.any(String));
    expect(result.Entries?.[1]).toEqual({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
  });

  it('serves Step Functions with the pipeline state machine deployed', async () => {
    const machines = await aws.sfn.send(new ListStateMachinesCommand({}));

    expect(machines.stateMachines?.map((machine) => machine.stateMachineArn)).toContain(cloud.names.stateMachineArn);
  });

  it('serves MediaConvert: CreateJob, GetJob, ListJobs, DescribeEndpoints', async () => {
    // Act
    const created = await aws.mediaConvert.send(
      new CreateJobCommand({
        Role: cloud.names.mediaConvertRoleArn,
        Settings: {
          Inputs: [{ FileInput: 's3://vod-ingest/a b.mp4' }],
          OutputGroups: [
            {
              OutputGroupSettings: { Type: 'FILE_GROUP_SETTINGS', FileGroupSettings: { Destination: 's3://vod-outputs/gateway/a' } },
              Outputs: [
                {
                  ContainerSettings: { Container: 'MP4' },
                  VideoDescription: { CodecSettings: { Codec: 'H_264', H264Settings: { RateControlMode: 'QVBR', MaxBitrate: 1000000 } } },
                },
              ],
            },
          ],
        },
        UserMetadata: { pipeline: 'vod-pipeline' },
      }),
    );
    const fetched = await aws.mediaConvert.send(new GetJobCommand({ Id: created.Job!.Id }));
    const listed = await aws.mediaConvert.send(new ListJobsCommand({}));
    const endpoints = await aws.mediaConvert.send(new DescribeEndpointsCommand({}));

    // Assess
    expect(created.Job?.Id).toMatch(/^\d{13}-[a-z0-9]{6}$/);
    expect(created.Job?.Status).toBe('SUBMITTED');
    expect(created.Job?.CreatedAt).toBeInstanceOf(Date);
    expect(fetched.Job?.Settings?.Inputs?.[0].FileInput).toBe('s3://vod-ingest/a b.mp4');
    expect(fetched.Job?.UserMetadata).toEqual({ pipeline: 'vod-pipeline' });
    expect(listed.Jobs?.map((job) => job.Id)).toContain(created.Job?.Id);
    expect(endpoints.Endpoints).toEqual([{ Url: cloud.endpoint }]);
  });
});

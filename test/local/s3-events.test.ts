import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import type { LocalCloud } from '../../local/cloud';
import type { BusEvent } from '../../local/eventbridge/types';
import { matchesPattern } from '../../local/eventbridge/pattern';
import { EVENT_PATTERNS } from '../../infra/wiring';
import { clients, startTestCloud } from './support';

let cloud: LocalCloud;
let aws: ReturnType<typeof clients>;
let events: BusEvent[];
let unsubscribe: () => void;

beforeAll(async () => {
  cloud = await startTestCloud();
  aws = clients(cloud);
});

beforeEach(() => {
  events = [];
  unsubscribe = cloud.bus.onEvent((event) => {
    if (event.source === 'aws.s3') events.push(event);
  });
});

afterEach(() => unsubscribe());

afterAll(async () => {
  aws.destroy();
  await cloud.stop();
  fs.rmSync(cloud.dataDir, { recursive: true, force: true });
});

describe('S3 events on the local bus', () => {
  it("an upload to the ingest bucket puts an Object Created event in AWS's shape, which the upload rule matches by suffix", async () => {
    // Prepare
    const key = 'incoming/Émission spéciale: 1+1.txt';

    // Act
    const put = await aws.s3.send(new PutObjectCommand({ Bucket: cloud.names.ingestBucket, Key: key, Body: 'not media' }));

    // Assess
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({
      version: '0',
      source: 'aws.s3',
      'detail-type': 'Object Created',
      account: '000000000000',
      region: 'us-east-1',
      resources: [`arn:aws:s3:::${cloud.names.ingestBucket}`],
      detail: {
        version: '0',
        bucket: { name: cloud.names.ingestBucket },
        object: { key, size: 9, etag: put.ETag!.replace(/"/g, ''), sequencer: expect.stringMatching(/^[0-9A-F]{18}$/) },
        reason: 'PutObject',
        requester: '000000000000',
      },
    });
    // .txt is not an ingest suffix; .mp4 is.
    const upload = EVENT_PATTERNS.upload(cloud.names, cloud.settings);
    expect(matchesPattern(upload, event)).toBe(false);
    expect(matchesPattern(upload, { ...event, detail: { ...event.detail, object: { key: 'incoming/Émission spéciale: 1+1.MP4' } } })).toBe(true);
  });

  it('two writes of one key get increasing sequencers', async () => {
    await aws.s3.send(new PutObjectCommand({ Bucket: cloud.names.recordingBucket, Key: 'ivs/a b/x.ts', Body: '1' }));
    await aws.s3.send(new PutObjectCommand({ Bucket: cloud.names.recordingBucket, Key: 'ivs/a b/x.ts', Body: '2' }));

    const sequencers = events.map((event) => (event.detail.object as { sequencer: string }).sequencer);
    expect(sequencers).toHaveLength(2);
    expect(sequencers[1] > sequencers[0]).toBe(true);
  });

  it('a multipart upload puts one Object Created event with reason CompleteMultipartUpload', async () => {
    // Prepare
    const Bucket = cloud.names.ingestBucket;
    const Key = 'multi part/Grand fichier é.mp4';
    const part = Buffer.alloc(5 * 1024 * 1024, 1);

    // Act
    const { UploadId } = await aws.s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const parts = [];
    for (const PartNumber of [1, 2]) {
      const { ETag } = await aws.s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: part }));
      parts.push({ ETag, PartNumber });
    }
    await aws.s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }));

    // Assess
    expect(events).toHaveLength(1);
    expect(events[0].detail).toMatchObject({ reason: 'CompleteMultipartUpload', object: { key: Key, size: 2 * part.length } });
  });

  it('a copy into the ingest bucket is reported as CopyObject; writes to other buckets put no event', async () => {
    await aws.s3.send(new PutObjectCommand({ Bucket: cloud.names.outputBucket, Key: 'a.mp4', Body: 'x' }));
    await aws.s3.send(
      new CopyObjectCommand({ Bucket: cloud.names.ingestBucket, Key: 'copied a.mp4', CopySource: `${cloud.names.outputBucket}/a.mp4` }),
    );

    expect(events.map((event) => [event.detail.bucket, event.detail.reason])).toEqual([[{ name: cloud.names.ingestBucket }, 'CopyObject']]);
  });
});

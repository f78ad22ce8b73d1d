/**
 * Keys are opaque strings, as in S3: whatever a key holds, it is stored and read back as the same
 * key, and nothing is ever written outside the bucket's folder of the data directory.
 */
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LocalCloud } from '../../local/cloud';
import { signedFetch } from './signed-request';
import { clients, startTestCloud } from './support';

/** Two levels below a scratch folder: a key climbing out of the data directory would land in it. */
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-scratch-'));
const dataDir = path.join(scratch, 'level-1', 'data');
let cloud: LocalCloud;
let aws: ReturnType<typeof clients>;

beforeAll(async () => {
  cloud = await startTestCloud({ dataDir });
  aws = clients(cloud);
});

afterAll(async () => {
  aws.destroy();
  await cloud.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(entry.parentPath ?? dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** Every file in the scratch folder that is neither a bucket's nor one of the local cloud's own folders. */
function strayFiles(): string[] {
  const s3 = path.join(dataDir, 's3');
  return filesUnder(scratch).filter((file) => {
    if (file.startsWith(`${s3}${path.sep}`)) {
      const bucket = file.slice(s3.length + 1).split(path.sep)[0];
      return ![cloud.names.ingestBucket, cloud.names.outputBucket, cloud.names.recordingBucket, cloud.names.assetsBucket].includes(bucket);
    }
    return !file.startsWith(`${dataDir}${path.sep}`);
  });
}

const KEYS: [string, string][] = [
  ['parent segments', '../../beyond-datadir.txt'],
  ['a lone parent segment', '..'],
  ['a dot segment', './here.txt'],
  ['a double slash', 'a//b.txt'],
  ['a leading slash', '/leading.txt'],
  ['two leading slashes', '//two-leading.txt'],
  ['an encoded slash', 'a%2Fb.txt'],
  ['backslashes', '..\\..\\windows\\style.txt'],
  ['a NUL', 'nul\u0000byte.txt'],
  ['a carriage return and a line feed', 'line\r\nbreak.txt'],
  ['a 300-character segment', `${'s'.repeat(300)}.txt`],
  ['1,024 bytes of two-byte characters', 'é'.repeat(512)],
  ['a trailing slash', 'folder/'],
  ['spaces, accents and symbols', 'Émission spéciale: 1+1 & <co>.mp4'],
];

describe('S3 keys', () => {
  it.each(KEYS)('round-trips a key with %s: put, head, get, list, delete', async (_name, key) => {
    // Prepare
    const Bucket = cloud.names.outputBucket;
    const body = `content of ${JSON.stringify(key)}`;

    // Act
    const put = await aws.s3.send(new PutObjectCommand({ Bucket, Key: key, Body: body }));
    const head = await aws.s3.send(new HeadObjectCommand({ Bucket, Key: key }));
    const got = await aws.s3.send(new GetObjectCommand({ Bucket, Key: key }));
    const text = await got.Body?.transformToString();
    const listed = await aws.s3.send(new ListObjectsV2Command({ Bucket, Prefix: key, EncodingType: 'url' }));
    await aws.s3.send(new DeleteObjectCommand({ Bucket, Key: key }));
    const after = await aws.s3.send(new ListObjectsV2Command({ Bucket, Prefix: key, EncodingType: 'url' }));

    // Assess
    expect(text).toBe(body);
    expect(head.ETag).toBe(put.ETag);
    expect(listed.Contents?.map((object) => decodeURIComponent(object.Key ?? ''))).toEqual([key]);
    expect(after.KeyCount).toBe(0);
    expect(strayFiles()).toEqual([]);
  });

  it('copies, uploads in parts and deletes in batches keys that climb, within the bucket', async () => {
    // Prepare
    const Bucket = cloud.names.outputBucket;
    const source = '../../copy-source.txt';
    const part = Buffer.alloc(5 * 1024 * 1024, 3);

    // Act
    await aws.s3.send(new PutObjectCommand({ Bucket, Key: source, Body: 'to copy' }));
    await aws.s3.send(new CopyObjectCommand({ Bucket, Key: '../../../copied.txt', CopySource: `${Bucket}/${encodeURIComponent(source)}` }));
    const { UploadId } = await aws.s3.send(new CreateMultipartUploadCommand({ Bucket, Key: '../../multipart.bin' }));
    const { ETag } = await aws.s3.send(new UploadPartCommand({ Bucket, Key: '../../multipart.bin', UploadId, PartNumber: 1, Body: part }));
    await aws.s3.send(
      new CompleteMultipartUploadCommand({ Bucket, Key: '../../multipart.bin', UploadId, MultipartUpload: { Parts: [{ ETag, PartNumber: 1 }] } }),
    );
    const copied = await aws.s3.send(new GetObjectCommand({ Bucket, Key: '../../../copied.txt' }));
    const copiedText = await copied.Body?.transformToString();
    const strayBeforeDelete = strayFiles();
    const deleted = await aws.s3.send(
      new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: source }, { Key: '../../../copied.txt' }, { Key: '../../multipart.bin' }] } }),
    );
    const left = await aws.s3.send(new ListObjectsV2Command({ Bucket, Prefix: '../' }));

    // Assess
    expect(copiedText).toBe('to copy');
    expect(strayBeforeDelete).toEqual([]);
    expect(deleted.Deleted).toHaveLength(3);
    expect(left.KeyCount).toBe(0);
    expect(strayFiles()).toEqual([]);
  });

  it('refuses a key over 1,024 bytes with KeyTooLongError, and keeps answering', async () => {
    const Bucket = cloud.names.outputBucket;

    const refused = aws.s3.send(new PutObjectCommand({ Bucket, Key: 'k'.repeat(1217), Body: 'x' }));

    await expect(refused).rejects.toMatchObject({ name: 'KeyTooLongError' });
    await aws.s3.send(new PutObjectCommand({ Bucket, Key: 'still/answering.txt', Body: 'yes' }));
  });

  it.each(['..', '.', 'a..b', 'UPPER', 'x'])('refuses the bucket name %j with InvalidBucketName', async (bucket) => {
    const response = await signedFetch(cloud.endpoint, cloud.credentials, { method: 'PUT', path: `/${bucket}/escape.txt`, body: 'x' });

    expect(response.status).toBe(400);
    expect(response.text).toContain('<Code>InvalidBucketName</Code>');
    expect(strayFiles()).toEqual([]);
  });
});

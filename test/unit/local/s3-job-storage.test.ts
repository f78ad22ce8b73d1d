/** The local MediaConvert's storage over S3: uploads retried where the SDK cannot retry a stream. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { S3JobStorage } from '../../../local/mediaconvert/s3-job-storage';

const s3 = mockClient(S3Client);
let folder: string;
let file: string;

const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', $metadata: {} });
const status = (code: number) => Object.assign(new Error(`status ${code}`), { $metadata: { httpStatusCode: code } });

beforeEach(() => {
  s3.reset();
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-s3-storage-'));
  file = path.join(folder, 'segment.m4s');
  fs.writeFileSync(file, 'segment bytes');
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('S3JobStorage.upload', () => {
  it('puts the file again, from a new stream, after a reset connection or a server error', async () => {
    // Prepare
    s3.on(PutObjectCommand).rejectsOnce(reset()).rejectsOnce(status(503)).resolves({});
    const storage = new S3JobStorage(new S3Client({ region: 'us-east-1' }));

    // Act
    await storage.upload(file, 's3://out/a1/cmaf/a1_1.m4s', 'video/mp4');

    // Assess
    const calls = s3.commandCalls(PutObjectCommand);
    expect(calls).toHaveLength(3);
    expect(calls.map((call) => call.args[0].input)).toEqual(
      Array.from({ length: 3 }, () =>
        expect.objectContaining({ Bucket: 'out', Key: 'a1/cmaf/a1_1.m4s', ContentLength: 13, ContentType: 'video/mp4' }),
      ),
    );
    const bodies = calls.map((call) => call.args[0].input.Body);
    expect(new Set(bodies).size).toBe(3);
  });

  it('does not retry a refusal (4xx), and gives up after three failed attempts', async () => {
    // Prepare
    s3.on(PutObjectCommand, { Key: 'denied' }).rejects(status(403));
    s3.on(PutObjectCommand, { Key: 'down' }).rejects(reset());
    const storage = new S3JobStorage(new S3Client({ region: 'us-east-1' }));

    // Act
    const denied = storage.upload(file, 's3://out/denied');
    const down = storage.upload(file, 's3://out/down');

    // Assess
    await expect(denied).rejects.toThrow('status 403');
    await expect(down).rejects.toThrow('socket hang up');
    const keys = s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input.Key);
    expect(keys.filter((key) => key === 'denied')).toHaveLength(1);
    expect(keys.filter((key) => key === 'down')).toHaveLength(3);
  });
});

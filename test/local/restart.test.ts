import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as fs from 'node:fs';
import { clients, startTestCloud, tempDataDir } from './support';

describe('the local cloud across a restart', () => {
  const dataDir = tempDataDir();
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps objects and items, and starts again on existing buckets and tables', async () => {
    // Prepare
    const first = await startTestCloud({ dataDir });
    const before = clients(first.endpoint);
    await before.s3.send(new PutObjectCommand({ Bucket: first.names.outputBucket, Key: 'kept/ça va.txt', Body: 'still here' }));
    await before.documents.send(new PutCommand({ TableName: first.names.assetTable, Item: { assetId: 'kept', status: 'COMPLETE' } }));
    before.destroy();
    await first.stop();

    // Act
    const second = await startTestCloud({ dataDir });
    const after = clients(second.endpoint);
    const object = await after.s3.send(new GetObjectCommand({ Bucket: second.names.outputBucket, Key: 'kept/ça va.txt' }));
    const item = await after.documents.send(new GetCommand({ TableName: second.names.assetTable, Key: { assetId: 'kept' } }));
    const text = await object.Body?.transformToString();
    after.destroy();
    await second.stop();

    // Assess
    expect(text).toBe('still here');
    expect(item.Item).toEqual({ assetId: 'kept', status: 'COMPLETE' });
    expect(second.logs[0]).toMatch(/^vod-local: ready at http:\/\/127\.0\.0\.1:\d+ in \d+ ms/);
  });

  it('fails to start on a port in use, and leaves nothing running', async () => {
    const running = await startTestCloud();
    const port = Number(new URL(running.endpoint).port);

    const otherDir = tempDataDir();

    const second = startTestCloud({ port, dataDir: otherDir });

    await expect(second).rejects.toThrow(/EADDRINUSE/);
    await running.stop();
    for (const dir of [running.dataDir, otherDir]) fs.rmSync(dir, { recursive: true, force: true });
  });
});

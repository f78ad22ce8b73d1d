import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import * as fs from 'node:fs';
import { clients, startTestCloud, tempDataDir, waitFor } from './support';

describe('the local cloud across a restart', () => {
  const dataDir = tempDataDir();
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps objects and items, and starts again on existing buckets and tables', async () => {
    // Prepare
    const first = await startTestCloud({ dataDir });
    const before = clients(first);
    await before.s3.send(new PutObjectCommand({ Bucket: first.names.outputBucket, Key: 'kept/ça va.txt', Body: 'still here' }));
    await before.documents.send(new PutCommand({ TableName: first.names.assetTable, Item: { assetId: 'kept', status: 'COMPLETE' } }));
    before.destroy();
    await first.stop();

    // Act
    const second = await startTestCloud({ dataDir });
    const after = clients(second);
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

  it('delivers at the next start an upload event the stopping cloud could not deliver (not at a read-only start)', async () => {
    // Prepare: the bus stops first as the cloud shuts down; an upload lands before S3 does
    const lateDir = tempDataDir();
    const first = await startTestCloud({ dataDir: lateDir });
    await first.bus.stop();
    const before = clients(first);
    await before.s3.send(new PutObjectCommand({ Bucket: first.names.ingestBucket, Key: 'uploads/arrivée tardive.mp4', Body: 'not media' }));
    before.destroy();
    await first.stop();
    // A cloud started only to read holds the event back, and keeps it.
    const reader = await startTestCloud({ dataDir: lateDir, holdExecutionStarts: true });
    await reader.idle();
    const readerClients = clients(reader);
    const { executions: whileReading } = await readerClients.sfn.send(new ListExecutionsCommand({ stateMachineArn: reader.names.stateMachineArn }));
    readerClients.destroy();
    await reader.stop();

    // Act
    const second = await startTestCloud({ dataDir: lateDir });
    const after = clients(second);
    try {
      const asset = await waitFor('the late upload to be processed', async () => {
        const { Items } = await after.documents.send(new ScanCommand({ TableName: second.names.assetTable }));
        return Items?.find((item) => item.status === 'REJECTED');
      });
      await second.idle();
      const { executions } = await after.sfn.send(new ListExecutionsCommand({ stateMachineArn: second.names.stateMachineArn }));

      // Assess: one execution, for that upload, rejected as not media
      expect(whileReading).toEqual([]);
      expect(asset).toMatchObject({ source: { key: 'uploads/arrivée tardive.mp4' }, error: { error: 'NotMedia' } });
      expect(executions).toHaveLength(1);
      expect(second.logs).toContain('vod-local: delivering 1 event an earlier run left undelivered');
    } finally {
      after.destroy();
      await second.stop();
      fs.rmSync(lateDir, { recursive: true, force: true });
    }
  });

  it('refuses a second cloud on a data directory in use, naming the running one, which goes on working', async () => {
    // Prepare
    const sharedDir = tempDataDir();
    const running = await startTestCloud({ dataDir: sharedDir });

    try {
      // Act
      const second = startTestCloud({ dataDir: sharedDir });

      // Assess
      await expect(second).rejects.toMatchObject({
        name: 'DataDirInUse',
        message: expect.stringContaining(`in use by the local cloud of process ${process.pid} at ${running.endpoint}`),
      });
      const aws = clients(running);
      await aws.documents.send(new PutCommand({ TableName: running.names.assetTable, Item: { assetId: 'still-works', status: 'COMPLETE' } }));
      const item = await aws.documents.send(new GetCommand({ TableName: running.names.assetTable, Key: { assetId: 'still-works' } }));
      aws.destroy();
      expect(item.Item).toEqual({ assetId: 'still-works', status: 'COMPLETE' });
    } finally {
      await running.stop();
    }
    // Released at the stop: the directory can be used again.
    const after = await startTestCloud({ dataDir: sharedDir });
    await after.stop();
    fs.rmSync(sharedDir, { recursive: true, force: true });
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

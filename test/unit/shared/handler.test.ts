import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { pipelineHandler } from '../../../functions/shared/handler';
import { AwaitsManifest, NotMedia } from '../../../functions/shared/errors';
import { resetClients } from '../../../functions/shared/clients';
import { logger } from '../../../functions/shared/logger';

const ddb = mockClient(DynamoDBDocumentClient);
const context = { functionName: 'probe', awsRequestId: 'req-1' } as Context;

beforeEach(() => {
  ddb.reset();
  resetClients();
  process.env.ASSET_TABLE = 'assets';
});

describe('pipelineHandler', () => {
  it('records a permanent input error on the asset as REJECTED and rethrows it', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});
    const handler = pipelineHandler(async (_event: { assetId: string; state: string }) => {
      throw new NotMedia('uploads/notes.mp4 is not a media file');
    });

    // Act
    const result = handler({ assetId: 's3-abc', state: 'Probe' }, context);

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'NotMedia' });
    const update = ddb.commandCalls(UpdateCommand)[0].args[0].input;
    expect(update.Key).toEqual({ assetId: 's3-abc' });
    expect(update.ExpressionAttributeValues).toMatchObject({
      ':status': 'REJECTED',
      ':error': { state: 'Probe', error: 'NotMedia', cause: 'uploads/notes.mp4 is not a media file' },
    });
  });

  it('does not touch the asset on other errors', async () => {
    const handler = pipelineHandler(async (_event: { assetId: string }) => {
      throw new Error('socket hang up');
    });

    await expect(handler({ assetId: 's3-abc' }, context)).rejects.toThrow('socket hang up');
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('logs an unexpected error with its stack and the asset id, as JSON', async () => {
    // Prepare
    logger.setLogLevel('INFO');
    const lines: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(chunk.toString());
      return true;
    });
    const handler = pipelineHandler(async (_event: { assetId: string }) => {
      throw new Error('socket hang up');
    });

    // Act
    try {
      await expect(handler({ assetId: 's3-abc' }, context)).rejects.toThrow('socket hang up');
    } finally {
      write.mockRestore();
      logger.setLogLevel('SILENT');
    }

    // Assess
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        assetId: 's3-abc',
        error: expect.objectContaining({ name: 'Error', message: 'socket hang up', stack: expect.stringContaining('handler.test.ts') }),
      }),
    ]);
  });

  it('does not log a video that waits for a job manifest as a failure', async () => {
    // Prepare
    logger.setLogLevel('INFO');
    const lines: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(chunk.toString());
      return true;
    });
    const handler = pipelineHandler(async (_event: { assetId: string }) => {
      throw new AwaitsManifest('s3://ingest/sources/a.mp4 waits for a manifest');
    });

    // Act
    try {
      await expect(handler({ assetId: 's3-abc' }, context)).rejects.toMatchObject({ name: 'AwaitsManifest' });
    } finally {
      write.mockRestore();
      logger.setLogLevel('SILENT');
    }

    // Assess
    expect(lines).toEqual([]);
  });

  it('keeps the log context of concurrent invocations apart', async () => {
    // Prepare: two invocations in one process, interleaved, as the local cloud runs them.
    logger.setLogLevel('INFO');
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(chunk.toString());
      return true;
    });
    const handler = pipelineHandler(async (event: { assetId: string; delayMs: number }) => {
      await new Promise((resolve) => setTimeout(resolve, event.delayMs));
      logger.info('done');
    });

    // Act
    try {
      await Promise.all([
        handler({ assetId: 'first', delayMs: 30 }, { ...context, functionName: 'probe' }),
        handler({ assetId: 'second', delayMs: 0 }, { ...context, functionName: 'register' }),
      ]);
    } finally {
      write.mockRestore();
      logger.setLogLevel('SILENT');
    }

    // Assess
    const logged = lines.map((line) => JSON.parse(line) as { assetId?: string; function_name?: string });
    expect(logged).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ assetId: 'first', function_name: 'probe' }),
        expect.objectContaining({ assetId: 'second', function_name: 'register' }),
      ]),
    );
    expect(logged).toHaveLength(2);
  });
});

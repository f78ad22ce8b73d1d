/**
 * Failure and redrive status writes against a real DynamoDB (the local cloud's): events that arrive
 * late or twice never undo a later redrive, nor count a redrive twice.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AssetRecord } from '../../functions/shared/asset';
import { getAsset, markFailed, markRedriven } from '../../functions/shared/asset-table';
import type { Clients } from '../../local/clients';
import type { LocalCloud } from '../../local/cloud';
import { clients, startTestCloud } from './support';

let cloud: LocalCloud;
let aws: Clients;
const executionArn = 'arn:aws:states:us-east-1:000000000000:execution:vod-pipeline:e1';
const failure = { state: 'SubmitStitchJob', error: 'MediaConvert.1404', cause: 'post-roll missing' };

beforeAll(async () => {
  // Starting the local cloud points the functions' clients and configuration at it.
  cloud = await startTestCloud({ mediaConvertPaused: true });
  aws = clients(cloud);
});

afterAll(async () => {
  aws?.destroy();
  await cloud?.stop();
});

async function transcoding(assetId: string): Promise<AssetRecord> {
  const record: AssetRecord = {
    assetId,
    status: 'TRANSCODING',
    origin: 'ivs',
    source: { bucket: 'vod-recordings', prefix: 'ivs/v1/x', channelArn: 'arn:aws:ivs:us-east-1:000000000000:channel/c' },
    executionArn,
    redriveCount: 0,
    createdAt: '2026-11-21T00:00:00.000Z',
    updatedAt: '2026-11-21T00:00:00.000Z',
  };
  await aws.documents.send(new PutCommand({ TableName: cloud.names.assetTable, Item: record }));
  return record;
}

describe('failure and redrive status', () => {
  it('records a failure, then a redrive back to the status it failed in', async () => {
    const read = await transcoding('story');

    expect(await markFailed(read, failure, { executionArn, redriveCount: 0 })).toBe(true);
    expect(await getAsset('story')).toMatchObject({ status: 'FAILED', error: failure, resumeStatus: 'TRANSCODING' });

    expect(await markRedriven('story', 1, executionArn)).toBe(true);
    const after = await getAsset('story');
    expect(after).toMatchObject({ status: 'TRANSCODING', redriveCount: 1 });
    expect(after).not.toHaveProperty('error');
  });

  it('ignores a failure event that arrives after a later redrive, and a redrive counted twice', async () => {
    const staleRead = await transcoding('late');
    await markFailed(staleRead, failure, { executionArn, redriveCount: 0 });
    await markRedriven('late', 1, executionArn);

    // The first run's failure, delivered again late, read before the redrive.
    expect(await markFailed(staleRead, failure, { executionArn, redriveCount: 0 })).toBe(false);
    expect(await markRedriven('late', 1, executionArn)).toBe(false);
    expect(await getAsset('late')).toMatchObject({ status: 'TRANSCODING', redriveCount: 1 });
  });

  it("never marks another execution's asset", async () => {
    const read = await transcoding('other');

    expect(await markFailed(read, failure, { executionArn: `${executionArn}-duplicate`, redriveCount: 0 })).toBe(false);
    expect(await markRedriven('other', 1, `${executionArn}-duplicate`)).toBe(false);
    expect((await getAsset('other'))?.status).toBe('TRANSCODING');
  });
});

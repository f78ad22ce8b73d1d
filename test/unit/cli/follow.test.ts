import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { followAsset } from '../../../cli/follow';
import { Progress } from '../../../cli/output';
import type { AssetRecord } from '../../../functions/shared/asset';
import { testTarget } from './support';

const documents = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);

const EXECUTION = 'arn:aws:states:eu-west-1:111122223333:execution:vod-pipeline:e-1';
const record = (status: AssetRecord['status'], updatedAt: string): AssetRecord => ({
  assetId: 'a-1',
  status,
  origin: 'upload',
  source: { bucket: 'ingest', key: 'uploads/a.mp4' },
  executionArn: EXECUTION,
  createdAt: '2026-12-03T10:00:00.000Z',
  updatedAt,
});

beforeEach(() => {
  documents.reset();
  sfn.reset();
  sfn
    .on(GetExecutionHistoryCommand)
    .resolves({ events: [{ id: 9, type: 'TaskStateEntered', timestamp: new Date(), stateEnteredEventDetails: { name: 'SubmitStitchJob' } }] });
  sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING', executionArn: EXECUTION, stateMachineArn: 'arn', startDate: new Date() });
});

describe('followAsset after a redrive', () => {
  it('does not report the FAILED status the redrive is leaving, and returns the fresh final one', async () => {
    // Prepare: the record still says FAILED (from before the redrive), then the redrive reaches it.
    const redrivenAt = new Date('2026-12-03T12:00:00.000Z');
    documents
      .on(GetCommand)
      .resolvesOnce({ Item: record('FAILED', '2026-12-03T11:00:00.000Z') })
      .resolvesOnce({ Item: record('TRANSCODING', '2026-12-03T12:00:01.000Z') })
      .resolves({ Item: record('COMPLETE', '2026-12-03T12:00:09.000Z') });
    const lines: string[] = [];
    const progress = new Progress(true, { isTTY: false, write: (text: string) => lines.push(text) });

    // Act
    const asset = await followAsset(testTarget('local'), 'a-1', { progress, after: redrivenAt });

    // Assess
    expect(asset.status).toBe('COMPLETE');
    expect(lines).toEqual(['a-1: redrive starting · SubmitStitchJob\n', 'a-1: TRANSCODING · SubmitStitchJob\n']);
    expect(lines.join('')).not.toMatch(/FAILED/);
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { ExecutionListItem } from '@aws-sdk/client-sfn';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { assetIdsOf } from '../../../cli/commands/executions';
import { normaliseSourceEvent } from '../../../functions/shared/source-event';
import { testTarget } from './support';

const documents = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const arn = (name: string) => `arn:aws:states:eu-west-1:111122223333:execution:vod-pipeline:${name}`;
const item = (name: string): ExecutionListItem => ({
  executionArn: arn(name),
  name,
  stateMachineArn: 'arn:aws:states:eu-west-1:111122223333:stateMachine:vod-pipeline',
  status: 'SUCCEEDED',
  startDate: new Date('2026-12-03T10:00:00.000Z'),
});
const UPLOAD_EVENT = fs.readFileSync(
  path.join(__dirname, '../../fixtures/aws-events/s3/eventbridge-object-created.awsdocs-current-event-version-1.1.json'),
  'utf8',
);

beforeEach(() => {
  documents.reset();
  sfn.reset();
});

describe('assetIdsOf (the ASSET column of vod executions list)', () => {
  it('reads each execution’s asset from the table, across pages, and from the input when no record names it', async () => {
    // Prepare
    documents
      .on(ScanCommand)
      .resolvesOnce({ Items: [{ assetId: 'a-1', executionArn: arn('one') }], LastEvaluatedKey: { assetId: 'a-1' } })
      .resolvesOnce({ Items: [{ assetId: 'a-2', executionArn: arn('two') }, { assetId: 'a-3' }] });
    sfn.on(DescribeExecutionCommand, { executionArn: arn('three') }).resolves({ input: UPLOAD_EVENT });

    // Act
    const ids = await assetIdsOf(testTarget(), [item('one'), item('two'), item('three')]);

    // Assess
    expect(ids.get(arn('one'))).toBe('a-1');
    expect(ids.get(arn('two'))).toBe('a-2');
    expect(ids.get(arn('three'))).toBe(normaliseSourceEvent(JSON.parse(UPLOAD_EVENT)).assetId);
    expect(sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(1);
  });

  it('leaves the asset empty for an execution whose input names none', async () => {
    documents.on(ScanCommand).resolves({ Items: [] });
    sfn.on(DescribeExecutionCommand).resolves({ input: '{"not":"an event"}' });
    const ids = await assetIdsOf(testTarget(), [item('odd')]);
    expect(ids.has(arn('odd'))).toBe(false);
  });
});

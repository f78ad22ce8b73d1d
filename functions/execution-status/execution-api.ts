/** What the status event may leave out, read from Step Functions. */
import { DescribeExecutionCommand, GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { sfn } from '../shared/clients';
import type { FailureScan } from './failure-scan';
import { scanComplete, scanFailure } from './failure-scan';

/** A failure sits at the end of the history; a few pages from the end are always enough. */
const HISTORY_PAGES = 3;
const HISTORY_PAGE_SIZE = 100;

export async function describeExecution(executionArn: string): Promise<{ status?: string; input?: string; redriveCount?: number }> {
  const { status, input, redriveCount } = await sfn().send(new DescribeExecutionCommand({ executionArn }));
  return { status, input, redriveCount };
}

export async function failureFromHistory(executionArn: string): Promise<FailureScan> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < HISTORY_PAGES; page += 1) {
    const result = await sfn().send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: HISTORY_PAGE_SIZE, nextToken }));
    events.push(...(result.events ?? []));
    if (scanComplete(scanFailure(events))) break;
    nextToken = result.nextToken;
    if (!nextToken) break;
  }
  return scanFailure(events);
}

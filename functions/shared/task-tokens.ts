/**
 * Task tokens of the jobs the state machine waits on, keyed by MediaConvert job id. A token is
 * completed at most once: the first terminal event claims it, sends the callback and marks it
 * completed; later or repeated events find it claimed or completed and do nothing. A claim whose
 * holder died before completing it (a crashed or timed-out invocation) expires, so the retried
 * event can still complete the token.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Branch } from './asset';
import { dynamo } from './clients';
import { conditionalWrite } from './conditional-write';
import { loadConfig } from './config';

export interface TaskTokenItem {
  jobId: string;
  taskToken: string;
  assetId: string;
  branch: Branch;
  executionArn: string;
  createdAt: string;
  /** Set while a terminal event is completing the token. */
  claimedAt?: string;
  /** Set once a terminal event has completed the token. */
  completedAt?: string;
  /** Epoch seconds; the table's TTL attribute. */
  expiresAt: number;
}

export async function saveTaskToken(item: Omit<TaskTokenItem, 'createdAt' | 'expiresAt'>): Promise<void> {
  const config = loadConfig();
  const createdAt = new Date();
  await dynamo().send(
    new PutCommand({
      TableName: config.taskTokenTable,
      Item: {
        ...item,
        createdAt: createdAt.toISOString(),
        expiresAt: Math.floor(createdAt.getTime() / 1000) + config.taskTokenTtlDays * 86400,
      } satisfies TaskTokenItem,
    }),
  );
}

export async function getTaskToken(jobId: string): Promise<TaskTokenItem | undefined> {
  const result = await dynamo().send(new GetCommand({ TableName: loadConfig().taskTokenTable, Key: { jobId }, ConsistentRead: true }));
  return result.Item as TaskTokenItem | undefined;
}

/**
 * How long a claim holds before another event may take it over: twice job-events' 30-second
 * timeout, so a live holder is never overtaken and a dead one blocks the retries only briefly.
 */
export const CLAIM_EXPIRY_MS = 60_000;

/** `claimed`: this event completes the token. `done`: completed before, or unknown. `busy`: another event holds a live claim. */
export type ClaimOutcome = 'claimed' | 'done' | 'busy';

export async function claimTaskToken(jobId: string, now: Date = new Date()): Promise<ClaimOutcome> {
  const claimed = await conditionalWrite(
    new UpdateCommand({
      TableName: loadConfig().taskTokenTable,
      Key: { jobId },
      UpdateExpression: 'SET claimedAt = :now',
      ConditionExpression:
        'attribute_exists(jobId) AND attribute_not_exists(completedAt) AND (attribute_not_exists(claimedAt) OR claimedAt < :expired)',
      ExpressionAttributeValues: {
        ':now': now.toISOString(),
        ':expired': new Date(now.getTime() - CLAIM_EXPIRY_MS).toISOString(),
      },
    }),
  );
  if (claimed) return 'claimed';
  // Why the condition failed (read back: the local DynamoDB returns no item with the failure).
  const item = await getTaskToken(jobId);
  return !item || item.completedAt ? 'done' : 'busy';
}

/** The callback was delivered (or the waiting task is gone): nothing can complete the token again. */
export async function completeTaskToken(jobId: string): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: loadConfig().taskTokenTable,
      Key: { jobId },
      UpdateExpression: 'SET completedAt = :now',
      ExpressionAttributeValues: { ':now': new Date().toISOString() },
    }),
  );
}

/** Gives the token back when completing it failed for a reason a retry can fix. */
export async function releaseTaskToken(jobId: string): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: loadConfig().taskTokenTable,
      Key: { jobId },
      UpdateExpression: 'REMOVE claimedAt',
    }),
  );
}

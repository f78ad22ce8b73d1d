/**
 * Task tokens of the jobs the state machine waits on, keyed by MediaConvert job id. A token is
 * completed at most once: the first terminal event claims it, later or repeated events find it
 * claimed and do nothing.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Branch } from './asset';
import { dynamo } from './clients';
import { loadConfig } from './config';

export interface TaskTokenItem {
  jobId: string;
  taskToken: string;
  assetId: string;
  branch: Branch;
  executionArn: string;
  createdAt: string;
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
  const result = await dynamo().send(
    new GetCommand({ TableName: loadConfig().taskTokenTable, Key: { jobId }, ConsistentRead: true }),
  );
  return result.Item as TaskTokenItem | undefined;
}

/** Claims the token for completion. False when another event already completed it. */
export async function claimTaskToken(jobId: string): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: loadConfig().taskTokenTable,
        Key: { jobId },
        UpdateExpression: 'SET completedAt = :now',
        ConditionExpression: 'attribute_exists(jobId) AND attribute_not_exists(completedAt)',
        ExpressionAttributeValues: { ':now': new Date().toISOString() },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Gives the token back when completing it failed for a reason a retry can fix. */
export async function releaseTaskToken(jobId: string): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: loadConfig().taskTokenTable,
      Key: { jobId },
      UpdateExpression: 'REMOVE completedAt',
    }),
  );
}

/**
 * Which status change events an asset has put, kept on its record (`notifications`, by event id) so
 * that each is put once: the invocation that puts one first claims it with a conditional write,
 * then marks it published. A retried or duplicated invocation finds it published (and puts nothing)
 * or claimed by a live invocation (and is retried later); a claim whose holder died before putting
 * the event expires, so the retry puts it.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NotificationMark } from './asset';
import { getAsset } from './asset-table';
import { conditionalWrite } from './conditional-write';
import { loadConfig } from './config';

/** Twice execution-status' 30-second timeout: a live holder is never overtaken. */
export const NOTIFICATION_CLAIM_EXPIRY_MS = 60_000;

/** `claimed`: this invocation puts the event. `done`: it was put before. `busy`: another invocation is putting it. `missing`: no such asset. */
export type NotificationClaim = 'claimed' | 'done' | 'busy' | 'missing';

function table(): string {
  return loadConfig().assetTable;
}

const names = (eventId: string) => ({ '#n': 'notifications', '#id': eventId });

/** Reads why a claim was refused. */
async function refusal(assetId: string, eventId: string, now: Date): Promise<NotificationClaim | undefined> {
  const asset = await getAsset(assetId);
  if (!asset) return 'missing';
  const mark: NotificationMark | undefined = asset.notifications?.[eventId];
  if (mark?.publishedAt) return 'done';
  if (mark && Date.parse(mark.claimedAt) >= now.getTime() - NOTIFICATION_CLAIM_EXPIRY_MS) return 'busy';
  // Unclaimed or expired, yet the write was refused: the record changed meanwhile; try again.
  return undefined;
}

export async function claimNotification(assetId: string, eventId: string, now: Date = new Date()): Promise<NotificationClaim> {
  const claim: NotificationMark = { claimedAt: now.toISOString() };
  const expired = new Date(now.getTime() - NOTIFICATION_CLAIM_EXPIRY_MS).toISOString();
  for (let attempt = 0; attempt < 3; attempt += 1) {
    // The map exists: claim the entry, unless it is published or held by a live claim.
    const entry = await conditionalWrite(
      new UpdateCommand({
        TableName: table(),
        Key: { assetId },
        UpdateExpression: 'SET #n.#id = :claim',
        ConditionExpression:
          'attribute_exists(assetId) AND attribute_exists(#n) AND (attribute_not_exists(#n.#id) OR ' +
          '(attribute_not_exists(#n.#id.publishedAt) AND #n.#id.claimedAt < :expired))',
        ExpressionAttributeNames: names(eventId),
        ExpressionAttributeValues: { ':claim': claim, ':expired': expired },
      }),
    );
    if (entry) return 'claimed';
    // The record's first event: DynamoDB cannot set a path inside a map that does not exist.
    const first = await conditionalWrite(
      new UpdateCommand({
        TableName: table(),
        Key: { assetId },
        UpdateExpression: 'SET #n = :marks',
        ConditionExpression: 'attribute_exists(assetId) AND attribute_not_exists(#n)',
        ExpressionAttributeNames: { '#n': 'notifications' },
        ExpressionAttributeValues: { ':marks': { [eventId]: claim } },
      }),
    );
    if (first) return 'claimed';
    const outcome = await refusal(assetId, eventId, now);
    if (outcome) return outcome;
  }
  return 'busy';
}

export async function markNotificationPublished(assetId: string, eventId: string, at: Date = new Date()): Promise<boolean> {
  return conditionalWrite(
    new UpdateCommand({
      TableName: table(),
      Key: { assetId },
      UpdateExpression: 'SET #n.#id.publishedAt = :at',
      ConditionExpression: 'attribute_exists(#n.#id)',
      ExpressionAttributeNames: names(eventId),
      ExpressionAttributeValues: { ':at': at.toISOString() },
    }),
  );
}

/** Gives a claim back after a failed put, so the retry can put the event at once. */
export async function releaseNotification(assetId: string, eventId: string): Promise<boolean> {
  return conditionalWrite(
    new UpdateCommand({
      TableName: table(),
      Key: { assetId },
      UpdateExpression: 'REMOVE #n.#id',
      ConditionExpression: 'attribute_exists(#n.#id) AND attribute_not_exists(#n.#id.publishedAt)',
      ExpressionAttributeNames: names(eventId),
    }),
  );
}

/**
 * The one publisher of `Asset Status Change` events: puts the event of a status change on the
 * default bus once. The change is claimed on the asset record first (notification-marks.ts), so a
 * duplicated or retried invocation does not put it again; a put that fails gives the claim back and
 * throws, so the invocation is retried and puts it then. Should an invocation die between the put
 * and the mark, its retry puts the event again with the same `detail.eventId`.
 */
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { AssetRecord } from './asset';
import { eventBridge } from './clients';
import { logger } from './logger';
import { claimNotification, markNotificationPublished, releaseNotification } from './notification-marks';
import type { StatusChange, StatusChangeDetail } from './status-notification';
import { STATUS_EVENT, statusChangeDetail } from './status-notification';

export class NotificationBusy extends Error {
  readonly name = 'NotificationBusy';
}

export type PublishOutcome = 'published' | 'already published' | 'no asset';

async function putEvent(detail: StatusChangeDetail): Promise<string | undefined> {
  const result = await eventBridge().send(
    new PutEventsCommand({
      Entries: [
        {
          Source: STATUS_EVENT.source,
          DetailType: STATUS_EVENT.detailType,
          Detail: JSON.stringify(detail),
          Resources: detail.executionArn ? [detail.executionArn] : [],
        },
      ],
    }),
  );
  const entry = result.Entries?.[0];
  if ((result.FailedEntryCount ?? 0) > 0 || !entry?.EventId) {
    throw new Error(
      `Asset ${detail.assetId}: EventBridge refused the ${detail.change} ${detail.status} event ${detail.eventId} ` +
        `(${entry?.ErrorCode ?? 'no error code'}: ${entry?.ErrorMessage ?? 'no message'}); the invocation is retried and puts it again`,
    );
  }
  return entry.EventId;
}

/** Puts the event of `change`, built from `record` as it is after the change was written. */
export async function publishStatusChange(record: AssetRecord, change: StatusChange): Promise<PublishOutcome> {
  const detail = statusChangeDetail(record, change);
  const claim = await claimNotification(record.assetId, detail.eventId);
  if (claim === 'missing') return 'no asset';
  if (claim === 'done') {
    logger.info('Status change event put before; not put again', { eventId: detail.eventId, status: detail.status });
    return 'already published';
  }
  if (claim === 'busy') {
    throw new NotificationBusy(
      `Asset ${record.assetId}: another invocation is putting the ${detail.change} ${detail.status} event ${detail.eventId}; ` +
        'this one is retried and ends as a no-op once that event is marked published, or puts it if that invocation died.',
    );
  }
  let busEventId: string | undefined;
  try {
    busEventId = await putEvent(detail);
  } catch (error) {
    await releaseNotification(record.assetId, detail.eventId).catch((releaseError: unknown) =>
      logger.error('Could not release the notification claim; a retry takes it over once it expires', { error: String(releaseError) }),
    );
    throw error;
  }
  if (!(await markNotificationPublished(record.assetId, detail.eventId))) {
    logger.warn('The status change event was put, but its mark is gone from the record', { eventId: detail.eventId });
  }
  logger.info('Status change event put', { eventId: detail.eventId, busEventId, change: detail.change, status: detail.status });
  return 'published';
}

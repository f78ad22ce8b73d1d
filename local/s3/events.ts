/**
 * What S3 sends EventBridge for the local S3's writes: `Object Created` (and `Object Deleted`)
 * events with raw keys, the write's sequencer and the API call as `reason`.
 */
import type { EventEntry } from '../eventbridge/types';
import type { CreatedEventName, ObjectRecord } from './object-store';

/** The API call behind each event name. */
const CREATED_REASONS: Record<CreatedEventName, string> = {
  'ObjectCreated:Put': 'PutObject',
  'ObjectCreated:Post': 'PostObject',
  'ObjectCreated:Copy': 'CopyObject',
  'ObjectCreated:CompleteMultipartUpload': 'CompleteMultipartUpload',
};

export interface EventContext {
  accountId: string;
  sourceIp?: string;
}

function common(bucket: string, sequencer: string, context: EventContext) {
  return {
    detail: {
      version: '0',
      bucket: { name: bucket },
      'request-id': sequencer,
      requester: context.accountId,
      'source-ip-address': context.sourceIp ?? '127.0.0.1',
    },
    base: { source: 'aws.s3', resources: [`arn:aws:s3:::${bucket}`] },
  };
}

/** The `Object Created` entry S3 would send for a committed write. */
export function createdEntry(bucket: string, record: ObjectRecord, eventName: CreatedEventName, context: EventContext): EventEntry {
  const { detail, base } = common(bucket, record.sequencer, context);
  return {
    ...base,
    time: new Date(record.lastModified),
    detailType: 'Object Created',
    detail: {
      version: detail.version,
      bucket: detail.bucket,
      object: { key: record.key, size: record.size, etag: record.etag.replace(/"/g, ''), sequencer: record.sequencer },
      'request-id': detail['request-id'],
      requester: detail.requester,
      'source-ip-address': detail['source-ip-address'],
      reason: CREATED_REASONS[eventName],
    },
  };
}

/** The `Object Deleted` entry of a DeleteObject. */
export function deletedEntry(bucket: string, key: string, sequencer: string, context: EventContext): EventEntry {
  const { detail, base } = common(bucket, sequencer, context);
  return {
    ...base,
    time: new Date(),
    detailType: 'Object Deleted',
    detail: {
      version: detail.version,
      bucket: detail.bucket,
      object: { key, sequencer },
      'request-id': detail['request-id'],
      requester: detail.requester,
      'source-ip-address': detail['source-ip-address'],
      reason: 'DeleteObject',
      'deletion-type': 'Permanently Deleted',
    },
  };
}

/**
 * s3rver's notification records, adapted to what S3 sends EventBridge: `Object Created` (and
 * `Object Deleted`) events with raw keys, a sequencer per write and the API call as `reason`.
 */
import type { EventEntry } from '../eventbridge/types';

/** A record of s3rver's `event` (the S3 notification format, version 2.0). */
export interface S3rverRecord {
  eventName: string;
  eventTime: string;
  requestParameters?: { sourceIPAddress?: string };
  responseElements?: Record<string, string | undefined>;
  s3: {
    bucket: { name: string };
    object: { key: string; size?: number; eTag?: string; sequencer?: string; versionId?: string };
  };
}

export interface S3rverEvent {
  Records: S3rverRecord[];
}

/**
 * The API call behind each s3rver event name. s3rver reports a completed multipart upload (and a
 * browser form POST, which the pipeline never receives) as `ObjectCreated:Post`.
 */
const CREATED_REASONS: Record<string, string> = {
  'ObjectCreated:Put': 'PutObject',
  'ObjectCreated:Copy': 'CopyObject',
  'ObjectCreated:Post': 'CompleteMultipartUpload',
  'ObjectCreated:CompleteMultipartUpload': 'CompleteMultipartUpload',
};

export interface AdaptOptions {
  /** This write's sequencer (s3rver's own repeats within a millisecond). */
  sequencer: string;
  accountId: string;
}

function sourceIp(record: S3rverRecord): string {
  const ip = record.requestParameters?.sourceIPAddress ?? '127.0.0.1';
  return ip.replace(/^::ffff:/, '');
}

/** The EventBridge entry S3 would send for this record, or undefined for records it would not send. */
export function toEventBridgeEntry(record: S3rverRecord, options: AdaptOptions): EventEntry | undefined {
  const { bucket, object } = record.s3;
  const common = {
    version: '0',
    bucket: { name: bucket.name },
  };
  const request = {
    'request-id': record.responseElements?.['x-amz-request-id'] ?? options.sequencer,
    requester: options.accountId,
    'source-ip-address': sourceIp(record),
  };
  const time = new Date(record.eventTime);
  const base = { source: 'aws.s3', resources: [`arn:aws:s3:::${bucket.name}`], time: Number.isNaN(time.getTime()) ? new Date() : time };

  const reason = CREATED_REASONS[record.eventName];
  if (reason) {
    return {
      ...base,
      detailType: 'Object Created',
      detail: {
        ...common,
        object: {
          key: object.key,
          ...(object.size !== undefined ? { size: Number(object.size) } : {}),
          ...(object.eTag !== undefined ? { etag: object.eTag } : {}),
          ...(object.versionId !== undefined ? { 'version-id': object.versionId } : {}),
          sequencer: options.sequencer,
        },
        ...request,
        reason,
      },
    };
  }
  if (record.eventName === 'ObjectRemoved:Delete') {
    return {
      ...base,
      detailType: 'Object Deleted',
      detail: {
        ...common,
        object: { key: object.key, sequencer: options.sequencer },
        ...request,
        reason: 'DeleteObject',
        'deletion-type': 'Permanently Deleted',
      },
    };
  }
  return undefined;
}

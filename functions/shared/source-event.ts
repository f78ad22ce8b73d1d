/**
 * The two events that start the pipeline, normalised to what the state machine carries: the asset
 * id, its origin and where its source lives.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import type { AssetRef, IvsSource, UploadSource } from './asset';
import { recordingAssetId, uploadAssetId } from './asset-id';
import { UnsupportedEvent } from './errors';

export interface ObjectCreatedDetail {
  bucket: { name: string };
  object: { key: string; size?: number; etag?: string; 'version-id'?: string; sequencer?: string };
  reason?: string;
}

export interface RecordingStateChangeDetail {
  channel_name?: string;
  stream_id?: string;
  recording_status: string;
  recording_status_reason?: string;
  recording_s3_bucket_name: string;
  recording_s3_key_prefix: string;
  recording_duration_ms?: number;
  recording_session_id?: string;
}

export type ObjectCreatedEvent = EventBridgeEvent<'Object Created', ObjectCreatedDetail>;
export type RecordingStateChangeEvent = EventBridgeEvent<'IVS Recording State Change', RecordingStateChangeDetail>;

function describe(event: unknown): string {
  const { source, 'detail-type': detailType } = (event ?? {}) as { source?: unknown; 'detail-type'?: unknown };
  return `source=${JSON.stringify(source)} detail-type=${JSON.stringify(detailType)}`;
}

export function fromObjectCreated(event: ObjectCreatedEvent): AssetRef {
  const { bucket, object } = event.detail ?? {};
  if (!bucket?.name || typeof object?.key !== 'string' || object.key === '') {
    throw new UnsupportedEvent(`S3 Object Created event ${event.id} has no bucket name or object key; check the rule's event pattern`);
  }
  // The sequencer orders writes to one key; fall back to the version id, then the event id.
  const writeId = object.sequencer ?? object['version-id'] ?? event.id;
  const source: UploadSource = { bucket: bucket.name, key: object.key };
  if (object.size !== undefined) source.size = object.size;
  if (object.etag !== undefined) source.etag = object.etag;
  if (object['version-id'] !== undefined) source.versionId = object['version-id'];
  return { assetId: uploadAssetId(bucket.name, object.key, writeId), origin: 'upload', source };
}

export function fromRecordingEnd(event: RecordingStateChangeEvent): AssetRef {
  const detail = event.detail;
  if (detail?.recording_status !== 'Recording End') {
    throw new UnsupportedEvent(
      `IVS event ${event.id} has recording_status ${JSON.stringify(detail?.recording_status)}; only "Recording End" starts the pipeline`,
    );
  }
  if (!detail.recording_s3_bucket_name || !detail.recording_s3_key_prefix) {
    throw new UnsupportedEvent(`IVS Recording End event ${event.id} has no recording bucket or prefix`);
  }
  const prefix = detail.recording_s3_key_prefix.replace(/\/+$/, '');
  const source: IvsSource = {
    bucket: detail.recording_s3_bucket_name,
    prefix,
    channelArn: event.resources?.[0] ?? '',
  };
  if (detail.recording_session_id) source.recordingSessionId = detail.recording_session_id;
  if (detail.recording_duration_ms !== undefined) source.durationMs = detail.recording_duration_ms;
  return { assetId: recordingAssetId(source.bucket, prefix), origin: 'ivs', source };
}

/** Accepts the execution input as the rule delivered it; anything else is an UnsupportedEvent. */
export function normaliseSourceEvent(event: unknown): AssetRef {
  const e = event as { source?: unknown; 'detail-type'?: unknown };
  if (e?.source === 'aws.s3' && e['detail-type'] === 'Object Created') {
    return fromObjectCreated(event as ObjectCreatedEvent);
  }
  if (e?.source === 'aws.ivs' && e['detail-type'] === 'IVS Recording State Change') {
    return fromRecordingEnd(event as RecordingStateChangeEvent);
  }
  throw new UnsupportedEvent(`The pipeline starts on S3 "Object Created" and IVS "Recording End" events, not ${describe(event)}`);
}

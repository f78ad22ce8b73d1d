/**
 * The `Asset Status Change` event the pipeline puts on the default bus (source `vod-pipeline`) when an
 * asset reaches a final status (COMPLETE, FAILED, REJECTED) and when a redrive starts. Built from the
 * asset record, pure. Its `eventId` is derived from the change itself, so the same change always
 * carries the same id: EventBridge assigns every put a new envelope id, and consumers de-duplicate
 * on `detail.eventId`.
 */
import { createHash } from 'node:crypto';
import type { AssetCost, AssetError, AssetRecord, AssetSource, AssetStatus, AudioLayout, Branch, Origin, Playback } from './asset';
import { truncate } from './truncate';

export const STATUS_EVENT = { source: 'vod-pipeline', detailType: 'Asset Status Change' } as const;

/** The statuses that are announced when the asset reaches them. */
export const NOTIFIED_STATUSES = ['COMPLETE', 'FAILED', 'REJECTED'] as const satisfies readonly AssetStatus[];
export type NotifiedStatus = (typeof NOTIFIED_STATUSES)[number];

export function isNotifiedStatus(status: string): status is NotifiedStatus {
  return (NOTIFIED_STATUSES as readonly string[]).includes(status);
}

/**
 * What changed: the asset reached a final status in the execution's run number `redriveCount`
 * (0 for the first run), or redrive number `redriveCount` started.
 */
export type StatusChange = { kind: 'status'; status: NotifiedStatus; redriveCount: number } | { kind: 'redrive'; redriveCount: number };

/** A cause longer than this is cut: the whole of it is in the record and the execution history. */
export const NOTIFIED_CAUSE_MAX = 8192;

export interface LoudnessSummary {
  layout: AudioLayout;
  loudnessMap: (0 | 1)[];
  silentTracks: number[];
  thresholdDb: number;
}

export interface StatusChangeDetail {
  /** Deterministic: the same status change always has the same id. De-duplicate on it. */
  eventId: string;
  assetId: string;
  /** `STATUS` for a final status, `REDRIVE` when a redrive started. */
  change: 'STATUS' | 'REDRIVE';
  /** The asset's status: the final one, or after a redrive the in-progress status it resumed in. */
  status: AssetStatus;
  previousStatus?: AssetStatus;
  origin: Origin;
  source: AssetSource;
  branch?: Branch;
  playback?: Playback;
  loudness?: LoudnessSummary;
  error?: AssetError;
  metadata?: Record<string, string>;
  cost?: AssetCost;
  executionArn?: string;
  redriveCount: number;
  /** When the record was last written. */
  updatedAt: string;
}

/** sha256 of the asset id, the kind of change, the status and the run it happened in. */
export function statusEventId(assetId: string, change: StatusChange): string {
  const what = change.kind === 'status' ? `status|${change.status}` : 'redrive';
  return createHash('sha256').update(`${assetId}|${what}|${change.redriveCount}`).digest('hex');
}

/**
 * The status the asset left. A redrive leaves FAILED. FAILED keeps the status it failed in
 * (`resumeStatus`). COMPLETE is reached from the branch's in-progress status. Rejections come from
 * the probe and from a submit step before its job is recorded: both while the asset is PROBING.
 */
export function previousStatus(record: Pick<AssetRecord, 'branch' | 'resumeStatus'>, change: StatusChange): AssetStatus | undefined {
  if (change.kind === 'redrive') return 'FAILED';
  switch (change.status) {
    case 'FAILED':
      return record.resumeStatus;
    case 'COMPLETE':
      if (record.branch === undefined) return undefined;
      return record.branch === 'loudness' ? 'ANALYZING' : 'TRANSCODING';
    case 'REJECTED':
      return 'PROBING';
  }
}

function loudnessSummary(record: AssetRecord): LoudnessSummary | undefined {
  const loudness = record.loudness;
  if (!loudness) return undefined;
  return { layout: loudness.layout, loudnessMap: loudness.loudnessMap, silentTracks: loudness.silentTracks, thresholdDb: loudness.thresholdDb };
}

const present = <T>(name: string, value: T | undefined): Record<string, T> => (value === undefined ? {} : { [name]: value });

/** The event's detail, from the record as it is after the change was written. */
export function statusChangeDetail(record: AssetRecord, change: StatusChange): StatusChangeDetail {
  const playback = record.playback && Object.keys(record.playback).length > 0 ? record.playback : undefined;
  const error = record.error && change.kind === 'status' ? { ...record.error, cause: truncate(record.error.cause, NOTIFIED_CAUSE_MAX) } : undefined;
  return {
    eventId: statusEventId(record.assetId, change),
    assetId: record.assetId,
    change: change.kind === 'status' ? 'STATUS' : 'REDRIVE',
    status: change.kind === 'status' ? change.status : record.status,
    ...present('previousStatus', previousStatus(record, change)),
    origin: record.origin,
    source: record.source,
    ...present('branch', record.branch),
    ...present('playback', playback),
    ...present('loudness', loudnessSummary(record)),
    ...present('error', error),
    ...present('metadata', record.metadata),
    ...present('cost', record.cost),
    ...present('executionArn', record.executionArn),
    redriveCount: Math.max(change.redriveCount, record.redriveCount ?? 0),
    updatedAt: record.updatedAt,
  };
}

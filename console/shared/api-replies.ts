/**
 * The bodies the console's JSON API answers with, as the server builds them and the page reads
 * them: one definition for both sides. Types only, so the page's bundle takes no server code; the
 * root tsconfig checks it with Node's types and console/web/tsconfig.json with the DOM's.
 */
import type { AssetRecord, AssetStatus, Playback } from '../../functions/shared/asset';

/** One row of the assets table. */
export interface AssetSummary {
  assetId: string;
  status: AssetStatus;
  branch?: string;
  origin: string;
  /** The upload's key or the recording's prefix. */
  sourceName: string;
  durationMs?: number;
  updatedAt: string;
  redriveCount: number;
  estimatedUsd?: number;
}

/** GET api/assets: a page of summaries, newest first. */
export interface AssetPage {
  assets: AssetSummary[];
  /** Opaque: pass it back as `cursor` for the next page; absent on the last one. */
  next?: string;
}

/** GET api/assets/<id>: the record, the URLs a player opens on this target, where its execution is now, and advice on an error. */
export interface AssetView {
  asset: AssetRecord;
  playback: Playback;
  /** The state the execution is in or last entered. */
  state?: string;
  executionStatus?: string;
  /** The running job's JobPercentComplete. */
  progress?: { jobId: string; percent: number };
  advice?: string;
}

/**
 * One of GET api/assets/<id>/executions: DescribeExecution's summary fields. `Time` is the SDK's
 * Date where the server builds it and the ISO string JSON turns it into where the page reads it.
 */
export interface ExecutionSummary<Time = string> {
  executionArn: string;
  name?: string;
  status?: string;
  startDate?: Time;
  stopDate?: Time;
  redriveCount?: number;
  redriveDate?: Time;
}

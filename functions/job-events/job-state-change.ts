/**
 * The `MediaConvert Job State Change` EventBridge event, as MediaConvert publishes it. The event
 * uses camelCase field names, unlike the MediaConvert API types, so it is described here.
 */
import type { EventBridgeEvent } from 'aws-lambda';

export interface OutputDetail {
  /** Files of FILE_GROUP outputs; DASH, HLS, CMAF and Smooth outputs carry none. */
  outputFilePaths?: string[];
  durationInMs?: number;
  videoDetails?: { widthInPx?: number; heightInPx?: number; averageBitrate?: number };
}

export interface OutputGroupDetail {
  /** FILE_GROUP, DASH_ISO_GROUP, HLS_GROUP, CMAF_GROUP, MS_SMOOTH_GROUP. */
  type?: string;
  /** Manifests of adaptive-streaming groups. */
  playlistFilePaths?: string[];
  outputDetails?: OutputDetail[];
}

/** What the submit step tags every job with (`UserMetadata`). */
export interface PipelineUserMetadata {
  assetId?: string;
  pipeline?: string;
  branch?: string;
}

export interface JobStateChangeDetail {
  /** Epoch milliseconds of the state change. */
  timestamp?: number;
  accountId?: string;
  queue?: string;
  jobId: string;
  status: string;
  userMetadata?: PipelineUserMetadata & Record<string, string | undefined>;
  outputGroupDetails?: OutputGroupDetail[];
  errorCode?: number | string;
  errorMessage?: string;
  framesDecoded?: number;
  jobProgress?: { jobPercentComplete?: number; currentPhase?: string; retryCount?: number };
}

export type JobStateChangeEvent = EventBridgeEvent<'MediaConvert Job State Change', JobStateChangeDetail>;

/** When the state change happened: the detail's epoch milliseconds, else the event time. */
export function eventTime(event: Pick<JobStateChangeEvent, 'time' | 'detail'>): Date | undefined {
  const millis = event.detail?.timestamp;
  if (typeof millis === 'number' && Number.isFinite(millis)) return new Date(millis);
  const parsed = Date.parse(event.time ?? '');
  return Number.isNaN(parsed) ? undefined : new Date(parsed);
}

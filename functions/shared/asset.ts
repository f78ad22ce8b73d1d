/**
 * The asset record: one item per asset in the asset table, and what `vod assets get --json` prints.
 */
import type { ManifestRef } from './job-manifest';

export const ASSET_STATUSES = ['REGISTERED', 'PROBING', 'TRANSCODING', 'ANALYZING', 'COMPLETE', 'FAILED', 'REJECTED'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/** Statuses an asset never leaves: failure reporting must not overwrite them. */
export const FINAL_STATUSES: readonly AssetStatus[] = ['COMPLETE', 'REJECTED'];

export type Origin = 'upload' | 'ivs';
export type Branch = 'stitch' | 'dash' | 'loudness';

export interface UploadSource {
  bucket: string;
  key: string;
  size?: number;
  etag?: string;
  versionId?: string;
}

export interface IvsSource {
  bucket: string;
  /** Recording prefix, without a trailing slash, as IVS reports it. */
  prefix: string;
  channelArn: string;
  recordingSessionId?: string;
  durationMs?: number;
  /** Key of the HLS master playlist, from the recording's metadata (set by the probe). */
  playlist?: string;
}

export type AssetSource = UploadSource | IvsSource;

export interface AudioTrack {
  /** 1-based track number, as MediaConvert's `AudioSelector.Tracks` counts them. */
  index: number;
  codec: string;
  channels: number;
  sampleRate: number;
}

export interface VideoTrack {
  codec: string;
  /** As coded: a rotation flag turns the picture for display (see displayedSize). */
  width: number;
  height: number;
  frameRate?: number;
  bitrate?: number;
  /** Clockwise rotation the file asks players to apply: 0, 90, 180 or 270. */
  rotation?: number;
}

/** The picture as shown: width and height swapped by a quarter-turn rotation flag. */
export function displayedSize(video: Pick<VideoTrack, 'width' | 'height' | 'rotation'>): { width: number; height: number } {
  const quarter = video.rotation === 90 || video.rotation === 270;
  return quarter ? { width: video.height, height: video.width } : { width: video.width, height: video.height };
}

export interface Probe {
  container: string;
  durationMs: number;
  video?: VideoTrack;
  audioCount: number;
  audioTracks: AudioTrack[];
}

export type JobStatus = 'SUBMITTED' | 'PROGRESSING' | 'COMPLETE' | 'ERROR' | 'CANCELED';

export interface JobRecord {
  jobId: string;
  template: string;
  status: JobStatus;
  submittedAt: string;
  completedAt?: string;
  errorCode?: string;
  errorMessage?: string;
  /** MediaConvert's on-demand price for this job's outputs, estimated before it is created. */
  estimatedCostUsd?: number;
}

/** What a transcode wrote, as s3:// URIs, and whether its ladder carries audio. */
export interface Outputs {
  /** The HLS master playlist (the CMAF group's .m3u8). */
  hls?: string;
  /** The DASH manifest: the CMAF group's .mpd, else the DASH ISO group's. */
  dash?: string;
  /** The SD proxy MP4. */
  proxy?: string;
  /** The poster frame (the last capture of the poster group). */
  poster?: string;
  /** The WebVTT thumbnails track, beside the frame captures it names. */
  thumbnails?: string;
  /** false: the ladder is video only (the source had no audio). Unset when the job has no ladder. */
  audio?: boolean;
}

/** The outputs a player opens: http(s) URLs (CloudFront on AWS, the local endpoint's `/_vod/play`). */
export interface Playback {
  hls?: string;
  dash?: string;
  proxy?: string;
  poster?: string;
  thumbnails?: string;
}

/** The outputs that have a playback URL. */
export const PLAYABLE_OUTPUTS = ['hls', 'dash', 'proxy', 'poster', 'thumbnails'] as const satisfies readonly (keyof Outputs & keyof Playback)[];

export type AudioLayout = 'none' | 'mono' | 'stereo' | '5.1' | 'other';

export interface LoudnessResult {
  thresholdDb: number;
  maxLoudness: number[];
  loudnessMap: (0 | 1)[];
  silentTracks: number[];
  layout: AudioLayout;
}

export interface AssetError {
  state: string;
  error: string;
  cause: string;
}

/** The asset's estimated MediaConvert cost: the sum of its jobs' estimates. */
export interface AssetCost {
  estimatedUsd: number;
  /** The dated price table the estimate comes from. */
  priceTable: string;
}

/** A status change event of the record: claimed by the invocation putting it, then marked published. */
export interface NotificationMark {
  claimedAt: string;
  publishedAt?: string;
}

export interface AssetRecord {
  assetId: string;
  status: AssetStatus;
  origin: Origin;
  source: AssetSource;
  branch?: Branch;
  probe?: Probe;
  jobs?: JobRecord[];
  outputs?: Outputs;
  playback?: Playback;
  loudness?: LoudnessResult;
  error?: AssetError;
  executionArn?: string;
  redriveCount?: number;
  /** Status to return to when a failed execution is redriven. */
  resumeStatus?: AssetStatus;
  /** The job manifest that started this asset, if one did. */
  manifest?: ManifestRef;
  /** The manifest's metadata, copied as is. */
  metadata?: Record<string, string>;
  cost?: AssetCost;
  /** The `Asset Status Change` events put for this asset, by their `detail.eventId`. */
  notifications?: Record<string, NotificationMark>;
  createdAt: string;
  updatedAt: string;
}

export function isIvsSource(source: AssetSource): source is IvsSource {
  return 'prefix' in source;
}

/**
 * What the state machine carries from state to state: ids and pointers, never media metadata dumps.
 */
export interface AssetRef {
  assetId: string;
  origin: Origin;
  source: AssetSource;
}

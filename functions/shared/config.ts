/**
 * The one place configuration is read. Every function gets its environment from the wiring
 * (infra/wiring.ts), which names these variables; on AWS the stack sets them, locally the local cloud.
 */
import type { MediaConvertPriceTable } from './mediaconvert-prices';
import { MEDIACONVERT_PRICES } from './mediaconvert-prices';
import type { Packaging } from './output-layout';

export const ENV = {
  assetTable: 'ASSET_TABLE',
  taskTokenTable: 'TASK_TOKEN_TABLE',
  outputBucket: 'OUTPUT_BUCKET',
  assetsBucket: 'ASSETS_BUCKET',
  prerollKey: 'PREROLL_KEY',
  postrollKey: 'POSTROLL_KEY',
  overlayKey: 'OVERLAY_KEY',
  mediaConvertRoleArn: 'MEDIACONVERT_ROLE_ARN',
  mediaConvertEndpoint: 'MEDIACONVERT_ENDPOINT',
  mediaConvertQueueArn: 'MEDIACONVERT_QUEUE_ARN',
  pipelineName: 'PIPELINE_NAME',
  loudnessThresholdDb: 'LOUDNESS_THRESHOLD_DB',
  loudnessClipSeconds: 'LOUDNESS_CLIP_SECONDS',
  packaging: 'PACKAGING',
  thumbnailIntervalSeconds: 'THUMBNAIL_INTERVAL_SECONDS',
  taskTokenTtlDays: 'TASK_TOKEN_TTL_DAYS',
  playbackBaseUrl: 'PLAYBACK_BASE_URL',
  maxJobCostUsd: 'MAX_JOB_COST_USD',
  maxSourceMinutes: 'MAX_SOURCE_MINUTES',
  /** The price table as JSON, when the deployment overrides the built-in one. */
  mediaConvertPrices: 'MEDIACONVERT_PRICES',
  sourcesPrefix: 'SOURCES_PREFIX',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

export interface Config {
  assetTable: string;
  taskTokenTable: string;
  outputBucket: string;
  assetsBucket: string;
  prerollKey: string;
  postrollKey: string;
  overlayKey: string;
  mediaConvertRoleArn: string;
  /** Account-specific MediaConvert endpoint; unset means the SDK's regional endpoint. */
  mediaConvertEndpoint?: string;
  /** Unset means the account's Default queue. */
  mediaConvertQueueArn?: string;
  pipelineName: string;
  loudnessThresholdDb: number;
  loudnessClipSeconds: number;
  /** How the dash and stitch jobs package their ABR ladder. */
  packaging: Packaging;
  /** Seconds between two thumbnails of the dash and stitch jobs. */
  thumbnailIntervalSeconds: number;
  taskTokenTtlDays: number;
  /**
   * Where players fetch the outputs bucket's playable files: the CloudFront distribution's
   * `https://<domain>` on AWS, `<endpoint>/_vod/play` locally. Unset: records get no playback URLs.
   */
  playbackBaseUrl?: string;
  /** An asset whose job's estimated MediaConvert cost is above this is rejected before the job is created. */
  maxJobCostUsd: number;
  /** An asset whose source is longer than this is rejected before its job is created. */
  maxSourceMinutes: number;
  /** The prices the cost estimate uses. */
  mediaConvertPrices: MediaConvertPriceTable;
  /** Videos under this key prefix of the ingest bucket wait for a job manifest to name them. */
  sourcesPrefix: string;
}

export const DEFAULTS = {
  pipelineName: 'vod-pipeline',
  prerollKey: 'bumpers/preroll.mp4',
  postrollKey: 'bumpers/postroll.mp4',
  overlayKey: 'overlays/bug.png',
  loudnessThresholdDb: -50,
  loudnessClipSeconds: 60,
  packaging: 'cmaf',
  thumbnailIntervalSeconds: 10,
  taskTokenTtlDays: 30,
  maxJobCostUsd: 50,
  maxSourceMinutes: 240,
  sourcesPrefix: 'sources/',
} as const;

export const PACKAGINGS: readonly Packaging[] = ['cmaf', 'dash-iso'];

export function isPackaging(value: unknown): value is Packaging {
  return PACKAGINGS.includes(value as Packaging);
}

/** Thumbnails are one frame every whole number of seconds, from 1 s to an hour. */
export const THUMBNAIL_INTERVAL_RANGE = { min: 1, max: 3600 } as const;

export function isThumbnailInterval(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= THUMBNAIL_INTERVAL_RANGE.min && (value as number) <= THUMBNAIL_INTERVAL_RANGE.max;
}

/** A limit of the bill: a number above zero. */
export function isPositiveLimit(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: EnvName, fallback?: string): string {
  const value = env[name];
  if (value !== undefined && value !== '') return value;
  if (fallback !== undefined) return fallback;
  throw new Error(`Configuration: environment variable ${name} is not set; the function's wiring must set it`);
}

function optional(env: Env, name: EnvName): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function number(env: Env, name: EnvName, fallback: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) {
    throw new Error(`Configuration: ${name}=${JSON.stringify(raw)} is not a number`);
  }
  return value;
}

function packaging(env: Env): Packaging {
  const value = optional(env, ENV.packaging) ?? DEFAULTS.packaging;
  if (!isPackaging(value)) {
    throw new Error(`Configuration: ${ENV.packaging}=${JSON.stringify(value)} is not one of ${PACKAGINGS.join(', ')}`);
  }
  return value;
}

function thumbnailInterval(env: Env): number {
  const value = number(env, ENV.thumbnailIntervalSeconds, DEFAULTS.thumbnailIntervalSeconds);
  if (!isThumbnailInterval(value)) {
    const { min, max } = THUMBNAIL_INTERVAL_RANGE;
    throw new Error(`Configuration: ${ENV.thumbnailIntervalSeconds}=${value} is not a whole number of seconds from ${min} to ${max}`);
  }
  return value;
}

function positiveLimit(env: Env, name: EnvName, fallback: number): number {
  const value = number(env, name, fallback);
  if (!isPositiveLimit(value)) throw new Error(`Configuration: ${name}=${value} is not a number above 0`);
  return value;
}

function prices(env: Env): MediaConvertPriceTable {
  const raw = optional(env, ENV.mediaConvertPrices);
  if (raw === undefined) return MEDIACONVERT_PRICES;
  try {
    return JSON.parse(raw) as MediaConvertPriceTable;
  } catch {
    throw new Error(`Configuration: ${ENV.mediaConvertPrices} is not JSON; the wiring sets it from the mediaConvertPriceTable setting`);
  }
}

/**
 * Reads the configuration lazily, field by field, so a function needs only the variables it uses.
 */
export function loadConfig(env: Env = process.env): Config {
  return {
    get assetTable() {
      return text(env, ENV.assetTable);
    },
    get taskTokenTable() {
      return text(env, ENV.taskTokenTable);
    },
    get outputBucket() {
      return text(env, ENV.outputBucket);
    },
    get assetsBucket() {
      return text(env, ENV.assetsBucket);
    },
    get prerollKey() {
      return text(env, ENV.prerollKey, DEFAULTS.prerollKey);
    },
    get postrollKey() {
      return text(env, ENV.postrollKey, DEFAULTS.postrollKey);
    },
    get overlayKey() {
      return text(env, ENV.overlayKey, DEFAULTS.overlayKey);
    },
    get mediaConvertRoleArn() {
      return text(env, ENV.mediaConvertRoleArn);
    },
    get mediaConvertEndpoint() {
      return optional(env, ENV.mediaConvertEndpoint);
    },
    get mediaConvertQueueArn() {
      return optional(env, ENV.mediaConvertQueueArn);
    },
    get pipelineName() {
      return text(env, ENV.pipelineName, DEFAULTS.pipelineName);
    },
    get loudnessThresholdDb() {
      return number(env, ENV.loudnessThresholdDb, DEFAULTS.loudnessThresholdDb);
    },
    get loudnessClipSeconds() {
      return number(env, ENV.loudnessClipSeconds, DEFAULTS.loudnessClipSeconds);
    },
    get packaging() {
      return packaging(env);
    },
    get thumbnailIntervalSeconds() {
      return thumbnailInterval(env);
    },
    get taskTokenTtlDays() {
      return number(env, ENV.taskTokenTtlDays, DEFAULTS.taskTokenTtlDays);
    },
    get playbackBaseUrl() {
      return optional(env, ENV.playbackBaseUrl);
    },
    get maxJobCostUsd() {
      return positiveLimit(env, ENV.maxJobCostUsd, DEFAULTS.maxJobCostUsd);
    },
    get maxSourceMinutes() {
      return positiveLimit(env, ENV.maxSourceMinutes, DEFAULTS.maxSourceMinutes);
    },
    get mediaConvertPrices() {
      return prices(env);
    },
    get sourcesPrefix() {
      return text(env, ENV.sourcesPrefix, DEFAULTS.sourcesPrefix);
    },
  };
}

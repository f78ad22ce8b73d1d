/**
 * The pipeline's wiring, in one place: functions (entry, timeout, memory, environment), the
 * EventBridge rules (patterns and targets) and the substitutions of the state machine definition.
 * The CDK stack deploys exactly this; the local cloud runs exactly this.
 */
import * as path from 'node:path';
import { DEFAULTS, ENV } from '../functions/shared/config';
import { LOUDNESS_TEMP_PREFIX } from '../functions/shared/output-layout';
import type { Packaging } from '../functions/shared/output-layout';
import type { MediaConvertPriceTable } from '../functions/shared/mediaconvert-prices';
import { MANIFEST_SUFFIX } from '../functions/shared/manifest-key';
import { STATUS_EVENT } from '../functions/shared/status-notification';

export const ROOT = path.resolve(__dirname, '..');
export const STATE_MACHINE_DEFINITION = path.join(ROOT, 'state-machines', 'pipeline.asl.json');
export const JOB_TEMPLATES_DIR = path.join(ROOT, 'job-templates');

/** The MediaConvert job templates of JOB_TEMPLATES_DIR: its JSON files, except the JSON Schemas it publishes beside them (`*.schema.json`). */
export function isJobTemplateFile(name: string): boolean {
  return name.endsWith('.json') && !name.endsWith('.schema.json');
}

/** What a user can change; every field has a default. */
export interface PipelineSettings {
  /** Tag on every MediaConvert job (`UserMetadata.pipeline`); routes job events back to this pipeline. */
  pipelineName: string;
  /** Only uploads under this key prefix start the pipeline ('' = the whole ingest bucket). */
  ingestPrefix: string;
  /** File name suffixes that start the pipeline, matched in lower and upper case. */
  ingestSuffixes: string[];
  /** Uploads under this prefix take the loudness branch whatever their track count. */
  loudnessPrefix: string;
  /**
   * Videos under this key prefix of the ingest bucket start nothing on their own: they wait for a
   * job manifest (`.vod.json`) to name them. Register ends their execution at AwaitsManifest.
   */
  sourcesPrefix: string;
  /** Only recordings of these IVS channels start the pipeline (empty = every channel). */
  ivsChannelArns: string[];
  prerollKey: string;
  postrollKey: string;
  overlayKey: string;
  loudnessThresholdDb: number;
  loudnessClipSeconds: number;
  /** How the dash and stitch jobs package the ABR ladder: CMAF (HLS and DASH manifests over shared fMP4 segments) or DASH ISO. */
  packaging: Packaging;
  /** Seconds between two thumbnails (a whole number from 1 to 3600). */
  thumbnailIntervalSeconds: number;
  /** An on-demand MediaConvert queue for the jobs (Automated ABR needs on-demand); unset = the account's Default queue. */
  mediaConvertQueueArn?: string;
  /** An asset whose job's estimated MediaConvert cost (USD) is above this is rejected before the job is created. */
  maxJobCostUsd: number;
  /** An asset whose source is longer than this many minutes is rejected before its job is created. */
  maxSourceMinutes: number;
  /** The prices of the cost estimate, when a price table file overrides the built-in one (`mediaConvertPriceTable`). */
  mediaConvertPrices?: MediaConvertPriceTable;
  /**
   * An HTTPS endpoint the `Asset Status Change` events are POSTed to (an EventBridge API destination
   * on AWS; the local bus delivers the same way). Unset: no webhook.
   */
  webhookUrl?: string;
  /** The header that carries the webhook's secret (the connection's API key name). */
  webhookSecretHeader: string;
}

export const DEFAULT_SETTINGS: PipelineSettings = {
  pipelineName: DEFAULTS.pipelineName,
  ingestPrefix: '',
  ingestSuffixes: ['.mp4', '.mov', '.mxf', '.mkv', '.m4v', '.ts', '.mpg', '.webm', '.wav'],
  loudnessPrefix: 'mezzanine/',
  sourcesPrefix: DEFAULTS.sourcesPrefix,
  ivsChannelArns: [],
  prerollKey: DEFAULTS.prerollKey,
  postrollKey: DEFAULTS.postrollKey,
  overlayKey: DEFAULTS.overlayKey,
  loudnessThresholdDb: DEFAULTS.loudnessThresholdDb,
  loudnessClipSeconds: DEFAULTS.loudnessClipSeconds,
  packaging: DEFAULTS.packaging,
  thumbnailIntervalSeconds: DEFAULTS.thumbnailIntervalSeconds,
  maxJobCostUsd: DEFAULTS.maxJobCostUsd,
  maxSourceMinutes: DEFAULTS.maxSourceMinutes,
  webhookSecretHeader: 'x-api-key',
};

export function resolveSettings(overrides: Partial<PipelineSettings> = {}): PipelineSettings {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_SETTINGS, ...defined };
}

/** Names of the resources the functions and the state machine use: CDK tokens on AWS, plain names locally. */
export interface ResourceNames {
  ingestBucket: string;
  recordingBucket: string;
  outputBucket: string;
  assetsBucket: string;
  assetTable: string;
  taskTokenTable: string;
  mediaConvertRoleArn: string;
  /** Set only when an account-specific endpoint must be used. */
  mediaConvertEndpoint?: string;
  stateMachineArn: string;
  /**
   * Where players fetch the outputs bucket: the CloudFront distribution's `https://<domain>` on
   * AWS. Locally the endpoint is known only once the gateway listens: the local Lambda runtime sets it.
   */
  playbackBaseUrl?: string;
}

export type FunctionName = 'register' | 'probe' | 'submit-job' | 'job-events' | 'classify-loudness' | 'execution-status';

export interface FunctionSpec {
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  timeoutSeconds: number;
  memoryMb: number;
  environment: (names: ResourceNames, settings: PipelineSettings) => Record<string, string>;
}

const assetTable = (names: ResourceNames) => ({ [ENV.assetTable]: names.assetTable });

export const FUNCTIONS: Record<FunctionName, FunctionSpec> = {
  register: {
    entry: 'functions/register/handler.ts',
    description: 'Normalises an S3 or IVS event, derives the asset id and registers the asset once',
    timeoutSeconds: 10,
    memoryMb: 256,
    environment: (names, settings) => ({ ...assetTable(names), [ENV.sourcesPrefix]: settings.sourcesPrefix }),
  },
  probe: {
    entry: 'functions/probe/handler.ts',
    description: 'Probes the input with MediaInfo through ranged reads',
    timeoutSeconds: 120,
    memoryMb: 1024,
    environment: (names) => assetTable(names),
  },
  'submit-job': {
    entry: 'functions/submit-job/handler.ts',
    description: "Builds the branch's MediaConvert job, stores the task token and creates the job",
    timeoutSeconds: 30,
    memoryMb: 256,
    environment: (names, settings) => ({
      ...assetTable(names),
      [ENV.taskTokenTable]: names.taskTokenTable,
      [ENV.outputBucket]: names.outputBucket,
      [ENV.assetsBucket]: names.assetsBucket,
      [ENV.prerollKey]: settings.prerollKey,
      [ENV.postrollKey]: settings.postrollKey,
      [ENV.overlayKey]: settings.overlayKey,
      [ENV.mediaConvertRoleArn]: names.mediaConvertRoleArn,
      [ENV.pipelineName]: settings.pipelineName,
      [ENV.loudnessClipSeconds]: String(settings.loudnessClipSeconds),
      [ENV.packaging]: settings.packaging,
      [ENV.thumbnailIntervalSeconds]: String(settings.thumbnailIntervalSeconds),
      [ENV.maxJobCostUsd]: String(settings.maxJobCostUsd),
      [ENV.maxSourceMinutes]: String(settings.maxSourceMinutes),
      ...(settings.mediaConvertPrices ? { [ENV.mediaConvertPrices]: JSON.stringify(settings.mediaConvertPrices) } : {}),
      ...(settings.mediaConvertQueueArn ? { [ENV.mediaConvertQueueArn]: settings.mediaConvertQueueArn } : {}),
      ...(names.mediaConvertEndpoint ? { [ENV.mediaConvertEndpoint]: names.mediaConvertEndpoint } : {}),
    }),
  },
  'job-events': {
    entry: 'functions/job-events/handler.ts',
    description: 'Completes the task token of a MediaConvert job from its state change events',
    timeoutSeconds: 30,
    memoryMb: 256,
    environment: (names) => ({
      ...assetTable(names),
      [ENV.taskTokenTable]: names.taskTokenTable,
      [ENV.outputBucket]: names.outputBucket,
      ...(names.playbackBaseUrl ? { [ENV.playbackBaseUrl]: names.playbackBaseUrl } : {}),
    }),
  },
  'classify-loudness': {
    entry: 'functions/classify-loudness/handler.ts',
    description: 'Reads the loudness logs, classifies silent tracks and records the result',
    timeoutSeconds: 60,
    memoryMb: 512,
    environment: (names, settings) => ({
      ...assetTable(names),
      [ENV.outputBucket]: names.outputBucket,
      [ENV.loudnessThresholdDb]: String(settings.loudnessThresholdDb),
    }),
  },
  'execution-status': {
    entry: 'functions/execution-status/handler.ts',
    description: 'Records failed executions on the asset and redrives starting again; announces final statuses and redrives',
    timeoutSeconds: 30,
    memoryMb: 256,
    environment: (names) => assetTable(names),
  },
};

/** Functions the state machine invokes, by their substitution variable in the ASL file. */
export const STATE_MACHINE_FUNCTIONS = {
  RegisterFunctionArn: 'register',
  ProbeFunctionArn: 'probe',
  SubmitJobFunctionArn: 'submit-job',
  ClassifyLoudnessFunctionArn: 'classify-loudness',
} as const satisfies Record<string, FunctionName>;

/**
 * Escapes backslashes and `*` for the two wildcard matchers that read settings: Step Functions'
 * `StringMatches` and EventBridge's `wildcard`, which share that escaping.
 */
function escapeWildcard(text: string): string {
  return text.replace(/[\\*]/g, (c) => `\\${c}`);
}

/** The `${…}` substitutions of state-machines/pipeline.asl.json. */
export function definitionSubstitutions(
  functionArns: Record<FunctionName, string>,
  names: Pick<ResourceNames, 'assetTable'>,
  settings: PipelineSettings,
): Record<string, string> {
  const arns = Object.fromEntries(Object.entries(STATE_MACHINE_FUNCTIONS).map(([variable, fn]) => [variable, functionArns[fn]]));
  return {
    ...arns,
    AssetTableName: names.assetTable,
    // Choice `StringMatches`: a literal prefix followed by anything; escape the pattern's own metacharacters.
    LoudnessKeyPattern: `${escapeWildcard(settings.loudnessPrefix)}*`,
  };
}

/** Replaces `${Name}` in the definition, as CloudFormation's DefinitionSubstitutions does. */
export function substituteDefinition(definition: string, substitutions: Record<string, string>): string {
  return definition.replace(/\$\{([A-Za-z0-9_]+)\}/g, (match, name: string) => {
    const value = substitutions[name];
    if (value === undefined) throw new Error(`State machine definition: no substitution for ${match}`);
    // The value lands inside a JSON string.
    return JSON.stringify(value).slice(1, -1);
  });
}

/** An EventBridge event pattern (the JSON of a rule's EventPattern). */
export type EventPattern = Record<string, unknown>;

function suffixPatterns(prefix: string, suffixes: string[]): { wildcard: string }[] {
  const cases = suffixes.flatMap((suffix) => [suffix.toLowerCase(), suffix.toUpperCase()]);
  return [...new Set(cases)].map((suffix) => ({ wildcard: `${escapeWildcard(prefix)}*${escapeWildcard(suffix)}` }));
}

/** The AWS events that start the pipeline, by source and detail type; their rules add the filters. */
export const PIPELINE_TRIGGERS = {
  upload: { source: 'aws.s3', detailType: 'Object Created' },
  recordingEnd: { source: 'aws.ivs', detailType: 'IVS Recording State Change' },
} as const;

export const EVENT_PATTERNS = {
  /** S3 `Object Created` on the ingest bucket, for the configured prefix and suffixes, and job manifests (`.vod.json`) under the prefix. */
  upload: (names: ResourceNames, settings: PipelineSettings): EventPattern => ({
    source: [PIPELINE_TRIGGERS.upload.source],
    'detail-type': [PIPELINE_TRIGGERS.upload.detailType],
    detail: {
      bucket: { name: [names.ingestBucket] },
      object: { key: suffixPatterns(settings.ingestPrefix, [...settings.ingestSuffixes, MANIFEST_SUFFIX]) },
    },
  }),
  /** IVS `Recording End` into the recording bucket, optionally for some channels only. */
  recordingEnd: (names: ResourceNames, settings: PipelineSettings): EventPattern => ({
    source: [PIPELINE_TRIGGERS.recordingEnd.source],
    'detail-type': [PIPELINE_TRIGGERS.recordingEnd.detailType],
    ...(settings.ivsChannelArns.length > 0 ? { resources: settings.ivsChannelArns } : {}),
    detail: {
      recording_status: ['Recording End'],
      recording_s3_bucket_name: [names.recordingBucket],
    },
  }),
  /** This pipeline's MediaConvert jobs: terminal states, and progress for task heartbeats. */
  jobStateChange: (_names: ResourceNames, settings: PipelineSettings): EventPattern => ({
    source: ['aws.mediaconvert'],
    'detail-type': ['MediaConvert Job State Change'],
    detail: {
      status: ['COMPLETE', 'ERROR', 'CANCELED', 'PROGRESSING', 'STATUS_UPDATE'],
      userMetadata: { pipeline: [settings.pipelineName] },
    },
  }),
  /** This state machine's executions that ended (the asset's final status is announced then), or restarted by a redrive. */
  executionStatus: (names: ResourceNames): EventPattern => ({
    source: ['aws.states'],
    'detail-type': ['Step Functions Execution Status Change'],
    detail: {
      stateMachineArn: [names.stateMachineArn],
      $or: [{ status: ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] }, { status: ['RUNNING'], redriveCount: [{ numeric: ['>', 0] }] }],
    },
  }),
};

export type RuleName = keyof typeof EVENT_PATTERNS;

export type RuleTarget = { kind: 'stateMachine' } | { kind: 'function'; name: FunctionName };

export const RULES: Record<RuleName, { description: string; target: RuleTarget }> = {
  upload: { description: 'An upload to the ingest bucket starts the pipeline', target: { kind: 'stateMachine' } },
  recordingEnd: { description: 'The end of an IVS recording starts the pipeline', target: { kind: 'stateMachine' } },
  jobStateChange: {
    description: "MediaConvert job state changes complete the pipeline's task tokens",
    target: { kind: 'function', name: 'job-events' },
  },
  executionStatus: {
    description: 'Ended and redriven executions update and announce the asset status',
    target: { kind: 'function', name: 'execution-status' },
  },
};

/**
 * The pipeline's own events, which execution-status puts on the default bus: the rule that takes
 * them to the notification topic and the webhook (CDK), and the local bus's webhook delivery.
 */
export const STATUS_CHANGE_RULE = {
  description: "Asset status changes go to the pipeline's notification topic and webhook",
  pattern: { source: [STATUS_EVENT.source], 'detail-type': [STATUS_EVENT.detailType] } as EventPattern,
};

/** Where the pipeline writes, under the output bucket. */
export const OUTPUT_LAYOUT = {
  /** Temporary proxies and loudness logs of the loudness branch; deleted after classification, expired by lifecycle otherwise. */
  loudnessTempPrefix: LOUDNESS_TEMP_PREFIX,
  loudnessTempExpirationDays: 2,
} as const;

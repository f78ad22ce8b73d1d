/**
 * What a deployment can choose: every pipeline setting of the wiring, plus the infrastructure
 * choices (an existing recording bucket, tracing, what happens to data when the stack goes).
 * Each can come from the stack's props or from CDK context (`cdk deploy -c ingestPrefix=uploads/`);
 * props win over context, context over the defaults.
 */
import * as fs from 'node:fs';
import type { Node } from 'constructs';
import { RemovalPolicy, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ContextSource } from '../settings-context';
import { checkPipelineSettings, contextError, contextList, contextNumber, contextText, pipelineSettingsFromContext } from '../settings-context';
import { resolveSettings, type PipelineSettings } from '../wiring';

export interface VodPipelineStackProps extends StackProps, Partial<PipelineSettings> {
  /**
   * An existing bucket that IVS records into (same account and region as the stack). Imported,
   * never modified. Unset: the stack creates a recording bucket.
   */
  recordingBucketName?: string;
  /** X-Ray tracing of the state machine. @default false */
  tracing?: boolean;
  /**
   * What happens to the buckets, the asset table and the function log groups when the stack is
   * deleted. Media and asset records are data: they are kept unless DESTROY is asked for
   * explicitly. (The task-token table, the dead-letter queues and the state machine's named log
   * group always go with the stack.)
   * @default RemovalPolicy.RETAIN
   */
  removalPolicy?: RemovalPolicy;
  /**
   * Empty the created buckets when the stack deletes them (needs `removalPolicy: DESTROY`; adds a
   * custom resource). For throw-away environments.
   * @default false
   */
  autoDeleteObjects?: boolean;
  /** Retention of the function and state machine logs. @default RetentionDays.ONE_MONTH */
  logRetention?: RetentionDays;
  /** Account-specific MediaConvert endpoint, for accounts that still need one. @default the regional endpoint */
  mediaConvertEndpoint?: string;
  /** An existing SNS topic the pipeline's alarms notify. @default the alarms notify no one */
  alarmTopicArn?: string;
  /** Origins whose pages may fetch the outputs (CORS of the playback distribution). @default ['*'] */
  playbackAllowedOrigins?: string[];
  /**
   * A public key (PEM, or the path of a PEM file): playback then requires CloudFront signed URLs
   * made with its private key (`vod play --aws --private-key FILE`). @default unsigned playback
   */
  playbackPublicKey?: string;
  /** An existing SNS topic the `Asset Status Change` events go to. @default none */
  notificationTopicArn?: string;
  /** A Secrets Manager secret whose value the webhook calls carry in `webhookSecretHeader`. @default a secret the stack generates */
  webhookSecretArn?: string;
}

/** Props with every default applied. */
export interface ResolvedStackProps {
  settings: PipelineSettings;
  recordingBucketName?: string;
  tracing: boolean;
  removalPolicy: RemovalPolicy;
  autoDeleteObjects: boolean;
  logRetention: RetentionDays;
  mediaConvertEndpoint?: string;
  alarmTopicArn?: string;
  playbackAllowedOrigins: string[];
  /** The PEM itself. */
  playbackPublicKey?: string;
  notificationTopicArn?: string;
  webhookSecretArn?: string;
}

type Source = ContextSource;

function flag(get: Source, key: string): boolean | undefined {
  const value = get(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw contextError(key, value, 'true or false');
}

function removalPolicy(get: Source, key: string): RemovalPolicy | undefined {
  const value = contextText(get, key);
  if (value === undefined) return undefined;
  const policies: Record<string, RemovalPolicy> = {
    retain: RemovalPolicy.RETAIN,
    destroy: RemovalPolicy.DESTROY,
  };
  const policy = policies[value.toLowerCase()];
  if (policy === undefined) throw contextError(key, value, 'retain or destroy');
  return policy;
}

function retention(get: Source, key: string): RetentionDays | undefined {
  const days = contextNumber(get, key);
  if (days === undefined) return undefined;
  const allowed = Object.values(RetentionDays).filter((value): value is number => typeof value === 'number');
  if (!allowed.includes(days)) throw contextError(key, days, `one of CloudWatch Logs' retention periods (${allowed.join(', ')})`);
  return days as RetentionDays;
}

/** Reads the context keys (one per prop of the same name; `logRetentionDays` for `logRetention`) of a construct tree. */
export function propsFromContext(node: Node): VodPipelineStackProps {
  const get: Source = (key) => node.tryGetContext(key);
  return {
    ...pipelineSettingsFromContext(get),
    recordingBucketName: contextText(get, 'recordingBucketName'),
    tracing: flag(get, 'tracing'),
    removalPolicy: removalPolicy(get, 'removalPolicy'),
    autoDeleteObjects: flag(get, 'autoDeleteObjects'),
    logRetention: retention(get, 'logRetentionDays'),
    mediaConvertEndpoint: contextText(get, 'mediaConvertEndpoint'),
    alarmTopicArn: contextText(get, 'alarmTopicArn'),
    playbackAllowedOrigins: contextList(get, 'playbackAllowedOrigins'),
    playbackPublicKey: contextText(get, 'playbackPublicKey'),
    notificationTopicArn: contextText(get, 'notificationTopicArn'),
    webhookSecretArn: contextText(get, 'webhookSecretArn'),
  };
}

/** A PEM public key, given as is or as the path of a file holding it. */
export function publicKeyPem(value: string): string {
  const pem = value.includes('-----BEGIN') ? value : readKeyFile(value);
  if (!/-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----/.test(pem)) {
    throw new Error(
      'playbackPublicKey is not a PEM public key (-----BEGIN PUBLIC KEY-----): give the PEM or the path of its file, ' +
        'e.g. openssl rsa -pubout -in private_key.pem -out public_key.pem',
    );
  }
  return pem.trim();
}

function readKeyFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `playbackPublicKey: cannot read ${file} (${error instanceof Error ? error.message : String(error)}); give the PEM or the path of its file`,
    );
  }
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}

/** Props over context over defaults. */
export function resolveStackProps(node: Node, props: VodPipelineStackProps = {}): ResolvedStackProps {
  const merged: VodPipelineStackProps = { ...defined(propsFromContext(node)), ...defined(props) };
  const resolved: ResolvedStackProps = {
    settings: resolveSettings({
      pipelineName: merged.pipelineName,
      ingestPrefix: merged.ingestPrefix,
      ingestSuffixes: merged.ingestSuffixes,
      loudnessPrefix: merged.loudnessPrefix,
      sourcesPrefix: merged.sourcesPrefix,
      ivsChannelArns: merged.ivsChannelArns,
      prerollKey: merged.prerollKey,
      postrollKey: merged.postrollKey,
      overlayKey: merged.overlayKey,
      loudnessThresholdDb: merged.loudnessThresholdDb,
      loudnessClipSeconds: merged.loudnessClipSeconds,
      packaging: merged.packaging,
      thumbnailIntervalSeconds: merged.thumbnailIntervalSeconds,
      mediaConvertQueueArn: merged.mediaConvertQueueArn === '' ? undefined : merged.mediaConvertQueueArn,
      maxJobCostUsd: merged.maxJobCostUsd,
      maxSourceMinutes: merged.maxSourceMinutes,
      mediaConvertPrices: merged.mediaConvertPrices,
      webhookUrl: merged.webhookUrl === '' ? undefined : merged.webhookUrl,
      webhookSecretHeader: merged.webhookSecretHeader === '' ? undefined : merged.webhookSecretHeader,
    }),
    recordingBucketName: merged.recordingBucketName === '' ? undefined : merged.recordingBucketName,
    tracing: merged.tracing ?? false,
    removalPolicy: merged.removalPolicy ?? RemovalPolicy.RETAIN,
    autoDeleteObjects: merged.autoDeleteObjects ?? false,
    logRetention: merged.logRetention ?? RetentionDays.ONE_MONTH,
    mediaConvertEndpoint: merged.mediaConvertEndpoint === '' ? undefined : merged.mediaConvertEndpoint,
    alarmTopicArn: merged.alarmTopicArn === '' ? undefined : merged.alarmTopicArn,
    playbackAllowedOrigins: merged.playbackAllowedOrigins && merged.playbackAllowedOrigins.length > 0 ? merged.playbackAllowedOrigins : ['*'],
    ...(merged.playbackPublicKey ? { playbackPublicKey: publicKeyPem(merged.playbackPublicKey) } : {}),
    ...(merged.notificationTopicArn ? { notificationTopicArn: merged.notificationTopicArn } : {}),
    ...(merged.webhookSecretArn ? { webhookSecretArn: merged.webhookSecretArn } : {}),
  };
  if (resolved.autoDeleteObjects && resolved.removalPolicy !== RemovalPolicy.DESTROY) {
    throw new Error(
      'autoDeleteObjects empties buckets only when the stack deletes them: set removalPolicy to DESTROY as well, or drop autoDeleteObjects',
    );
  }
  checkPipelineSettings(resolved.settings);
  return resolved;
}

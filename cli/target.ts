/**
 * Where a command works, in this order: `--aws` (the deployed stack, found through its
 * CloudFormation outputs, default credentials), `--endpoint URL`, a local cloud already running on
 * the default port (or on another port, serving the command's data directory), or else a local
 * cloud started in this process for the duration of the command.
 */
import * as path from 'node:path';
import type * as CloudFormationModule from '@aws-sdk/client-cloudformation';
import { DEFAULT_SETTINGS } from '../infra/wiring';
import type { Clients } from '../local/clients';
import { awsClients, localClients } from '../local/clients';
import type { LocalCloud } from '../local/cloud';
import type * as CloudModule from '../local/cloud';
import type { Credentials } from '../local/auth/sigv4';
import { LOCAL_DEFAULTS, localConfig } from '../local/config';
import { CREDENTIALS_FILE, readCredentials } from '../local/credentials';
import { dataDirOwner } from '../local/data-dir-lock';
import { INFO_PATH } from '../local/gateway';
import type { PipelineInfo } from '../local/info';
import { pipelineInfo } from '../local/info';
import type { GlobalOptions } from './args';

export type TargetKind = 'aws' | 'endpoint' | 'local' | 'embedded';

export interface Target {
  kind: TargetKind;
  info: PipelineInfo;
  clients: Clients;
  /** The local cloud this command started, when it started one. */
  cloud?: LocalCloud;
  close(): Promise<void>;
}

export const DEFAULT_STACK = 'VodPipelineStack';

/** Asks a local cloud what it serves; undefined when nothing answers there. */
export async function fetchLocalInfo(endpoint: string, timeoutMs = 1500): Promise<PipelineInfo | undefined> {
  try {
    const response = await fetch(new URL(INFO_PATH, endpoint), { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return undefined;
    return (await response.json()) as PipelineInfo;
  } catch {
    return undefined;
  }
}

/** The key pair of a running local cloud, from the data directory it names. */
function runningCredentials(info: PipelineInfo, endpoint: string): Credentials {
  const credentials = info.dataDir ? readCredentials(info.dataDir) : undefined;
  if (!credentials) {
    throw new Error(
      `The local cloud at ${endpoint} keeps its key pair in ${info.dataDir ? path.join(info.dataDir, CREDENTIALS_FILE) : 'its data directory'}, which this user cannot read; run vod as the user who started it`,
    );
  }
  return credentials;
}

async function stackInfo(stackName: string): Promise<PipelineInfo> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- only --aws needs CloudFormation
  const { CloudFormationClient, DescribeStacksCommand } = require('@aws-sdk/client-cloudformation') as typeof CloudFormationModule;
  const cloudFormation = new CloudFormationClient({});
  try {
    const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    const outputs = Object.fromEntries((Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue ?? '']));
    const need = (key: string): string => {
      const value = outputs[key];
      if (!value) throw new Error(`Stack ${stackName} has no output ${key}; deploy this version of the stack (npx cdk deploy)`);
      return value;
    };
    const region = (await cloudFormation.config.region()) ?? 'us-east-1';
    const info = pipelineInfo(
      {
        ingestBucket: need('IngestBucketName'),
        recordingBucket: need('RecordingBucketName'),
        outputBucket: need('OutputBucketName'),
        assetsBucket: need('AssetsBucketName'),
        assetTable: need('AssetTableName'),
        taskTokenTable: need('TaskTokenTableName'),
        mediaConvertRoleArn: outputs.MediaConvertRoleArn ?? '',
        stateMachineArn: need('StateMachineArn'),
      },
      {
        prerollKey: outputs.PrerollKey || DEFAULT_SETTINGS.prerollKey,
        postrollKey: outputs.PostrollKey || DEFAULT_SETTINGS.postrollKey,
        overlayKey: outputs.OverlayKey || DEFAULT_SETTINGS.overlayKey,
        loudnessPrefix: outputs.LoudnessPrefix || DEFAULT_SETTINGS.loudnessPrefix,
        sourcesPrefix: outputs.SourcesPrefix || DEFAULT_SETTINGS.sourcesPrefix,
      },
      undefined,
      region,
    );
    if (outputs.PlaybackDomainName) {
      info.playback = {
        baseUrl: `https://${outputs.PlaybackDomainName}`,
        ...(outputs.PlaybackKeyPairId ? { keyPairId: outputs.PlaybackKeyPairId } : {}),
      };
    }
    return info;
  } finally {
    cloudFormation.destroy();
  }
}

export interface TargetOptions {
  /** Commands that only make sense against a local cloud (`vod local info`) refuse `--aws`. */
  localOnly?: boolean;
  /** Log lines of an embedded local cloud (default: stderr). */
  log?: (line: string) => void;
  /**
   * The command only reads: an embedded local cloud it starts runs no MediaConvert jobs and starts
   * no executions (they would be cut off when the command ends).
   */
  readOnly?: boolean;
}

export async function resolveTarget(global: GlobalOptions, options: TargetOptions = {}): Promise<Target> {
  if (global.aws) {
    if (options.localOnly) throw new Error('This command works on a local cloud only; drop --aws');
    const info = await stackInfo(global.stack ?? DEFAULT_STACK);
    const clients = awsClients();
    return { kind: 'aws', info, clients, close: async () => clients.destroy() };
  }

  if (global.endpoint) {
    const info = await fetchLocalInfo(global.endpoint);
    if (!info) throw new Error(`No local cloud answers at ${global.endpoint}; start one with: vod local up`);
    const clients = localClients(global.endpoint, runningCredentials(info, global.endpoint), info.region);
    return { kind: 'endpoint', info: { ...info, endpoint: global.endpoint }, clients, close: async () => clients.destroy() };
  }

  const { host, port } = { host: LOCAL_DEFAULTS.host, port: localConfig().port };
  // The cloud on the default port, else the one serving this data directory on another port
  // (an embedded cloud could not open the directory while that one holds it).
  const owner = dataDirOwner(path.resolve(global.dataDir ?? localConfig().dataDir));
  for (const running of [`http://${host}:${port}`, ...(owner?.endpoint ? [owner.endpoint] : [])]) {
    const info = await fetchLocalInfo(running, 500);
    if (info) {
      const clients = localClients(running, runningCredentials(info, running), info.region);
      return { kind: 'local', info: { ...info, endpoint: running }, clients, close: async () => clients.destroy() };
    }
  }

  // Loaded only when a command embeds a cloud: a command against a running one starts in a fraction of the time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const { startLocalCloud } = require('../local/cloud') as typeof CloudModule;
  const cloud = await startLocalCloud({
    port: 0,
    dataDir: global.dataDir,
    log: options.log,
    mediaConvertPaused: options.readOnly,
    holdExecutionStarts: options.readOnly,
    // The functions log to this process's stdout: keep it for the command's own output (POWERTOOLS_LOG_LEVEL overrides).
    functionLogLevel: 'WARN',
  });
  const embedded = { ...pipelineInfo(cloud.names, cloud.settings, cloud.endpoint), dataDir: cloud.dataDir };
  const clients = localClients(cloud.endpoint, cloud.credentials, embedded.region);
  return {
    kind: 'embedded',
    info: embedded,
    clients,
    cloud,
    close: async () => {
      clients.destroy();
      await cloud.stop();
    },
  };
}

/**
 * Where a command works, in this order: `--aws` (the deployed stack, found through its
 * CloudFormation outputs, default credentials), `--endpoint URL`, a local cloud already running on
 * the default port (or on another port, serving the command's data directory), or else a local
 * cloud started in this process for the duration of the command.
 */
import * as path from 'node:path';
import type * as CloudFormationModule from '@aws-sdk/client-cloudformation';
import type * as WiringModule from '../infra/wiring';
import type { Clients } from '../local/clients';
import { awsClients, localClients } from '../local/clients';
import type { LocalCloud } from '../local/cloud';
import type * as CloudModule from '../local/cloud';
import type { Credentials } from '../local/auth/sigv4';
import { LOCAL_DEFAULTS, localConfig } from '../local/config';
import type * as SettingsModule from '../local/settings';
import { CREDENTIALS_FILE, readCredentials } from '../local/credentials';
import { dataDirOwner } from '../local/data-dir-lock';
import { INFO_PATH } from '../local/gateway';
import type { PipelineInfo } from '../local/info';
import type { RunningCloud } from '../local/running-clouds';
import { runningClouds } from '../local/running-clouds';
import { pipelineInfo } from '../local/info';
import type { GlobalOptions } from './args';
import { httpGetJson } from './http-get-json';

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
  let url: URL;
  try {
    url = new URL(INFO_PATH, endpoint);
  } catch {
    return undefined; // not a URL: nothing answers there
  }
  return (await httpGetJson(url, timeoutMs)) as PipelineInfo | undefined;
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
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the same: the pipeline's wiring, for its default keys
  const { DEFAULT_SETTINGS } = require('../infra/wiring') as typeof WiringModule;
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

/** The clouds `vod local up` announced that answer now. */
async function answeringClouds(): Promise<{ cloud: RunningCloud; info: PipelineInfo }[]> {
  const found = await Promise.all(runningClouds().map(async (cloud) => ({ cloud, info: await fetchLocalInfo(cloud.endpoint, 500) })));
  return found.filter((entry): entry is { cloud: RunningCloud; info: PipelineInfo } => entry.info !== undefined);
}

/** What vod says of the cloud it works against: on stderr, so --json output stays clean. */
function note(line: string): void {
  process.stderr.write(`${line}\n`);
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

/** `-c` sets up a cloud this command starts; a target that runs already keeps its own settings. */
function warnIgnoredContext(global: GlobalOptions, where: string): void {
  const context = global.context ?? [];
  if (context.length > 0) process.stderr.write(`vod: -c ${context.join(' -c ')} is ignored: ${where} keeps its own settings\n`);
}

export async function resolveTarget(global: GlobalOptions, options: TargetOptions = {}): Promise<Target> {
  if (global.aws) {
    warnIgnoredContext(global, 'the deployed stack (cdk deploy -c ... sets it)');
    if (options.localOnly) throw new Error('This command works on a local cloud only; drop --aws');
    const info = await stackInfo(global.stack ?? DEFAULT_STACK);
    const clients = awsClients();
    return { kind: 'aws', info, clients, close: async () => clients.destroy() };
  }

  if (global.endpoint) {
    const info = await fetchLocalInfo(global.endpoint);
    if (!info) throw new Error(`No local cloud answers at ${global.endpoint}; start one with: vod local up`);
    const clients = localClients(global.endpoint, runningCredentials(info, global.endpoint), info.region);
    warnIgnoredContext(global, `the local cloud at ${global.endpoint} (restart it with vod local up -c ...)`);
    return { kind: 'endpoint', info: { ...info, endpoint: global.endpoint }, clients, close: async () => clients.destroy() };
  }

  const { host, port } = { host: LOCAL_DEFAULTS.host, port: localConfig().port };
  const dataDir = path.resolve(global.dataDir ?? localConfig().dataDir);
  const local = (endpoint: string, info: PipelineInfo): Target => {
    const clients = localClients(endpoint, runningCredentials(info, endpoint), info.region);
    return { kind: 'local', info: { ...info, endpoint }, clients, close: async () => clients.destroy() };
  };
  // The cloud on the default port, else the one serving this data directory on another port
  // (an embedded cloud could not open the directory while that one holds it).
  const owner = dataDirOwner(dataDir);
  for (const running of [`http://${host}:${port}`, ...(owner?.endpoint ? [owner.endpoint] : [])]) {
    const info = await fetchLocalInfo(running, 500);
    if (info) {
      warnIgnoredContext(global, `the local cloud at ${running} (restart it with vod local up -c ...)`);
      return local(running, info);
    }
  }
  // `vod local up` on another port, over another directory: used when the command names no
  // directory and it is the only one; named otherwise, so no cloud is started unannounced.
  const others = await answeringClouds();
  if (!global.dataDir && others.length === 1) {
    const [{ cloud, info }] = others;
    note(`vod: using the local cloud at ${cloud.endpoint} (data in ${cloud.dataDir}); --endpoint or --data-dir chooses another`);
    warnIgnoredContext(global, `the local cloud at ${cloud.endpoint} (restart it with vod local up -c ...)`);
    return local(cloud.endpoint, info);
  }
  note(
    `vod: no local cloud serves ${dataDir}; starting one for this command alone (it stops when the command ends; \`vod local up\` keeps one running)` +
      others
        .map(({ cloud }) => `\nvod: a local cloud runs at ${cloud.endpoint} over ${cloud.dataDir}: --endpoint ${cloud.endpoint} uses it`)
        .join(''),
  );

  // Loaded only when a command embeds a cloud: a command against a running one starts in a fraction of the time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const { startLocalCloud } = require('../local/cloud') as typeof CloudModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- settings (cdk.json, -c) matter only to a cloud this command starts
  const { localPipelineSettings } = require('../local/settings') as typeof SettingsModule;
  const cloud = await startLocalCloud({
    port: 0,
    dataDir: global.dataDir,
    settings: localPipelineSettings({ context: global.context }),
    log: options.log,
    mediaConvertPaused: options.readOnly,
    holdExecutionStarts: options.readOnly,
    // The functions log to this process's stdout: keep it for the command's own output (POWERTOOLS_LOG_LEVEL overrides).
    functionLogLevel: 'WARN',
  });
  // The cloud's own info: it tells which stitch objects are generated defaults or missing.
  const embedded = cloud.info();
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

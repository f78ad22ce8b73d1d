/** `vod local up [--port 4566]` and `vod local info`. */
import type * as http from 'node:http';
import type * as BuildModule from '../../console/build';
import type * as ConsoleHandlerModule from '../../console/server/console-handler';
import { localClients } from '../../local/clients';
import type { LocalCloud } from '../../local/cloud';
import { startLocalCloud } from '../../local/cloud';
import { localConfig } from '../../local/config';
import { localPipelineSettings } from '../../local/settings';
import { readCredentials } from '../../local/credentials';
import type { Credentials } from '../../local/auth/sigv4';
import { assetLine, pipelineInfo } from '../../local/info';
import { registerRunningCloud } from '../../local/running-clouds';
import { UsageError, parse } from '../args';
import { printJson, printLine } from '../output';
import { withTarget } from '../run';

const UP_USAGE = 'vod local up [--port 4566] [--jobs N] [--data-dir .vod-local]';
/** The most MediaConvert jobs `--jobs` runs at once: each runs several ffmpeg processes. */
const MAX_JOBS = 64;
const INFO_USAGE = 'vod local info [--json]';

/** Where `vod local up` serves the console on its endpoint. */
export const CONSOLE_PATH = '/console';

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => Promise<void>;

/** The console for a running local cloud, working against the cloud itself; its clients close with it. */
async function localConsole(cloud: LocalCloud): Promise<{ handler: Handler; close: () => void }> {
  /* eslint-disable @typescript-eslint/no-require-imports -- the console is loaded by `local up` only */
  const { ensureBundle } = require('../../console/build') as typeof BuildModule;
  const { consoleHandler } = require('../../console/server/console-handler') as typeof ConsoleHandlerModule;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const info = { ...pipelineInfo(cloud.names, cloud.settings, cloud.endpoint), dataDir: cloud.dataDir };
  const clients = localClients(cloud.endpoint, cloud.credentials, info.region);
  const handler = consoleHandler({
    target: { kind: 'local', info, clients, close: async () => clients.destroy() },
    basePath: CONSOLE_PATH,
    bundleDir: await ensureBundle(),
    secrets: [cloud.credentials.accessKeyId, cloud.credentials.secretAccessKey],
  });
  return { handler, close: () => clients.destroy() };
}

/** The shell line that points the AWS CLI and SDKs at a local cloud. */
export function exportLine(endpoint: string, region: string, credentials: Credentials): string {
  return `export AWS_ENDPOINT_URL=${endpoint} AWS_REGION=${region} AWS_ACCESS_KEY_ID=${credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${credentials.secretAccessKey}`;
}

async function up(args: string[]): Promise<number> {
  const { global, values } = parse(args, { port: { type: 'string' }, jobs: { type: 'string' } }, UP_USAGE);
  const port = values.port === undefined ? localConfig().port : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${values.port} is not a port\nusage: ${UP_USAGE}`);
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1 || jobs > MAX_JOBS)) {
    throw new UsageError(`--jobs ${values.jobs} is not a number of jobs from 1 to ${MAX_JOBS}\nusage: ${UP_USAGE}`);
  }
  // Filled in once the cloud is up: the console works against the cloud itself.
  const mountedConsole: { handler?: Handler; unavailable: string } = { unavailable: 'The console is starting; reload in a moment' };
  const cloud = await startLocalCloud({
    port,
    dataDir: global.dataDir,
    ...(jobs === undefined ? {} : { mediaConvertConcurrency: jobs }),
    settings: localPipelineSettings({ context: global.context }),
    publicRoutes: [
      {
        prefix: CONSOLE_PATH,
        handler: async (request, response) => {
          if (mountedConsole.handler) return mountedConsole.handler(request, response);
          request.resume();
          response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' });
          response.end(`${mountedConsole.unavailable}\n`);
        },
      },
    ],
  });
  // The local cloud serves without its console rather than not at all.
  const served = await localConsole(cloud).catch((error: unknown) => {
    mountedConsole.unavailable = `The console could not start: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`vod: ${mountedConsole.unavailable}\n`);
    return undefined;
  });
  mountedConsole.handler = served?.handler;
  // Commands run from another folder, or without --endpoint, find this cloud through its entry.
  const withdraw = registerRunningCloud({ endpoint: cloud.endpoint, dataDir: cloud.dataDir });
  const info = pipelineInfo(cloud.names, cloud.settings, cloud.endpoint);
  if (global.json) printJson({ ...info, dataDir: cloud.dataDir, credentials: cloud.credentials });
  else {
    printLine(`The local cloud is serving at ${cloud.endpoint} (data in ${cloud.dataDir}).`);
    printLine('Requests must be signed with its key pair (kept in the data directory). Point the AWS CLI or SDK at it with:');
    printLine(`  ${exportLine(cloud.endpoint, info.region, cloud.credentials)}`);
    printLine(`  aws --endpoint-url ${cloud.endpoint} s3 cp clip.mp4 s3://${info.buckets.ingest}/uploads/clip.mp4`);
    printLine(`The console is at ${cloud.endpoint}${CONSOLE_PATH}/`);
    printLine('Press Ctrl-C to stop.');
  }
  // Stop cleanly on the first signal; one that follows while stopping (a process group and its
  // parent both passing it on) must not kill the process half-way.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  let stopping = false;
  await new Promise<void>((resolve) => {
    const onSignal = () => {
      if (!stopping) resolve();
      stopping = true;
    };
    for (const signal of signals) process.on(signal, onSignal);
  });
  withdraw();
  served?.close();
  await cloud.stop();
  return 0;
}

async function info(args: string[]): Promise<number> {
  const { global } = parse(args, {}, INFO_USAGE);
  return withTarget(
    global,
    async (target) => {
      const credentials = target.cloud?.credentials ?? (target.info.dataDir ? readCredentials(target.info.dataDir) : undefined);
      if (global.json) {
        printJson({ ...target.info, ...(credentials ? { credentials } : {}) });
        return 0;
      }
      const i = target.info;
      printLine(
        `endpoint          ${i.endpoint}${target.kind === 'embedded' ? ' (started for this command; `vod local up` keeps one running)' : ''}`,
      );
      printLine(`region            ${i.region}`);
      printLine(`ingest bucket     s3://${i.buckets.ingest}   (uploads start the pipeline; ${i.loudnessPrefix}… takes the loudness branch)`);
      printLine(`recording bucket  s3://${i.buckets.recordings}`);
      printLine(`outputs bucket    s3://${i.buckets.outputs}`);
      printLine(`pre-roll          ${assetLine(i, 'preroll')}`);
      printLine(`post-roll         ${assetLine(i, 'postroll')}`);
      printLine(`overlay           ${assetLine(i, 'overlay')}`);
      printLine(`asset table       ${i.table}`);
      printLine(`state machine     ${i.stateMachineArn}`);
      if (credentials && i.endpoint) {
        printLine(`access key id     ${credentials.accessKeyId}   (requests are signed with this key pair; it lives in the data directory)`);
        printLine(`secret key        ${credentials.secretAccessKey}`);
        printLine('');
        // A cloud started for this command is gone when it ends: name the one `vod local up` serves.
        const endpoint = target.kind === 'embedded' ? `http://${localConfig().host}:${localConfig().port}` : i.endpoint;
        printLine(`${exportLine(endpoint, i.region, credentials)}${target.kind === 'embedded' ? '   (once `vod local up` runs)' : ''}`);
      }
      return 0;
    },
    { localOnly: true, readOnly: true },
  );
}

export async function local(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'up') return up(rest);
  if (sub === 'info') return info(rest);
  throw new UsageError(`usage: ${UP_USAGE}\n       ${INFO_USAGE}`);
}

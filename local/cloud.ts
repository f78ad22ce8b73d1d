/**
 * The local cloud: S3, DynamoDB, Step Functions, EventBridge, Lambda, CloudWatch Logs and MediaConvert behind one
 * loopback endpoint, running the pipeline's own state machine, handlers and rules (infra/wiring.ts)
 * on data kept under one directory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PipelineSettings, ResourceNames } from '../infra/wiring';
import {
  EVENT_PATTERNS,
  JOB_TEMPLATES_DIR,
  RULES,
  STATE_MACHINE_DEFINITION,
  STATUS_CHANGE_RULE,
  definitionSubstitutions,
  resolveSettings,
  substituteDefinition,
} from '../infra/wiring';
import type { Credentials } from './auth/sigv4';
import { localClients } from './clients';
import { localConfig } from './config';
import { dataDirCredentials } from './credentials';
import { lockDataDir } from './data-dir-lock';
import { assetKeys, assetStates, installDefaultAssets } from './default-assets';
import type { PipelineInfo } from './info';
import { pipelineInfo } from './info';
import { ensureTables, startDynamo } from './dynamodb/server';
import { ApiDestination } from './eventbridge/api-destination';
import type { WebhookRetryPolicy } from './eventbridge/api-destination';
import type { RetryPolicy } from './eventbridge/service';
import { eventBridgeOperations } from './eventbridge/api';
import { EventBus } from './eventbridge/service';
import type { PublicRoute } from './gateway';
import { EventLog } from './eventbridge/event-log';
import { Gateway } from './gateway';
import { internalSecret } from './internal-port';
import { PLAYBACK_PATH, playbackHandler } from './playback';
import { lambdaHandler } from './lambda/api';
import { checkPipelineSettings } from '../infra/settings-context';
import { LambdaRuntime } from './lambda/runtime';
import { LocalLambda } from './lambda/service';
import { LOGS_TARGET_PREFIX, logsOperations } from './logs/api';
import { LocalLogs } from './logs/service';
import { LogStore } from './logs/store';
import { mediaConvertHandler } from './mediaconvert/api';
import { MediaConvertService } from './mediaconvert/service';
import { jsonRpcHandler } from './protocol/json-rpc';
import { stepFunctionsHandler } from './stepfunctions/api';
import { proxyTo } from './proxy';
import { STATE_MACHINE_NAME, bucketsOf, functionArn, functionArns, localResourceNames } from './resources';
import { isFormPost } from './s3/form-post';
import { startS3 } from './s3/server';
import { LocalStepFunctions } from './stepfunctions/service';

export interface LocalCloudOptions {
  /** 0 picks a free port. Default: VOD_LOCAL_PORT, else 4566. */
  port?: number;
  host?: string;
  /** Default: VOD_LOCAL_DATA_DIR, else .vod-local (relative to the working directory). */
  dataDir?: string;
  settings?: Partial<PipelineSettings>;
  /** Where the local cloud reports its start, stop and delivery failures. Default: stderr. */
  log?: (line: string) => void;
  /** Retries of event deliveries (tests shorten them). */
  eventRetry?: RetryPolicy;
  /** Retries of the webhook's deliveries (`webhookUrl`; tests shorten them). */
  webhookRetry?: WebhookRetryPolicy;
  /** Function invocations running at once. */
  lambdaConcurrency?: number;
  /** The functions' log level, when the environment sets none (default INFO). */
  functionLogLevel?: string;
  /** MediaConvert jobs running at once. Default: one per core. */
  mediaConvertConcurrency?: number;
  /**
   * Start with MediaConvert's queue paused (a MediaConvert queue whose status is PAUSED): jobs are
   * accepted, validated and kept SUBMITTED, and nothing runs them. For tests of the task-token
   * callback path, which complete the tokens themselves.
   */
  mediaConvertPaused?: boolean;
  /**
   * Keep the events that would start executions pending: a cloud started only to read (`vod assets
   * list` with no cloud running) starts nothing it would cut off when it stops, and the next cloud
   * delivers them; executions a previous run left RUNNING are not resumed either. Status and job
   * events still reach their functions.
   */
  holdExecutionStarts?: boolean;
  /**
   * At the first start of a data directory, put generated pre-roll, post-roll and overlay objects
   * at the keys the settings name (default true): the stitch branch works out of the box.
   */
  defaultAssets?: boolean;
  /** More unsigned routes on the endpoint (the console, at /console). */
  publicRoutes?: PublicRoute[];
}

export interface LocalCloud {
  endpoint: string;
  names: ResourceNames;
  settings: PipelineSettings;
  /** Absolute. */
  dataDir: string;
  /** The key pair requests must be signed with (kept in the data directory). */
  credentials: Credentials;
  /** The loopback ports s3rver and dynalite listen on behind the gateway (they refuse callers without its secret). */
  internalPorts: { s3: number; dynamodb: number };
  /** How long start-up took, in milliseconds. */
  startupMs: number;
  bus: EventBus;
  /** What GET /_vod/info serves: the resources, and the state of the stitch branch's asset objects. */
  info(): PipelineInfo & { dataDir: string };
  /** The webhook `Asset Status Change` events are POSTed to, when `webhookUrl` is set. */
  webhook?: ApiDestination;
  /** Resolves once every event put so far has been delivered (for tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const stderr = (line: string) => process.stderr.write(`${line}\n`);

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const started = performance.now();
  const config = localConfig();
  const { region, accountId } = config;
  const log = options.log ?? stderr;
  const settings = resolveSettings({ ...options.settings, webhookUrl: options.settings?.webhookUrl ?? config.webhookUrl });
  // The synth's own check: a setting the stack would refuse fails here, before anything starts, with the same message.
  checkPipelineSettings(settings);
  const dataDir = path.resolve(options.dataDir ?? config.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = lockDataDir(dataDir);
  const names = localResourceNames();
  const credentials = dataDirCredentials(dataDir);
  const secret = internalSecret();

  // Everything started so far, stopped in reverse order (also when start-up fails half-way).
  const stops: (() => Promise<void> | void)[] = [() => lock.release()];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        log(`vod-local: stopping: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };

  try {
    const lambda = new LambdaRuntime({
      names,
      settings,
      region,
      accountId,
      concurrency: options.lambdaConcurrency,
      logLevel: options.functionLogLevel,
      dataDir,
    });
    const lambdaService = new LocalLambda({ runtime: lambda, names, settings, region, accountId });
    const logs = new LocalLogs(new LogStore(dataDir), region, accountId);
    const bus = new EventBus({
      region,
      accountId,
      dataDir,
      retry: options.eventRetry,
      // Released once every service is up: no target is called before it can answer.
      held: true,
      log,
      invokeFunction: lambda.invoke,
      // Rules are added once Step Functions exists: no event is delivered before.
      startExecution: async (stateMachineArn, input) => {
        await stepFunctions.operations.StartExecution({ stateMachineArn, input });
      },
    });
    bus.onEvent(new EventLog({ dataDir, log }).append);
    // The stack's status change rule, to its API destination.
    const webhook = settings.webhookUrl
      ? new ApiDestination({
          url: settings.webhookUrl,
          pattern: STATUS_CHANGE_RULE.pattern,
          dataDir,
          ...(config.webhookSecret ? { apiKey: { name: settings.webhookSecretHeader, value: config.webhookSecret } } : {}),
          retry: options.webhookRetry,
          log,
        })
      : undefined;
    if (webhook) {
      bus.onEvent(webhook.receive);
      stops.push(() => webhook.stop());
      const resumedWebhooks = webhook.resumePending();
      if (resumedWebhooks > 0)
        log(`vod-local: delivering ${resumedWebhooks} webhook event${resumedWebhooks === 1 ? '' : 's'} an earlier run left undelivered`);
    }
    const [s3Started, dynamoStarted] = await Promise.allSettled([
      startS3({
        dataDir,
        accountId,
        buckets: bucketsOf(names),
        notifyingBuckets: [names.ingestBucket, names.recordingBucket],
        putEvent: bus.putEvent,
        credentials,
        secret,
        onError: (error) => log(`vod-local: S3: ${error instanceof Error ? error.message : String(error)}`),
      }),
      startDynamo(dataDir, region, secret),
    ]);
    // Whichever started is stopped below if the other failed: its port and files are released.
    if (s3Started.status === 'fulfilled') stops.push(() => s3Started.value.close());
    if (dynamoStarted.status === 'fulfilled') stops.push(() => dynamoStarted.value.close());
    if (s3Started.status === 'rejected') throw s3Started.reason;
    if (dynamoStarted.status === 'rejected') throw dynamoStarted.reason;
    const s3 = s3Started.value;
    const dynamo = dynamoStarted.value;
    await ensureTables(dynamo.client, names);
    const dynamoProxy = proxyTo(dynamo.port, secret);
    stops.push(() => dynamoProxy.close());

    const stepFunctions = new LocalStepFunctions({
      dataDir,
      region,
      accountId,
      invokeFunction: lambda.invoke,
      dynamodb: dynamo.client,
      putEvent: bus.putEvent,
    });
    let endpoint = '';
    const mediaConvert = new MediaConvertService({
      dataDir,
      region,
      accountId,
      endpoint: () => endpoint,
      credentials,
      putEvent: bus.putEvent,
      templatesDir: JOB_TEMPLATES_DIR,
      concurrency: options.mediaConvertConcurrency,
      paused: options.mediaConvertPaused,
      log,
    });

    const keys = assetKeys(settings);
    const info = () => ({
      ...pipelineInfo(
        names,
        settings,
        endpoint,
        region,
        assetStates(dataDir, keys, (key) => s3.store.record(names.assetsBucket, key)?.etag),
      ),
      dataDir,
    });
    const gateway = new Gateway({
      routes: {
        s3: s3.handler,
        dynamodb: dynamoProxy.handler,
        states: stepFunctionsHandler(stepFunctions.operations),
        events: jsonRpcHandler('AWSEvents', eventBridgeOperations(bus), 'application/x-amz-json-1.1', 'EventBridge'),
        mediaconvert: mediaConvertHandler(mediaConvert),
        lambda: lambdaHandler(lambdaService),
        logs: jsonRpcHandler(LOGS_TARGET_PREFIX, logsOperations(logs), 'application/x-amz-json-1.1', 'CloudWatch Logs'),
      },
      credentials,
      streaming: ['s3'],
      // DynamoDB's largest requests (BatchWriteItem) reach 16 MB, a synchronous Invoke's payload 6 MB; the other services take 1 MiB.
      bodyLimits: { dynamodb: 16 * 1024 * 1024, lambda: 6 * 1024 * 1024 },
      publicRoutes: [{ prefix: PLAYBACK_PATH, handler: playbackHandler(s3.store, names.outputBucket) }, ...(options.publicRoutes ?? [])],
      // A browser form POST is signed by its policy, which the local S3 checks.
      selfSigned: (request) => (isFormPost(request.method, request.headers) ? 's3' : undefined),
      info: () => info(),
      onError: (error) => log(`vod-local: a request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    });
    endpoint = await gateway.listen(options.port ?? config.port, options.host ?? config.host);
    stops.push(() => gateway.close());
    lock.setEndpoint(endpoint);
    lambda.start(endpoint, credentials);
    stops.push(() => lambda.stop());
    if (options.defaultAssets ?? true) {
      const assetClients = localClients(endpoint, credentials, region);
      try {
        const installed = await installDefaultAssets({ dataDir, bucket: names.assetsBucket, keys, s3: assetClients.s3 });
        if (installed.length > 0)
          log(`vod-local: installed generated defaults of ${installed.join(', ')} in s3://${names.assetsBucket} (upload your own to replace them)`);
      } finally {
        assetClients.destroy();
      }
    }

    // Rules first: the status change events of what Step Functions does at start() must reach the
    // execution-status function.
    for (const [rule, spec] of Object.entries(RULES) as [keyof typeof RULES, (typeof RULES)[keyof typeof RULES]][]) {
      bus.addRule({
        name: rule,
        description: spec.description,
        pattern: EVENT_PATTERNS[rule](names, settings),
        target:
          spec.target.kind === 'stateMachine'
            ? { kind: 'stateMachine', arn: names.stateMachineArn }
            : { kind: 'function', arn: functionArn(spec.target.name) },
      });
    }
    // Before any service puts an event: what an earlier run left undelivered goes first.
    const resumed = bus.resumePending();
    if (resumed > 0) log(`vod-local: delivering ${resumed} event${resumed === 1 ? '' : 's'} an earlier run left undelivered`);
    // Objects a crash left whole but unannounced: their events go out now, with their own sequencers.
    const announced = s3.announcePending();
    if (announced > 0) log(`vod-local: announcing ${announced} upload${announced === 1 ? '' : 's'} an earlier run stored but did not announce`);
    // A cloud started only to read leaves the executions a previous run left RUNNING to the next one.
    await stepFunctions.start({ resume: !options.holdExecutionStarts });
    stops.push(() => stepFunctions.stop());
    // Stopped after MediaConvert: no more deliveries or retries while the services go down.
    stops.push(() => bus.stop());
    await deployStateMachine(stepFunctions, names, settings, accountId);
    // Once the rules exist and Step Functions has resumed the executions a previous run left
    // RUNNING (their task tokens wait again): the jobs that run left run now, and their events
    // complete those tokens through job-events.
    await mediaConvert.start();
    // Stopped first: its ffmpeg processes are killed and its uploads end while S3 and the gateway are up.
    stops.push(() => mediaConvert.stop());
    bus.release(options.holdExecutionStarts ? (rule) => rule.target.kind !== 'stateMachine' : undefined);

    const startupMs = Math.round(performance.now() - started);
    log(`vod-local: ready at ${endpoint} in ${startupMs} ms (data in ${dataDir})`);
    return {
      endpoint,
      names,
      settings,
      dataDir,
      credentials,
      internalPorts: { s3: s3.port, dynamodb: dynamo.port },
      startupMs,
      bus,
      info,
      webhook,
      idle: async () => {
        // Status change events reach the bus asynchronously; let them be put before waiting on it.
        await stepFunctions.flushed();
        await bus.idle();
        await webhook?.idle();
      },
      stop: async () => {
        await stopAll();
        log('vod-local: stopped');
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Creates the state machine from the definition file, or updates it when the definition changed. */
async function deployStateMachine(
  stepFunctions: LocalStepFunctions,
  names: ResourceNames,
  settings: PipelineSettings,
  accountId: string,
): Promise<void> {
  const definition = substituteDefinition(
    fs.readFileSync(STATE_MACHINE_DEFINITION, 'utf8'),
    definitionSubstitutions(functionArns(), names, settings),
  );
  const roleArn = `arn:aws:iam::${accountId}:role/vod-pipeline-state-machine`;
  // Validating a definition takes most of a second: skip it when a restart finds it deployed.
  const deployed = (await stepFunctions.operations.DescribeStateMachine({ stateMachineArn: names.stateMachineArn }).catch(() => undefined)) as
    | { definition?: string }
    | undefined;
  if (deployed?.definition === definition) return;
  await stepFunctions.operations
    .CreateStateMachine({ name: STATE_MACHINE_NAME, definition, roleArn, type: 'STANDARD' })
    .catch(async (error: unknown) => {
      if ((error as { code?: string }).code !== 'StateMachineAlreadyExists') throw error;
      await stepFunctions.operations.UpdateStateMachine({ stateMachineArn: names.stateMachineArn, definition, roleArn });
    });
}

/**
 * The local Lambda service: the wiring's functions invoked in-process, each with its configured
 * environment, timeout and memory, a Lambda context, and errors in the shape the Lambda service
 * returns them (which Step Functions turns into the error names the state machine matches).
 */
import type { Credentials } from '../auth/sigv4';
import { randomBytes, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { Context } from 'aws-lambda';
import type { FunctionName, FunctionSpec, PipelineSettings, ResourceNames } from '../../infra/wiring';
import { FUNCTIONS, ROOT } from '../../infra/wiring';
import { resetClients } from '../../functions/shared/clients';
import { ENV } from '../../functions/shared/config';
import { localPlaybackBaseUrl } from '../playback';
import { functionName } from '../resources';
import { LogStore } from '../logs/store';
import { AwsError } from '../protocol/aws-error';
import { InvocationLog, captureOutput, withInvocationLog } from './log-capture';
import type { InvokeFunction, InvokeResult } from './types';

// A handler module's export: its signature is the handler's own business.
type Handler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Loads a handler module. The one place modules are loaded: under jest the require goes through
 * its transform (swc); the CLI registers a TypeScript loader before starting the local cloud.
 */
export function loadHandlerModule(entry: string): { handler?: unknown } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- handlers are loaded on demand, by path
  return require(path.join(ROOT, entry)) as { handler?: unknown };
}

export interface LambdaRuntimeOptions {
  names: ResourceNames;
  settings: PipelineSettings;
  region: string;
  accountId: string;
  /** Invocations running at once; more wait their turn. */
  concurrency?: number;
  /**
   * The functions' log level (POWERTOOLS_LOG_LEVEL) unless the environment sets one. Their logs
   * go to this process's stdout (INFO, DEBUG) and stderr (WARN, ERROR), as on Lambda.
   */
  logLevel?: string;
  functions?: Record<string, FunctionSpec>;
  loadModule?: (entry: string) => { handler?: unknown };
  /**
   * Where the functions' logs are kept, as CloudWatch Logs keeps them (see local/logs/store.ts):
   * each invocation's lines, between START and END/REPORT lines, in its function's log stream.
   * Without it, logs only go to stdout and stderr.
   */
  dataDir?: string;
  now?: () => Date;
}

export const DEFAULT_CONCURRENCY = 4;

/**
 * The environment every function needs, merged: in-process functions share one process.env, so
 * two functions that set a variable differently cannot both run here.
 */
export function sharedEnvironment(functions: Record<string, FunctionSpec>, names: ResourceNames, settings: PipelineSettings): Record<string, string> {
  const merged: Record<string, string> = {};
  const setBy: Record<string, string> = {};
  for (const [name, spec] of Object.entries(functions)) {
    for (const [variable, value] of Object.entries(spec.environment(names, settings))) {
      if (variable in merged && merged[variable] !== value) {
        throw new Error(
          `Local Lambda: functions ${setBy[variable]} and ${name} set ${variable} differently ` +
            `(${JSON.stringify(merged[variable])} and ${JSON.stringify(value)}); functions run in one process and share ` +
            'one environment, so the wiring must give them the same value',
        );
      }
      merged[variable] = value;
      setBy[variable] = name;
    }
  }
  return merged;
}

/** The Lambda service's shape of a function error. */
export function errorResult(error: unknown): Extract<InvokeResult, { ok: false }> {
  if (error instanceof Error) {
    return {
      ok: false,
      errorType: error.name,
      errorMessage: error.message,
      trace: (error.stack ?? `${error.name}: ${error.message}`).split('\n'),
    };
  }
  // The Node.js runtime reports a thrown non-Error by its type.
  return { ok: false, errorType: typeof error, errorMessage: typeof error === 'string' ? error : JSON.stringify(error) };
}

class Semaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async acquire(): Promise<() => void> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    return () => {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    };
  }
}

class Timeout extends Error {
  constructor(seconds: number) {
    super(`Task timed out after ${seconds.toFixed(2)} seconds`);
    this.name = 'Sandbox.Timedout';
  }
}

export class LambdaRuntime {
  private readonly functions: Record<string, FunctionSpec>;
  private readonly semaphore: Semaphore;
  private readonly environment: Record<string, string>;
  private saved: Record<string, string | undefined> | undefined;
  /** Ends the invocations still running, when the service stops. */
  private readonly running = new Set<(error: Error) => void>();
  /** The handlers' own promises, which go on after their invocation ended (a timeout, a stop). */
  private readonly handlers = new Set<Promise<unknown>>();
  private readonly logs?: LogStore;
  /** Each function's log stream: one per start of the runtime, as one per Lambda execution environment. */
  private readonly streams = new Map<string, string>();
  private releaseCapture?: () => void;
  private readonly now: () => Date;

  constructor(private readonly options: LambdaRuntimeOptions) {
    this.functions = options.functions ?? FUNCTIONS;
    this.semaphore = new Semaphore(options.concurrency ?? DEFAULT_CONCURRENCY);
    // Computed up front: a conflicting wiring fails the start, not the first invocation.
    this.environment = sharedEnvironment(this.functions, options.names, options.settings);
    this.logs = options.dataDir ? new LogStore(options.dataDir) : undefined;
    this.now = options.now ?? (() => new Date());
  }

  /** The wiring's functions, by wiring name. */
  get specs(): Readonly<Record<string, FunctionSpec>> {
    return this.functions;
  }

  /** The environment the functions run with (shared: one process). */
  get sharedEnvironment(): Readonly<Record<string, string>> {
    return this.environment;
  }

  /** The log stream of a function's invocations since this start: `YYYY/MM/DD/[$LATEST]<32 hex>`. */
  logStreamOf(fn: string): string {
    let stream = this.streams.get(fn);
    if (!stream) {
      const day = this.now().toISOString().slice(0, 10).replace(/-/g, '/');
      stream = `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
      this.streams.set(fn, stream);
    }
    return stream;
  }

  /**
   * Sets the functions' environment (the handlers read process.env lazily) with every AWS client
   * pointed at the local cloud's endpoint and signing with its key pair, and the playback URLs they
   * record pointed at its playback route (unless the wiring names another playback base).
   */
  start(endpoint: string, credentials: Credentials): void {
    const variables: Record<string, string> = {
      [ENV.playbackBaseUrl]: localPlaybackBaseUrl(endpoint),
      ...this.environment,
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: this.options.region,
      AWS_DEFAULT_REGION: this.options.region,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      ...(this.options.logLevel && !process.env.POWERTOOLS_LOG_LEVEL ? { POWERTOOLS_LOG_LEVEL: this.options.logLevel } : {}),
    };
    this.saved ??= Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
    Object.assign(process.env, variables);
    // Clients cached by an earlier start point at its endpoint.
    resetClients();
    if (this.logs) this.releaseCapture ??= captureOutput();
  }

  /**
   * Ends the running invocations with an error (their handlers cannot be stopped in-process; what
   * they return is ignored), waits a while for those handlers to finish, and restores the
   * environment the process had before start().
   */
  async stop(drainMs = 5000): Promise<void> {
    for (const end of this.running) end(new Error('The local Lambda service stopped during the invocation'));
    this.running.clear();
    this.releaseCapture?.();
    this.releaseCapture = undefined;
    // Their handlers go on in this process: let them finish (the services below are still up), so no
    // work of a stopped cloud continues after stop() returns.
    if (this.handlers.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...this.handlers]), new Promise((resolve) => (timer = setTimeout(resolve, drainMs)))]);
      clearTimeout(timer);
    }
    if (!this.saved) return;
    for (const [name, value] of Object.entries(this.saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    this.saved = undefined;
    resetClients();
  }

  /** The wiring's name of a function given by local name (`vod-probe`), wiring name or ARN. */
  resolve(functionNameOrArn: string): string | undefined {
    const match = /^arn:aws:lambda:[^:]+:[^:]+:function:([^:]+)(?::[^:]+)?$/.exec(functionNameOrArn);
    const name = match ? match[1] : functionNameOrArn;
    return Object.keys(this.functions).find((fn) => functionName(fn as FunctionName) === name || fn === name);
  }

  private handlerOf(spec: FunctionSpec): Handler | InvokeResult {
    let module: { handler?: unknown };
    try {
      module = (this.options.loadModule ?? loadHandlerModule)(spec.entry);
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return { ok: false, errorType: 'Runtime.ImportModuleError', errorMessage: message };
    }
    if (typeof module.handler !== 'function') {
      return {
        ok: false,
        errorType: 'Runtime.HandlerNotFound',
        errorMessage: `${spec.entry}: handler is undefined or not exported`,
      };
    }
    return module.handler as Handler;
  }

  readonly invoke: InvokeFunction = async (functionNameOrArn, payload) => {
    const name = this.resolve(functionNameOrArn);
    if (!name) {
      const known = Object.keys(this.functions).map((fn) => functionName(fn as FunctionName));
      throw new AwsError('ResourceNotFoundException', `Function not found: ${functionNameOrArn}; the local functions are ${known.join(', ')}`, 404);
    }
    const spec = this.functions[name];
    const release = await this.semaphore.acquire();
    try {
      const handler = this.handlerOf(spec);
      if (typeof handler !== 'function') return handler;
      return await this.run(name as FunctionName, spec, handler, payload);
    } finally {
      release();
    }
  };

  private async run(name: FunctionName, spec: FunctionSpec, handler: Handler, payload: unknown): Promise<InvokeResult> {
    // The payload crosses a JSON boundary on AWS: no shared references, no undefined members.
    const event: unknown = JSON.parse(JSON.stringify(payload ?? null));
    const started = Date.now();
    const deadline = started + spec.timeoutSeconds * 1000;
    const context = this.context(name, spec, deadline);
    const log = new InvocationLog();
    log.line(`START RequestId: ${context.awsRequestId} Version: $LATEST`);
    let timer: NodeJS.Timeout | undefined;
    let end: ((error: Error) => void) | undefined;
    const timeout = new Promise<never>((_, reject) => {
      end = reject;
      timer = setTimeout(() => reject(new Timeout(spec.timeoutSeconds)), spec.timeoutSeconds * 1000);
    });
    this.running.add(end!);
    let result: InvokeResult;
    try {
      // A timed-out handler cannot be stopped in-process; its result is ignored, as Lambda's would be lost.
      const running = withInvocationLog(log, () => Promise.resolve().then(() => handler(event, context)));
      this.handlers.add(running);
      void running.catch(() => undefined).finally(() => this.handlers.delete(running));
      const value = await Promise.race([running, timeout]);
      result = { ok: true, payload: value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown) };
    } catch (error) {
      result = errorResult(error);
    } finally {
      clearTimeout(timer);
      this.running.delete(end!);
    }
    return { ...result, ...this.endLog(context, spec, log, result, Date.now() - started) };
  }

  /**
   * Ends an invocation's log as Lambda does (an unhandled error's line, END and REPORT) and keeps it
   * in the function's log stream. Returns the log's text, for Invoke's LogType Tail.
   */
  private endLog(context: Context, spec: FunctionSpec, log: InvocationLog, result: InvokeResult, durationMs: number): { log?: string } {
    if (!this.logs) return {};
    const requestId = context.awsRequestId;
    if (!result.ok) {
      // Lambda's JSON log format for an error the handler did not catch.
      log.line(
        JSON.stringify({
          timestamp: new Date().toISOString(),
          level: 'ERROR',
          requestId,
          message: 'Invoke Error',
          errorType: result.errorType,
          errorMessage: result.errorMessage,
          stackTrace: result.trace ?? [],
        }),
      );
    }
    const timedOut = !result.ok && result.errorType === 'Sandbox.Timedout';
    log.line(`END RequestId: ${requestId}`);
    log.line(
      `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(durationMs))} ms\t` +
        `Memory Size: ${spec.memoryMb} MB\tMax Memory Used: ${Math.round(process.memoryUsage().rss / 1048576)} MB${timedOut ? '\tStatus: timeout' : ''}`,
    );
    try {
      this.logs.append(context.logGroupName, context.logStreamName, log.events);
    } catch (error) {
      process.stderr.write(`vod-local: the log of ${context.functionName} request ${requestId} was not kept: ${(error as Error).message}\n`);
    }
    return { log: log.events.map((line) => line.message).join('\n') + '\n' };
  }

  private context(name: FunctionName, spec: FunctionSpec, deadline: number): Context {
    const fn = functionName(name);
    const unsupported = () => {
      throw new Error('Local Lambda: the callback-style context methods are not supported; return or throw instead');
    };
    return {
      callbackWaitsForEmptyEventLoop: true,
      functionName: fn,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${this.options.region}:${this.options.accountId}:function:${fn}`,
      memoryLimitInMB: String(spec.memoryMb),
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${fn}`,
      logStreamName: this.logStreamOf(fn),
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: unsupported,
      fail: unsupported,
      succeed: unsupported,
    };
  }
}

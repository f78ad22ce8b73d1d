/**
 * The local Lambda service as an AWS user sees it: the pipeline's functions described as
 * ListFunctions and GetFunction describe them, and Invoke with its invocation types, over the
 * in-process runtime (runtime.ts) that runs them.
 */
import type { FunctionName, FunctionSpec, PipelineSettings, ResourceNames } from '../../infra/wiring';
import { AwsError } from '../protocol/aws-error';
import type { PageBounds, PageRequest } from '../protocol/pager';
import { listPage } from '../protocol/pager';
import { functionName } from '../resources';
import type { LambdaRuntime } from './runtime';
import type { InvokeResult } from './types';

/** The runtime the pipeline's functions are deployed with (infra/lib/functions.ts). */
export const FUNCTION_RUNTIME = 'nodejs22.x';
const ARCHITECTURE = 'arm64';

/** ListFunctions' MaxItems: 1 to 50, 50 by default. */
const PAGE_BOUNDS: PageBounds = { defaultSize: 50, max: 50, errorCode: 'InvalidParameterValueException' };

/** A function as ListFunctions and GetFunctionConfiguration describe it (the SDK's FunctionConfiguration). */
export interface FunctionConfiguration {
  FunctionName: string;
  FunctionArn: string;
  Runtime: string;
  Role: string;
  Handler: string;
  CodeSize: number;
  Description: string;
  Timeout: number;
  MemorySize: number;
  LastModified: string;
  Version: '$LATEST';
  Environment: { Variables: Record<string, string> };
  PackageType: 'Zip';
  Architectures: string[];
  State: 'Active';
  LastUpdateStatus: 'Successful';
  LoggingConfig: { LogFormat: 'JSON'; LogGroup: string };
}

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';

export interface InvokeRequest {
  functionName: string;
  payload: unknown;
  invocationType?: string;
  /** `Tail`: the answer carries the last 4 KB of the invocation's log. */
  logType?: string;
}

export type InvokeAnswer = { invocationType: 'RequestResponse'; result: InvokeResult; logTail?: string } | { invocationType: 'Event' | 'DryRun' };

export interface LocalLambdaOptions {
  runtime: LambdaRuntime;
  names: ResourceNames;
  settings: PipelineSettings;
  region: string;
  accountId: string;
  now?: () => Date;
}

/** The last 4 KB of a log, as Invoke's LogResult carries it (base64 of the text). */
export function logTail(log: string, bytes = 4096): string {
  const buffer = Buffer.from(log, 'utf8');
  return buffer.subarray(Math.max(0, buffer.length - bytes)).toString('base64');
}

/** Lambda's timestamp form: `2026-12-03T14:00:00.000+0000`. */
const lambdaTime = (time: Date) => time.toISOString().replace('Z', '+0000');

export class LocalLambda {
  private readonly deployed: string;

  constructor(private readonly options: LocalLambdaOptions) {
    this.deployed = lambdaTime((options.now ?? (() => new Date()))());
  }

  private configuration(name: string, spec: FunctionSpec): FunctionConfiguration {
    const fn = functionName(name as FunctionName);
    const { region, accountId } = this.options;
    return {
      FunctionName: fn,
      FunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${fn}`,
      Runtime: FUNCTION_RUNTIME,
      Role: `arn:aws:iam::${accountId}:role/${fn}`,
      Handler: `${spec.entry.replace(/\.ts$/, '')}.handler`,
      // Not a deployment package: the handler runs from the sources.
      CodeSize: 0,
      Description: spec.description,
      Timeout: spec.timeoutSeconds,
      MemorySize: spec.memoryMb,
      LastModified: this.deployed,
      Version: '$LATEST',
      Environment: { Variables: spec.environment(this.options.names, this.options.settings) },
      PackageType: 'Zip',
      Architectures: [ARCHITECTURE],
      State: 'Active',
      LastUpdateStatus: 'Successful',
      LoggingConfig: { LogFormat: 'JSON', LogGroup: `/aws/lambda/${fn}` },
    };
  }

  private spec(functionNameOrArn: string): [string, FunctionSpec] {
    const name = this.options.runtime.resolve(functionNameOrArn);
    if (!name) {
      const known = Object.keys(this.options.runtime.specs).map((fn) => functionName(fn as FunctionName));
      throw new AwsError('ResourceNotFoundException', `Function not found: ${functionNameOrArn}; the local functions are ${known.join(', ')}`, 404);
    }
    return [name, this.options.runtime.specs[name]];
  }

  listFunctions(request: PageRequest = {}): { Functions: FunctionConfiguration[]; NextMarker?: string } {
    const all = Object.entries(this.options.runtime.specs)
      .map(([name, spec]) => this.configuration(name, spec))
      .sort((a, b) => a.FunctionName.localeCompare(b.FunctionName));
    const { items, nextToken } = listPage('functions', all, request, PAGE_BOUNDS);
    return { Functions: items, ...(nextToken ? { NextMarker: nextToken } : {}) };
  }

  getFunctionConfiguration(functionNameOrArn: string): FunctionConfiguration {
    return this.configuration(...this.spec(functionNameOrArn));
  }

  /**
   * Invokes a function: RequestResponse waits for its result (a function error is a result, with its
   * error payload), Event queues it and answers at once, DryRun only checks the function exists.
   */
  async invoke(request: InvokeRequest): Promise<InvokeAnswer> {
    const type = request.invocationType ?? 'RequestResponse';
    if (type !== 'RequestResponse' && type !== 'Event' && type !== 'DryRun') {
      throw new AwsError(
        'InvalidParameterValueException',
        `X-Amz-Invocation-Type must be RequestResponse, Event or DryRun (is ${JSON.stringify(type)})`,
      );
    }
    if (request.logType !== undefined && request.logType !== 'None' && request.logType !== 'Tail') {
      throw new AwsError('InvalidParameterValueException', `X-Amz-Log-Type must be None or Tail (is ${JSON.stringify(request.logType)})`);
    }
    this.spec(request.functionName);
    if (type === 'DryRun') return { invocationType: type };
    if (type === 'Event') {
      // Asynchronous: the result goes to the function's log only.
      void this.options.runtime.invoke(request.functionName, request.payload).catch(() => undefined);
      return { invocationType: type };
    }
    const result = await this.options.runtime.invoke(request.functionName, request.payload);
    return { invocationType: type, result, ...(request.logType === 'Tail' && result.log !== undefined ? { logTail: logTail(result.log) } : {}) };
  }
}

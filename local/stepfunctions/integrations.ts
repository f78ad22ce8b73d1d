/**
 * The Task resources the local executor runs, with the response and error shapes AWS Step Functions
 * gives them: `lambda:invoke` (and `.waitForTaskToken`), a plain Lambda function ARN, and the
 * optimized DynamoDB item integrations.
 */
import { randomUUID } from 'node:crypto';
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type DeleteItemCommandOutput,
  type DynamoDBClient,
  type GetItemCommandOutput,
  type PutItemCommandOutput,
  type UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import type { InvokeFunction } from '../lambda/types';

export type TaskResource =
  | { kind: 'lambda:invoke'; callback: boolean; resourceType: 'lambda'; resource: string }
  | { kind: 'dynamodb'; action: DynamoDbAction; resourceType: 'dynamodb'; resource: DynamoDbAction }
  | { kind: 'lambda:function'; functionArn: string };

const DYNAMODB_ACTIONS = ['putItem', 'updateItem', 'getItem', 'deleteItem'] as const;
type DynamoDbAction = (typeof DYNAMODB_ACTIONS)[number];

export const SUPPORTED_RESOURCES = [
  'arn:aws:states:::lambda:invoke',
  'arn:aws:states:::lambda:invoke.waitForTaskToken',
  ...DYNAMODB_ACTIONS.map((action) => `arn:aws:states:::dynamodb:${action}`),
  'arn:aws:lambda:<region>:<account>:function:<name>',
];

const INTEGRATION = /^arn:aws:states:[a-z0-9-]*:\d*:([a-z0-9]+):([A-Za-z]+)(?:\.([A-Za-z0-9:]+))?$/;
const FUNCTION = /^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(?::[A-Za-z0-9$_-]+)?$/;

/** The integration a Task's Resource names, or undefined when the local executor does not run it. */
export function parseTaskResource(resource: unknown): TaskResource | undefined {
  if (typeof resource !== 'string') return undefined;
  if (FUNCTION.test(resource)) return { kind: 'lambda:function', functionArn: resource };
  const match = INTEGRATION.exec(resource);
  if (!match) return undefined;
  const [, service, action, pattern] = match;
  if (service === 'lambda' && action === 'invoke' && (pattern === undefined || pattern === 'waitForTaskToken')) {
    const callback = pattern === 'waitForTaskToken';
    return { kind: 'lambda:invoke', callback, resourceType: 'lambda', resource: callback ? 'invoke.waitForTaskToken' : 'invoke' };
  }
  const dynamoAction = DYNAMODB_ACTIONS.find((candidate) => candidate === action);
  if (service === 'dynamodb' && dynamoAction && pattern === undefined) {
    return { kind: 'dynamodb', action: dynamoAction, resourceType: 'dynamodb', resource: dynamoAction };
  }
  return undefined;
}

/** What a task attempt produced: its result, or the error and cause the state's Retry and Catch see. */
type TaskFailure = { ok: false; error: string; cause: string };
export type TaskOutcome = { ok: true; output: unknown } | TaskFailure;

function httpMetadata(requestId: string, headers: Record<string, string>) {
  return {
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
      HttpHeaders: headers,
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
  };
}

/** Lambda service errors keep their name under `Lambda.`; anything else is a service exception. */
function lambdaServiceError(error: unknown): TaskFailure {
  const name = error instanceof Error && /Exception$/.test(error.name) ? error.name : 'ServiceException';
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: `Lambda.${name}`, cause: message };
}

/**
 * `arn:aws:states:::lambda:invoke`: the Parameters are the Invoke request (FunctionName, Payload,
 * ...). The result is the Invoke response as Step Functions returns it; a function error fails the
 * task with the function's errorType and its error payload as cause.
 */
export async function invokeLambda(invoke: InvokeFunction, parameters: unknown, now: Date): Promise<TaskOutcome> {
  const request = (parameters ?? {}) as { FunctionName?: unknown; Payload?: unknown };
  if (typeof request.FunctionName !== 'string' || request.FunctionName === '') {
    return {
      ok: false,
      error: 'States.Runtime',
      cause: 'lambda:invoke needs Parameters.FunctionName (a function name or ARN); add it to the state definition.',
    };
  }
  const result = await invokeOutcome(invoke, request.FunctionName, request.Payload ?? {});
  if (!result.ok) return result;
  const requestId = randomUUID();
  const body = JSON.stringify(result.payload ?? null);
  return {
    ok: true,
    output: {
      ExecutedVersion: '$LATEST',
      Payload: result.payload ?? null,
      ...httpMetadata(requestId, {
        Connection: 'keep-alive',
        'Content-Length': String(Buffer.byteLength(body)),
        'Content-Type': 'application/json',
        Date: now.toUTCString(),
        'X-Amz-Executed-Version': '$LATEST',
        'x-amzn-Remapped-Content-Length': '0',
        'x-amzn-RequestId': requestId,
      }),
      StatusCode: 200,
    },
  };
}

/**
 * Invokes a function; a function error fails the task with the function's error type as the error
 * and AWS's `{errorType, errorMessage, trace}` JSON as the cause.
 */
async function invokeOutcome(invoke: InvokeFunction, functionName: string, payload: unknown): Promise<{ ok: true; payload: unknown } | TaskFailure> {
  let result;
  try {
    result = await invoke(functionName, payload);
  } catch (error) {
    return lambdaServiceError(error);
  }
  if (!result.ok) {
    return {
      ok: false,
      error: result.errorType || 'Lambda.Unknown',
      cause: JSON.stringify({ errorType: result.errorType, errorMessage: result.errorMessage, trace: result.trace ?? [] }),
    };
  }
  return { ok: true, payload: result.payload };
}

/** A plain function ARN as Resource: the state's input is the payload, the function's result the output. */
export async function invokeFunctionArn(invoke: InvokeFunction, functionArn: string, input: unknown): Promise<TaskOutcome> {
  const result = await invokeOutcome(invoke, functionArn, input);
  return result.ok ? { ok: true, output: result.payload ?? null } : result;
}

interface AwsServiceError {
  name: string;
  message: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

/**
 * `arn:aws:states:::dynamodb:<action>`: the Parameters are the DynamoDB request in its attribute-value
 * form; errors are named `DynamoDB.<ExceptionName>` with the Java SDK's message format as cause.
 */
export async function callDynamoDb(client: DynamoDBClient, action: DynamoDbAction, parameters: unknown): Promise<TaskOutcome> {
  // The Parameters are the request JSON as written in the definition; the SDK validates it.
  const input = parameters as never;
  let response: PutItemCommandOutput | UpdateItemCommandOutput | GetItemCommandOutput | DeleteItemCommandOutput;
  try {
    switch (action) {
      case 'putItem':
        response = await client.send(new PutItemCommand(input));
        break;
      case 'updateItem':
        response = await client.send(new UpdateItemCommand(input));
        break;
      case 'getItem':
        response = await client.send(new GetItemCommand(input));
        break;
      case 'deleteItem':
        response = await client.send(new DeleteItemCommand(input));
        break;
    }
  } catch (error) {
    const failure = error as AwsServiceError;
    const name = typeof failure.name === 'string' && failure.name !== 'Error' ? failure.name : 'AmazonDynamoDBException';
    const status = failure.$metadata?.httpStatusCode ?? 400;
    const requestId = failure.$metadata?.requestId ?? randomUUID();
    return {
      ok: false,
      error: `DynamoDB.${name}`,
      cause: `${failure.message} (Service: DynamoDb, Status Code: ${status}, Error Code: ${name}, Request ID: ${requestId})`,
    };
  }
  const { $metadata, ...body } = response;
  const requestId = $metadata.requestId ?? randomUUID();
  return {
    ok: true,
    output: {
      ...body,
      ...httpMetadata(requestId, {
        Connection: 'keep-alive',
        'Content-Type': 'application/x-amz-json-1.0',
        'x-amzn-RequestId': requestId,
      }),
    },
  };
}

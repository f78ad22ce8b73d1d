/**
 * The AWS JSON protocol (1.0 and 1.1) that Step Functions, EventBridge and DynamoDB speak:
 * `POST /` with `X-Amz-Target: <Prefix>.<Operation>` and a JSON body; errors as
 * `{ "__type": "<Code>", "message": "..." }` with a 4xx or 5xx status.
 */
import type { ServiceHandler } from '../gateway';

import { AwsError, unknownOperation } from './aws-error';

/** The AWS-shaped error, by its earlier name (local/protocol/aws-error.ts defines it). */
export { AwsError as ServiceError } from './aws-error';

// Operation inputs are untyped JSON on the wire; each operation validates what it reads.
export type Operation = (input: Record<string, unknown>) => Promise<unknown>;

const kindOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`);

/**
 * The operation's input: the body's JSON object (an empty body is an empty input), or why the
 * body is not one. Operations read members of an object; anything else is the caller's error.
 */
export function requestInput(body: Buffer): Record<string, unknown> | string {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    return `The request body is not valid JSON (${error instanceof Error ? error.message : String(error)}); send the operation's input as a JSON object`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return `The request body is ${kindOf(parsed)}, not a JSON object; send the operation's input as a JSON object (\`{}\` when it has no members)`;
  }
  return parsed as Record<string, unknown>;
}

export function jsonRpcHandler(
  targetPrefix: string,
  operations: Record<string, Operation>,
  contentType = 'application/x-amz-json-1.0',
  /** How errors name the service (`Step Functions`); default the target prefix. */
  serviceName = targetPrefix,
): ServiceHandler {
  return async (request, response, body) => {
    const reply = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': contentType });
      response.end(JSON.stringify(payload ?? {}));
    };
    const target = String(request.headers['x-amz-target'] ?? '');
    const [prefix, name] = target.split('.');
    const operation = prefix === targetPrefix && name ? operations[name] : undefined;
    if (!operation) {
      const unknown = unknownOperation(serviceName, target || 'a request without X-Amz-Target', Object.keys(operations));
      reply(unknown.status, { __type: unknown.code, message: unknown.message });
      return;
    }
    const input = requestInput(body);
    if (typeof input === 'string') {
      reply(400, { __type: 'SerializationException', message: input });
      return;
    }
    try {
      reply(200, await operation(input));
    } catch (error) {
      if (error instanceof AwsError) {
        reply(error.status, { __type: error.code, message: error.message });
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      reply(500, { __type: 'InternalFailure', message });
    }
  };
}

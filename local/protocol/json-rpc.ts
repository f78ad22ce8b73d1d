/**
 * The AWS JSON protocol (1.0 and 1.1) that Step Functions, EventBridge and DynamoDB speak:
 * `POST /` with `X-Amz-Target: <Prefix>.<Operation>` and a JSON body; errors as
 * `{ "__type": "<Code>", "message": "..." }` with a 4xx or 5xx status.
 */
import type { ServiceHandler } from '../gateway';

/** An error the API reports to the caller with AWS's error code. */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

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
      reply(400, { __type: 'UnknownOperationException', message: `${target || 'No X-Amz-Target'} is not supported locally` });
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
      if (error instanceof ServiceError) {
        reply(error.status, { __type: error.code, message: error.message });
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      reply(500, { __type: 'InternalFailure', message });
    }
  };
}

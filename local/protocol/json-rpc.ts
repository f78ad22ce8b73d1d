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
    let input: Record<string, unknown>;
    try {
      input = body.length > 0 ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      reply(400, { __type: 'SerializationException', message: 'The request body is not valid JSON' });
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

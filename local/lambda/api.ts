/**
 * The local Lambda's REST API (restJson1, as the SDK's LambdaClient and the AWS CLI call it):
 * ListFunctions `GET /2015-03-31/functions/`, GetFunction `GET /2015-03-31/functions/{name}`,
 * GetFunctionConfiguration `GET /2015-03-31/functions/{name}/configuration` and Invoke
 * `POST /2015-03-31/functions/{name}/invocations` (X-Amz-Invocation-Type, X-Amz-Log-Type; a
 * function error is answered 200 with `X-Amz-Function-Error: Unhandled` and its error payload).
 * Errors are `{ Type, message }` with the exception's name in `x-amzn-ErrorType`.
 */
import type * as http from 'node:http';
import type { ServiceHandler } from '../gateway';
import { AwsError, unknownOperation } from '../protocol/aws-error';
import type { LocalLambda } from './service';

const BASE = '/2015-03-31/functions';

export const SUPPORTED_OPERATIONS = ['ListFunctions', 'GetFunction', 'GetFunctionConfiguration', 'Invoke'];

const header = (request: http.IncomingMessage, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

function payloadOf(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new AwsError('InvalidRequestContentException', 'Could not parse request body into json: the payload must be JSON', 400);
  }
}

/** The gateway's handler of `lambda` requests. */
export function lambdaHandler(lambda: LocalLambda): ServiceHandler {
  return async (request, response, body) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(payload));
    };
    try {
      const pathname = url.pathname.replace(/\/+$/, '');
      if (method === 'GET' && pathname === BASE) {
        json(
          200,
          lambda.listFunctions({ maxResults: url.searchParams.get('MaxItems') ?? undefined, nextToken: url.searchParams.get('Marker') ?? undefined }),
        );
        return;
      }
      const match = /^\/2015-03-31\/functions\/([^/]+)(?:\/(configuration|invocations))?$/.exec(pathname);
      const name = match ? decodeURIComponent(match[1]) : '';
      if (match && method === 'GET' && match[2] === undefined) {
        const configuration = lambda.getFunctionConfiguration(name);
        json(200, { Configuration: configuration, Code: { RepositoryType: 'S3', Location: '' } });
        return;
      }
      if (match && method === 'GET' && match[2] === 'configuration') {
        json(200, lambda.getFunctionConfiguration(name));
        return;
      }
      if (match && method === 'POST' && match[2] === 'invocations') {
        const answer = await lambda.invoke({
          functionName: name,
          payload: payloadOf(body),
          invocationType: header(request, 'x-amz-invocation-type'),
          logType: header(request, 'x-amz-log-type'),
        });
        if (answer.invocationType !== 'RequestResponse') {
          response.writeHead(answer.invocationType === 'Event' ? 202 : 204, { 'content-type': 'application/json' });
          response.end();
          return;
        }
        const { result, logTail } = answer;
        const headers: Record<string, string> = { 'x-amz-executed-version': '$LATEST', ...(logTail ? { 'x-amz-log-result': logTail } : {}) };
        if (result.ok) json(200, result.payload, headers);
        else
          json(
            200,
            { errorType: result.errorType, errorMessage: result.errorMessage, trace: result.trace ?? [] },
            { ...headers, 'x-amz-function-error': 'Unhandled' },
          );
        return;
      }
      throw unknownOperation('Lambda', `${method} ${url.pathname}`, SUPPORTED_OPERATIONS);
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      json(error.status, { Type: 'User', message: error.message }, { 'x-amzn-errortype': error.code });
    }
  };
}

/**
 * The local MediaConvert's REST API (restJson1, paths under /2017-08-29/, the ones the SDK's
 * MediaConvertClient and the AWS CLI call) mapped onto the service's typed operations. Errors are
 * `{ message }` with the exception's name in `x-amzn-ErrorType`; an operation it does not
 * implement is an UnknownOperationException naming the ones it does.
 */
import type * as http from 'node:http';
import type { ServiceHandler } from '../gateway';
import { AwsError, unknownOperation } from '../protocol/aws-error';
import type { MediaConvertService } from './service';
import { isPlainObject } from './wire-case';

const BASE = '/2017-08-29';

interface Reply {
  status: number;
  payload: unknown;
}

interface Route {
  operation: string;
  method: string;
  /** The path under BASE; a group captures the resource's name. */
  path: RegExp;
  call: (
    service: MediaConvertService,
    request: { name: string; query: URLSearchParams; body: () => Record<string, unknown> },
  ) => Promise<Reply> | Reply;
}

/** A query parameter, absent when empty (as the SDK leaves unset members out). */
const param = (query: URLSearchParams, name: string): string | undefined => query.get(name) || undefined;

const pageOf = (query: URLSearchParams) => ({ maxResults: param(query, 'maxResults'), nextToken: param(query, 'nextToken') });

const ROUTES: Route[] = [
  { operation: 'CreateJob', method: 'POST', path: /^\/jobs$/, call: (mc, { body }) => ({ status: 201, payload: { job: mc.createJob(body()) } }) },
  {
    operation: 'ListJobs',
    method: 'GET',
    path: /^\/jobs$/,
    call: (mc, { query }) => ({
      status: 200,
      payload: mc.listJobs({ ...pageOf(query), status: param(query, 'status'), queue: param(query, 'queue'), order: param(query, 'order') }),
    }),
  },
  { operation: 'GetJob', method: 'GET', path: /^\/jobs\/([^/]+)$/, call: (mc, { name }) => ({ status: 200, payload: { job: mc.getJob(name) } }) },
  {
    operation: 'CancelJob',
    method: 'DELETE',
    path: /^\/jobs\/([^/]+)$/,
    call: async (mc, { name }) => {
      await mc.cancelJob(name);
      return { status: 202, payload: {} };
    },
  },
  {
    operation: 'CreateJobTemplate',
    method: 'POST',
    path: /^\/jobTemplates$/,
    call: (mc, { body }) => ({ status: 201, payload: { jobTemplate: mc.createJobTemplate(body()) } }),
  },
  {
    operation: 'ListJobTemplates',
    method: 'GET',
    path: /^\/jobTemplates$/,
    call: (mc, { query }) => ({
      status: 200,
      payload: mc.listJobTemplates({
        ...pageOf(query),
        listBy: param(query, 'listBy'),
        category: param(query, 'category'),
        order: param(query, 'order'),
      }),
    }),
  },
  {
    operation: 'GetJobTemplate',
    method: 'GET',
    path: /^\/jobTemplates\/([^/]+)$/,
    call: (mc, { name }) => ({ status: 200, payload: { jobTemplate: mc.getJobTemplate(name) } }),
  },
  {
    operation: 'ListQueues',
    method: 'GET',
    path: /^\/queues$/,
    call: (mc, { query }) => ({
      status: 200,
      payload: mc.listQueues({ ...pageOf(query), listBy: param(query, 'listBy'), order: param(query, 'order') }),
    }),
  },
  {
    operation: 'GetQueue',
    method: 'GET',
    path: /^\/queues\/([^/]+)$/,
    call: (mc, { name }) => ({ status: 200, payload: { queue: mc.getQueue(name) } }),
  },
  { operation: 'DescribeEndpoints', method: 'POST', path: /^\/endpoints$/, call: (mc) => ({ status: 200, payload: mc.describeEndpoints() }) },
];

export const SUPPORTED_OPERATIONS = ROUTES.map((route) => route.operation);

function parseBody(body: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = body.length > 0 ? JSON.parse(body.toString('utf8')) : {};
  } catch {
    throw new AwsError('BadRequestException', 'The request body is not valid JSON.');
  }
  if (!isPlainObject(parsed)) throw new AwsError('BadRequestException', 'The request body must be a JSON object.');
  return parsed;
}

async function route(service: MediaConvertService, method: string, pathname: string, query: URLSearchParams, body: Buffer): Promise<Reply> {
  const under = pathname.startsWith(`${BASE}/`) ? pathname.slice(BASE.length) : undefined;
  for (const candidate of ROUTES) {
    const match = under === undefined || candidate.method !== method ? null : candidate.path.exec(under);
    if (match) return candidate.call(service, { name: decodeURIComponent(match[1] ?? ''), query, body: () => parseBody(body) });
  }
  throw unknownOperation('MediaConvert', `${method} ${pathname}`, SUPPORTED_OPERATIONS);
}

/** The gateway's handler of `mediaconvert` requests. */
export function mediaConvertHandler(service: MediaConvertService): ServiceHandler {
  return async (request: http.IncomingMessage, response: http.ServerResponse, body: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const reply = (status: number, payload: unknown, errorType?: string) => {
      response.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
      response.end(JSON.stringify(payload));
    };
    try {
      const { status, payload } = await route(service, request.method ?? 'GET', url.pathname, url.searchParams, body);
      reply(status, payload);
    } catch (error) {
      if (error instanceof AwsError) reply(error.status, { message: error.message }, error.code);
      else throw error;
    }
  };
}

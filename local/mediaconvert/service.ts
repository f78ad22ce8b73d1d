/**
 * The local MediaConvert API (REST, restJson1, paths under /2017-08-29/): CreateJob, GetJob,
 * ListJobs and DescribeEndpoints. Jobs are stored and stay SUBMITTED: nothing processes them yet.
 */
import type * as http from 'node:http';
import type { ServiceHandler } from '../gateway';
import type { WireJob } from './jobs';
import { JobStore, newJobId } from './jobs';

export interface MediaConvertOptions {
  dataDir: string;
  region: string;
  accountId: string;
  /** The gateway's URL, which DescribeEndpoints returns. */
  endpoint: () => string;
  now?: () => Date;
}

class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const BASE = '/2017-08-29';

export class MediaConvertService {
  readonly jobs: JobStore;
  private readonly now: () => Date;

  constructor(private readonly options: MediaConvertOptions) {
    this.jobs = new JobStore(options.dataDir);
    this.now = options.now ?? (() => new Date());
  }

  private arn(resource: string): string {
    return `arn:aws:mediaconvert:${this.options.region}:${this.options.accountId}:${resource}`;
  }

  createJob(input: Record<string, unknown>): WireJob {
    if (typeof input.role !== 'string' || input.role === '') {
      throw new ApiError('BadRequestException', 'You must specify an IAM role (role) for the job.', 400);
    }
    if (typeof input.settings !== 'object' || input.settings === null || Array.isArray(input.settings)) {
      throw new ApiError('BadRequestException', 'You must specify the job settings (settings).', 400);
    }
    const token = typeof input.clientRequestToken === 'string' ? input.clientRequestToken : undefined;
    // A retried request (same client token) gets the job it created the first time.
    const earlier = token ? this.jobs.list().find((job) => job.clientRequestToken === token) : undefined;
    if (earlier) return earlier;
    const now = this.now();
    const id = newJobId(now);
    const { tags: _tags, ...members } = input;
    const createdAt = Math.floor(now.getTime() / 1000);
    const job: WireJob = {
      ...members,
      arn: this.arn(`jobs/${id}`),
      id,
      role: input.role,
      settings: input.settings as Record<string, unknown>,
      status: 'SUBMITTED',
      createdAt,
      queue: typeof input.queue === 'string' ? input.queue : this.arn('queues/Default'),
      priority: typeof input.priority === 'number' ? input.priority : 0,
      statusUpdateInterval: typeof input.statusUpdateInterval === 'string' ? input.statusUpdateInterval : 'SECONDS_60',
      accelerationStatus: 'NOT_APPLICABLE',
      userMetadata: (input.userMetadata as Record<string, string> | undefined) ?? {},
      timing: { submitTime: createdAt },
      messages: { info: [], warning: [] },
    };
    this.jobs.put(job);
    return job;
  }

  getJob(id: string): WireJob {
    const job = this.jobs.get(id);
    if (!job) throw new ApiError('NotFoundException', `The specified job ${id} does not exist.`, 404);
    return job;
  }

  listJobs(query: URLSearchParams): { jobs: WireJob[]; nextToken?: string } {
    const maxResults = Math.min(Math.max(Number(query.get('maxResults') ?? 20) || 20, 1), 20);
    const start = query.get('nextToken') ? Number(Buffer.from(query.get('nextToken')!, 'base64url').toString()) : 0;
    const status = query.get('status');
    const queue = query.get('queue');
    let jobs = this.jobs
      .list()
      .filter((job) => !status || job.status === status)
      .filter((job) => !queue || job.queue === queue || job.queue.endsWith(`/${queue}`));
    if (query.get('order') === 'ASCENDING') jobs = jobs.reverse();
    const page = jobs.slice(start, start + maxResults);
    const next = start + maxResults < jobs.length ? Buffer.from(String(start + maxResults)).toString('base64url') : undefined;
    return { jobs: page, ...(next ? { nextToken: next } : {}) };
  }

  private route(method: string, pathname: string, query: URLSearchParams, body: Buffer): { status: number; payload: unknown } {
    const parse = (): Record<string, unknown> => {
      try {
        return body.length > 0 ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        throw new ApiError('BadRequestException', 'The request body is not valid JSON.', 400);
      }
    };
    if (pathname === `${BASE}/jobs` && method === 'POST') return { status: 201, payload: { job: this.createJob(parse()) } };
    if (pathname === `${BASE}/jobs` && method === 'GET') return { status: 200, payload: this.listJobs(query) };
    const job = new RegExp(`^${BASE}/jobs/([^/]+)$`).exec(pathname);
    if (job && method === 'GET') return { status: 200, payload: { job: this.getJob(decodeURIComponent(job[1])) } };
    if (pathname === `${BASE}/endpoints` && method === 'POST') {
      return { status: 200, payload: { endpoints: [{ url: this.options.endpoint() }] } };
    }
    throw new ApiError(
      'BadRequestException',
      `The local MediaConvert does not implement ${method} ${pathname}; it serves CreateJob, GetJob, ListJobs and DescribeEndpoints.`,
      400,
    );
  }

  readonly handler: ServiceHandler = async (request: http.IncomingMessage, response: http.ServerResponse, body: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const reply = (status: number, payload: unknown, errorType?: string) => {
      response.writeHead(status, {
        'content-type': 'application/json',
        ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
      });
      response.end(JSON.stringify(payload));
    };
    try {
      const { status, payload } = this.route(request.method ?? 'GET', url.pathname, url.searchParams, body);
      reply(status, payload);
    } catch (error) {
      if (error instanceof ApiError) reply(error.status, { message: error.message }, error.code);
      else throw error;
    }
  };
}

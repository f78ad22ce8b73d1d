/**
 * The local MediaConvert: its REST API (restJson1, paths under /2017-08-29/, the ones the SDK's
 * MediaConvertClient calls) and the jobs it runs on the ffmpeg engine.
 *
 * API: CreateJob (with a JobTemplate and/or Settings; settings are planned at once, so one the
 * engine cannot run is a 400 naming it), GetJob, ListJobs, CancelJob, CreateJobTemplate,
 * GetJobTemplate, ListJobTemplates, DescribeEndpoints. Errors are `{ message }` with the
 * exception's name in `x-amzn-ErrorType`.
 *
 * Jobs: SUBMITTED jobs wait in a queue of bounded concurrency; a running job reads its inputs from
 * and writes its outputs to the local S3 through its API, and its state changes go to the local
 * EventBridge as MediaConvert's `MediaConvert Job State Change` events. Jobs are kept on disk:
 * after a restart SUBMITTED jobs run, and a job that was PROGRESSING when the local cloud stopped
 * runs again (its ffmpeg processes died with the cloud), so the execution waiting for it completes.
 */
import type * as http from 'node:http';
import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import type { Clients } from '../clients';
import type { Credentials } from '../auth/sigv4';
import { localClients } from '../clients';
import type { PutEvent } from '../eventbridge/types';
import type { ServiceHandler } from '../gateway';
import type { JobPlan, JobStorage, OutputGroupDetail } from './engine';
import { ERROR_CODES, FfmpegRunner, JobFailedError, JobSettingsError, jobSettingsFromWire, planJob, runJob } from './engine';
import type { JobEventDetail } from './job-events';
import { STATUS_UPDATE_INTERVALS, jobEvent, phaseOf, statusUpdateMs } from './job-events';
import type { WireJobTemplate } from './job-templates';
import { TemplateError, TemplateStore, readTemplateFiles } from './job-templates';
import { JobQueue } from './job-queue';
import type { WireJob } from './jobs';
import { JobStore, newJobId } from './jobs';
import { S3JobStorage } from './s3-job-storage';
import { applyTemplate } from './template-merge';
import { isPlainObject } from './wire-case';

export interface MediaConvertOptions {
  dataDir: string;
  region: string;
  accountId: string;
  /** The gateway's URL: DescribeEndpoints returns it, and jobs reach S3 through it. */
  endpoint: () => string;
  /** The key pair jobs sign their S3 requests with. */
  credentials: Credentials;
  now?: () => Date;
  /** Where job state change events go (the local EventBridge). */
  putEvent?: PutEvent;
  /** A folder of job templates (SDK shape, as job-templates/) created or updated at start. */
  templatesDir?: string;
  /** Jobs running at once. Default: one per core. */
  concurrency?: number;
  /** Keep submitted jobs waiting (a PAUSED queue): they stay SUBMITTED until resume(). */
  paused?: boolean;
  /** Where jobs read and write; default: the local S3 through the gateway. */
  storage?: JobStorage;
  /** The ffmpeg processes of this service's jobs (killed when it stops). Default: a runner of its own. */
  ffmpeg?: FfmpegRunner;
  /** Upper bound of the STATUS_UPDATE interval, in milliseconds. */
  statusUpdateCapMs?: number;
  log?: (line: string) => void;
}

/**
 * STATUS_UPDATE events come every StatusUpdateInterval (10 s to 10 min on AWS), but at most every
 * 2 seconds here: jobs on sample media last seconds, and their waiting tasks live on heartbeats.
 */
export const LOCAL_STATUS_UPDATE_CAP_MS = 2000;

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = code;
  }
}

const BASE = '/2017-08-29';
const MAX_RESULTS = 20;
/** Why a running job's signal was aborted. */
const CANCELING = 'canceling';
const STOPPING = 'stopping';

const epochSeconds = (time: Date): number => Math.floor(time.getTime() / 1000);

const badRequest = (message: string) => new ApiError('BadRequestException', message, 400);

/** A page of `items` after the one named by `nextToken` (the base64url of the last key served). */
function page<T>(items: T[], keyOf: (item: T) => string, query: URLSearchParams): { items: T[]; nextToken?: string } {
  const raw = query.get('maxResults');
  const maxResults = raw === null || raw === '' ? MAX_RESULTS : Number(raw);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS) {
    throw badRequest(`maxResults must be a whole number from 1 to ${MAX_RESULTS} (is ${JSON.stringify(raw)}).`);
  }
  let start = 0;
  const token = query.get('nextToken');
  if (token) {
    const after = Buffer.from(token, 'base64url').toString('utf8');
    const index = items.findIndex((item) => keyOf(item) === after);
    if (index < 0) throw badRequest('The nextToken is not valid for this list; request the list again without it.');
    start = index + 1;
  }
  const served = items.slice(start, start + maxResults);
  const more = start + maxResults < items.length;
  return { items: served, ...(more ? { nextToken: Buffer.from(keyOf(served.at(-1)!), 'utf8').toString('base64url') } : {}) };
}

function order(query: URLSearchParams): 'ASCENDING' | 'DESCENDING' | undefined {
  const value = query.get('order');
  if (value === null || value === '') return undefined;
  if (value !== 'ASCENDING' && value !== 'DESCENDING') throw badRequest(`order must be ASCENDING or DESCENDING (is ${JSON.stringify(value)}).`);
  return value;
}

/** The GetJob form of a COMPLETE event's output groups: durations and video sizes, no paths. */
function apiOutputGroupDetails(groups: OutputGroupDetail[]): WireJob['outputGroupDetails'] {
  return groups.map((group) => ({
    outputDetails: group.outputDetails.map(({ durationInMs, videoDetails }) => ({
      ...(durationInMs === undefined ? {} : { durationInMs }),
      ...(videoDetails ? { videoDetails } : {}),
    })),
  }));
}

export class MediaConvertService {
  readonly jobs: JobStore;
  readonly templates: TemplateStore;
  private readonly queue: JobQueue;
  private readonly ffmpeg: FfmpegRunner;
  private readonly now: () => Date;
  private readonly log: (line: string) => void;
  private readonly workFolder: string;
  private readonly controllers = new Map<string, AbortController>();
  private storage?: JobStorage;
  private clients?: Clients;
  private started = false;
  private stopping = false;

  constructor(private readonly options: MediaConvertOptions) {
    this.jobs = new JobStore(options.dataDir);
    this.templates = new TemplateStore(options.dataDir, (name) => this.arn(`jobTemplates/${name}`));
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.ffmpeg = options.ffmpeg ?? new FfmpegRunner();
    this.storage = options.storage;
    this.workFolder = path.join(options.dataDir, 'mediaconvert', 'work');
    // Paused until start(): jobs created before then wait.
    this.queue = new JobQueue(options.concurrency ?? availableParallelism(), (id) => this.execute(id), { paused: true });
  }

  private arn(resource: string): string {
    return `arn:aws:mediaconvert:${this.options.region}:${this.options.accountId}:${resource}`;
  }

  /**
   * Loads the templates folder, queues again the jobs a previous run left PROGRESSING, and starts
   * the queue (in their order). Call once the gateway listens and the event rules exist.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.options.templatesDir) {
      for (const body of readTemplateFiles(this.options.templatesDir)) this.templates.put(body, this.now());
    }
    // Work folders of jobs a previous run did not finish.
    fs.rmSync(this.workFolder, { recursive: true, force: true });
    fs.mkdirSync(this.workFolder, { recursive: true });
    if (!this.storage) {
      this.clients = localClients(this.options.endpoint(), this.options.credentials, this.options.region);
      this.storage = new S3JobStorage(this.clients.s3);
    }
    for (const job of this.jobs.list().reverse()) {
      if (job.status === 'PROGRESSING') {
        // Its ffmpeg processes ended with the previous run: the job runs again from the start,
        // and its outputs are written again.
        this.jobs.update(job.id, { status: 'SUBMITTED', jobPercentComplete: undefined, currentPhase: undefined });
        this.queue.add(job.id, job.priority);
      } else if (job.status === 'SUBMITTED') {
        this.queue.add(job.id, job.priority);
      }
    }
    if (!this.options.paused) this.queue.resume();
  }

  /** Starts no more jobs; running ones go on. */
  pause(): void {
    this.queue.pause();
  }

  resume(): void {
    if (this.started && !this.stopping) this.queue.resume();
  }

  /**
   * Stops: starts no more jobs, kills the ffmpeg processes of running ones and waits for them to
   * exit. Their records stay PROGRESSING; the next start runs them again.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.queue.pause();
    for (const controller of this.controllers.values()) controller.abort(STOPPING);
    this.ffmpeg.killAll();
    await this.queue.settled();
    this.clients?.destroy();
    this.clients = undefined;
  }

  private async emit(job: WireJob, change: JobEventDetail): Promise<void> {
    if (!this.options.putEvent) return;
    try {
      await this.options.putEvent(jobEvent(job, this.options.accountId, change, this.now()));
    } catch (error) {
      this.log(`vod-local: MediaConvert job ${job.id}: its ${change.status} event was lost: ${(error as Error).message}`);
    }
  }

  /** Records a job's final state and puts its event. */
  private async finish(id: string, change: Exclude<JobEventDetail, { status: 'PROGRESSING' | 'STATUS_UPDATE' }>): Promise<WireJob> {
    const job = this.jobs.get(id)!;
    const timing = { ...job.timing, finishTime: epochSeconds(this.now()) };
    let updated: WireJob;
    if (change.status === 'COMPLETE') {
      updated = this.jobs.update(id, {
        status: 'COMPLETE',
        timing,
        jobPercentComplete: 100,
        currentPhase: undefined,
        outputGroupDetails: apiOutputGroupDetails(change.outputGroupDetails),
      });
    } else {
      updated = this.jobs.update(id, {
        status: change.status,
        timing,
        jobPercentComplete: undefined,
        currentPhase: undefined,
        ...(change.status === 'ERROR' ? { errorCode: change.errorCode, errorMessage: change.errorMessage } : {}),
      });
    }
    await this.emit(updated, change);
    return updated;
  }

  /** Runs one job to its end; never rejects. */
  private async execute(id: string): Promise<void> {
    const submitted = this.jobs.get(id);
    if (!submitted || submitted.status !== 'SUBMITTED' || this.stopping) return;
    const controller = new AbortController();
    this.controllers.set(id, controller);
    let timer: NodeJS.Timeout | undefined;
    try {
      const job = this.jobs.update(id, {
        status: 'PROGRESSING',
        timing: { ...submitted.timing, startTime: epochSeconds(this.now()) },
        jobPercentComplete: 0,
        currentPhase: 'PROBING',
        retryCount: 0,
      });
      await this.emit(job, { status: 'PROGRESSING' });
      timer = setInterval(
        () => {
          const current = this.jobs.get(id);
          if (current?.status === 'PROGRESSING' && !controller.signal.aborted) void this.emit(current, { status: 'STATUS_UPDATE' });
        },
        statusUpdateMs(job.statusUpdateInterval, this.options.statusUpdateCapMs ?? LOCAL_STATUS_UPDATE_CAP_MS),
      );
      const result = await runJob(planJob(jobSettingsFromWire(job.settings)), this.storage!, {
        signal: controller.signal,
        ffmpeg: this.ffmpeg,
        workFolder: this.workFolder,
        onProgress: (percent) => {
          if (this.jobs.get(id)?.status === 'PROGRESSING') this.jobs.update(id, { jobPercentComplete: percent, currentPhase: phaseOf(percent) });
        },
      });
      await this.finish(id, { status: 'COMPLETE', outputGroupDetails: result.outputGroupDetails });
    } catch (error) {
      // Left PROGRESSING: the next start runs it again, as after a crash.
      if (controller.signal.reason === STOPPING) return;
      if (controller.signal.reason === CANCELING) {
        await this.finish(id, { status: 'CANCELED' });
      } else if (error instanceof JobFailedError) {
        await this.finish(id, { status: 'ERROR', errorCode: error.errorCode, errorMessage: error.message });
      } else if (error instanceof JobSettingsError) {
        // Planned at CreateJob; only a job kept from an earlier version of the engine gets here.
        await this.finish(id, { status: 'ERROR', errorCode: ERROR_CODES.settingsCompatibility, errorMessage: error.message });
      } else {
        this.log(`vod-local: MediaConvert job ${id} failed: ${(error as Error).stack ?? String(error)}`);
        await this.finish(id, {
          status: 'ERROR',
          errorCode: ERROR_CODES.unexpected,
          errorMessage: `The local MediaConvert failed running job ${id}: ${(error as Error).message}. Resubmit the job; if it fails again, the log of the local cloud has the details.`,
        });
      }
    } finally {
      clearInterval(timer);
      this.controllers.delete(id);
    }
  }

  createJob(input: Record<string, unknown>): WireJob {
    if (typeof input.role !== 'string' || input.role === '') {
      throw badRequest('You must specify an IAM role (role) for the job.');
    }
    const token = typeof input.clientRequestToken === 'string' ? input.clientRequestToken : undefined;
    // A retried request (same client token) gets the job it created the first time.
    const earlier = token ? this.jobs.list().find((job) => job.clientRequestToken === token) : undefined;
    if (earlier) return earlier;

    let request = input;
    if (input.jobTemplate !== undefined) {
      if (typeof input.jobTemplate !== 'string') throw badRequest('jobTemplate must be the name of a job template.');
      const template = this.templates.get(input.jobTemplate);
      if (!template)
        throw new ApiError(
          'NotFoundException',
          `The job template ${input.jobTemplate} does not exist; list the job templates with ListJobTemplates.`,
          404,
        );
      request = applyTemplate(template, input);
    }
    const { settings } = request;
    if (!isPlainObject(settings)) throw badRequest('You must specify the job settings (settings) or a job template (jobTemplate).');
    const priority = request.priority ?? 0;
    if (!Number.isInteger(priority) || Math.abs(priority as number) > 50) {
      throw badRequest(`priority must be a whole number from -50 to 50 (is ${JSON.stringify(priority)}).`);
    }
    const statusUpdateInterval = request.statusUpdateInterval ?? 'SECONDS_60';
    if (typeof statusUpdateInterval !== 'string' || !STATUS_UPDATE_INTERVALS.includes(statusUpdateInterval)) {
      throw badRequest(`statusUpdateInterval must be one of ${STATUS_UPDATE_INTERVALS.join(', ')} (is ${JSON.stringify(statusUpdateInterval)}).`);
    }
    const userMetadata = request.userMetadata ?? {};
    if (!isPlainObject(userMetadata) || Object.values(userMetadata).some((value) => typeof value !== 'string')) {
      throw badRequest('userMetadata must map names to strings.');
    }
    let plan: JobPlan;
    try {
      plan = planJob(jobSettingsFromWire(settings));
    } catch (error) {
      // MediaConvert validates settings at CreateJob too; the message names the setting.
      if (error instanceof JobSettingsError) throw badRequest(error.message);
      throw error;
    }

    const now = this.now();
    const id = newJobId(now);
    const createdAt = epochSeconds(now);
    const { tags: _tags, ...members } = request;
    const acceleration = isPlainObject(request.accelerationSettings) ? request.accelerationSettings.mode : undefined;
    const queue = typeof request.queue === 'string' && request.queue !== '' ? request.queue : 'Default';
    const job: WireJob = {
      ...members,
      arn: this.arn(`jobs/${id}`),
      id,
      role: input.role,
      settings,
      status: 'SUBMITTED',
      createdAt,
      queue: queue.startsWith('arn:') ? queue : this.arn(`queues/${queue}`),
      priority: priority as number,
      statusUpdateInterval,
      // The local engine runs every job at ffmpeg's speed.
      accelerationStatus: acceleration === undefined || acceleration === 'DISABLED' ? 'NOT_APPLICABLE' : 'NOT_ACCELERATED',
      userMetadata: userMetadata as Record<string, string>,
      timing: { submitTime: createdAt },
      messages: { info: [...plan.ignoredSettings], warning: [] },
    };
    this.jobs.put(job);
    this.queue.add(id, job.priority);
    return job;
  }

  getJob(id: string): WireJob {
    const job = this.jobs.get(id);
    if (!job) throw new ApiError('NotFoundException', `The specified job ${id} does not exist.`, 404);
    return job;
  }

  listJobs(query: URLSearchParams): { jobs: WireJob[]; nextToken?: string } {
    const status = query.get('status');
    const queue = query.get('queue');
    let jobs = this.jobs
      .list()
      .filter((job) => !status || job.status === status)
      .filter((job) => !queue || job.queue === queue || job.queue.endsWith(`/${queue}`));
    if (order(query) === 'ASCENDING') jobs = jobs.reverse();
    const { items, nextToken } = page(jobs, (job) => job.id, query);
    return { jobs: items, ...(nextToken ? { nextToken } : {}) };
  }

  /** Cancels a SUBMITTED job at once, a PROGRESSING one once its processes are stopped. */
  async cancelJob(id: string): Promise<void> {
    const job = this.getJob(id);
    if (job.status === 'SUBMITTED') {
      this.queue.remove(id);
      await this.finish(id, { status: 'CANCELED' });
      return;
    }
    if (job.status === 'PROGRESSING') {
      const controller = this.controllers.get(id);
      if (controller) controller.abort(CANCELING);
      else await this.finish(id, { status: 'CANCELED' });
      return;
    }
    throw new ApiError('ConflictException', `Job ${id} is ${job.status}; only SUBMITTED and PROGRESSING jobs can be canceled.`, 409);
  }

  createJobTemplate(body: Record<string, unknown>): WireJobTemplate {
    try {
      return this.templates.put(body, this.now());
    } catch (error) {
      if (error instanceof TemplateError) throw badRequest(error.message);
      throw error;
    }
  }

  getJobTemplate(name: string): WireJobTemplate {
    const template = this.templates.get(name);
    if (!template) throw new ApiError('NotFoundException', `The specified job template ${name} does not exist.`, 404);
    return template;
  }

  listJobTemplates(query: URLSearchParams): { jobTemplates: WireJobTemplate[]; nextToken?: string } {
    const listBy = query.get('listBy') || 'NAME';
    if (!['NAME', 'CREATION_DATE', 'SYSTEM'].includes(listBy))
      throw badRequest(`listBy must be NAME, CREATION_DATE or SYSTEM (is ${JSON.stringify(listBy)}).`);
    const category = query.get('category');
    // SYSTEM lists AWS's own templates, which the local MediaConvert does not have.
    let templates = listBy === 'SYSTEM' ? [] : this.templates.list().filter((template) => !category || template.category === category);
    templates.sort((a, b) => (listBy === 'CREATION_DATE' ? a.createdAt - b.createdAt : 0) || a.name.localeCompare(b.name));
    if (order(query) === 'DESCENDING') templates = templates.reverse();
    const { items, nextToken } = page(templates, (template) => template.name, query);
    return { jobTemplates: items, ...(nextToken ? { nextToken } : {}) };
  }

  private async route(method: string, pathname: string, query: URLSearchParams, body: Buffer): Promise<{ status: number; payload: unknown }> {
    const parse = (): Record<string, unknown> => {
      let parsed: unknown;
      try {
        parsed = body.length > 0 ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        throw badRequest('The request body is not valid JSON.');
      }
      if (!isPlainObject(parsed)) throw badRequest('The request body must be a JSON object.');
      return parsed;
    };
    if (pathname === `${BASE}/jobs` && method === 'POST') return { status: 201, payload: { job: this.createJob(parse()) } };
    if (pathname === `${BASE}/jobs` && method === 'GET') return { status: 200, payload: this.listJobs(query) };
    const job = new RegExp(`^${BASE}/jobs/([^/]+)$`).exec(pathname);
    if (job && method === 'GET') return { status: 200, payload: { job: this.getJob(decodeURIComponent(job[1])) } };
    if (job && method === 'DELETE') {
      await this.cancelJob(decodeURIComponent(job[1]));
      return { status: 202, payload: {} };
    }
    if (pathname === `${BASE}/jobTemplates` && method === 'POST') return { status: 201, payload: { jobTemplate: this.createJobTemplate(parse()) } };
    if (pathname === `${BASE}/jobTemplates` && method === 'GET') return { status: 200, payload: this.listJobTemplates(query) };
    const template = new RegExp(`^${BASE}/jobTemplates/([^/]+)$`).exec(pathname);
    if (template && method === 'GET') return { status: 200, payload: { jobTemplate: this.getJobTemplate(decodeURIComponent(template[1])) } };
    if (pathname === `${BASE}/endpoints` && method === 'POST') {
      return { status: 200, payload: { endpoints: [{ url: this.options.endpoint() }] } };
    }
    throw badRequest(
      `The local MediaConvert does not implement ${method} ${pathname}; it serves CreateJob, GetJob, ListJobs, CancelJob, ` +
        'CreateJobTemplate, GetJobTemplate, ListJobTemplates and DescribeEndpoints.',
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
      const { status, payload } = await this.route(request.method ?? 'GET', url.pathname, url.searchParams, body);
      reply(status, payload);
    } catch (error) {
      if (error instanceof ApiError) reply(error.status, { message: error.message }, error.code);
      else throw error;
    }
  };
}

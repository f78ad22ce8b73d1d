/**
 * The local MediaConvert's behaviour: its operations as typed calls (api.ts maps the REST API onto
 * them) and the jobs it runs on the ffmpeg engine.
 *
 * Operations: CreateJob (with a JobTemplate and/or Settings; settings are planned at once, so one
 * the engine cannot run is a 400 naming it), GetJob, ListJobs, CancelJob, CreateJobTemplate,
 * GetJobTemplate, ListJobTemplates, ListQueues, GetQueue (the one queue, Default).
 *
 * Jobs: SUBMITTED jobs wait in a queue of bounded concurrency; a running job reads its inputs from
 * and writes its outputs to the local S3 through its API, and its state changes go to the local
 * EventBridge as MediaConvert's `MediaConvert Job State Change` events. Jobs are kept on disk:
 * after a restart SUBMITTED jobs run, and a job that was PROGRESSING when the local cloud stopped
 * runs again (its ffmpeg processes died with the cloud), so the execution waiting for it completes.
 */
import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import type { Clients } from '../clients';
import type { Credentials } from '../auth/sigv4';
import { localClients } from '../clients';
import type { PutEvent } from '../eventbridge/types';
import { AwsError } from '../protocol/aws-error';
import { listPage } from '../protocol/pager';
import type { PageBounds, PageRequest } from '../protocol/pager';
import type { JobPlan, JobStorage, OutputGroupDetail } from './engine';
import { ERROR_CODES, FfmpegRunner, JobFailedError, JobSettingsError, jobSettingsFromWire, planJob, runJob } from './engine';
import type { JobEventDetail } from './job-events';
import { STATUS_UPDATE_INTERVALS, jobEvent, phaseOf, statusUpdateMs } from './job-events';
import type { WireJobTemplate } from './job-templates';
import { TemplateError, readTemplateFiles } from './job-templates';
import { JobQueue } from './job-queue';
import type { WireJob } from './jobs';
import { newJobId } from './jobs';
import { S3JobStorage } from './s3-job-storage';
import { JobStore, TemplateStore } from './store';
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

/** The AWS-shaped error of the local services, by the name this module gave it first. */
export { AwsError as ApiError } from '../protocol/aws-error';

/** MediaConvert's list operations: maxResults 1 to 20, 20 by default. */
const PAGE_BOUNDS: PageBounds = { defaultSize: 20, max: 20, errorCode: 'BadRequestException' };
/** The local MediaConvert's one queue: every job runs in it, whatever queue it names. */
export const DEFAULT_QUEUE = 'Default';
/** Why a running job's signal was aborted. */
const CANCELING = 'canceling';
const STOPPING = 'stopping';

const epochSeconds = (time: Date): number => Math.floor(time.getTime() / 1000);

const badRequest = (message: string) => new AwsError('BadRequestException', message, 400);

export type Order = 'ASCENDING' | 'DESCENDING';

function order(value: string | undefined): Order | undefined {
  if (value === undefined || value === '') return undefined;
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

export interface ListJobsRequest extends PageRequest {
  status?: string;
  queue?: string;
  order?: string;
}

export interface ListJobTemplatesRequest extends PageRequest {
  listBy?: string;
  category?: string;
  order?: string;
}

export interface ListQueuesRequest extends PageRequest {
  listBy?: string;
  order?: string;
}

/** A queue as GetQueue and ListQueues return it. */
export interface WireQueue {
  arn: string;
  name: string;
  description: string;
  type: 'SYSTEM' | 'CUSTOM';
  status: 'ACTIVE' | 'PAUSED';
  pricingPlan: 'ON_DEMAND' | 'RESERVED';
  createdAt: number;
  lastUpdated: number;
  submittedJobsCount: number;
  progressingJobsCount: number;
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
    // The jobs that were running go first, as they started before the queued ones; ids made in the
    // same millisecond do not say which came first, so the order cannot come from the ids alone.
    const oldestFirst = this.jobs.list().reverse();
    for (const job of oldestFirst.filter((candidate) => candidate.status === 'PROGRESSING')) {
      // Its ffmpeg processes ended with the previous run: the job runs again from the start,
      // and its outputs are written again.
      this.jobs.update(job.id, { status: 'SUBMITTED', jobPercentComplete: undefined, currentPhase: undefined });
      this.queue.add(job.id, job.priority);
    }
    for (const job of oldestFirst.filter((candidate) => candidate.status === 'SUBMITTED')) this.queue.add(job.id, job.priority);
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
        throw new AwsError(
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
    if (!job) throw new AwsError('NotFoundException', `The specified job ${id} does not exist.`, 404);
    return job;
  }

  listJobs(request: ListJobsRequest = {}): { jobs: WireJob[]; nextToken?: string } {
    const { status, queue } = request;
    let jobs = this.jobs
      .list()
      .filter((job) => !status || job.status === status)
      .filter((job) => !queue || job.queue === queue || job.queue.endsWith(`/${queue}`));
    const sort = order(request.order);
    if (sort === 'ASCENDING') jobs = jobs.reverse();
    const { items, nextToken } = listPage(`jobs:${status ?? ''}:${queue ?? ''}:${sort ?? ''}`, jobs, request, PAGE_BOUNDS);
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
    throw new AwsError('ConflictException', `Job ${id} is ${job.status}; only SUBMITTED and PROGRESSING jobs can be canceled.`, 409);
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
    if (!template) throw new AwsError('NotFoundException', `The specified job template ${name} does not exist.`, 404);
    return template;
  }

  listJobTemplates(request: ListJobTemplatesRequest = {}): { jobTemplates: WireJobTemplate[]; nextToken?: string } {
    const listBy = request.listBy || 'NAME';
    if (!['NAME', 'CREATION_DATE', 'SYSTEM'].includes(listBy))
      throw badRequest(`listBy must be NAME, CREATION_DATE or SYSTEM (is ${JSON.stringify(listBy)}).`);
    const { category } = request;
    // SYSTEM lists AWS's own templates, which the local MediaConvert does not have.
    let templates = listBy === 'SYSTEM' ? [] : this.templates.list().filter((template) => !category || template.category === category);
    templates.sort((a, b) => (listBy === 'CREATION_DATE' ? a.createdAt - b.createdAt : 0) || a.name.localeCompare(b.name));
    const sort = order(request.order);
    if (sort === 'DESCENDING') templates = templates.reverse();
    const { items, nextToken } = listPage(`jobTemplates:${listBy}:${category ?? ''}:${sort ?? ''}`, templates, request, PAGE_BOUNDS);
    return { jobTemplates: items, ...(nextToken ? { nextToken } : {}) };
  }

  /** The Default queue as GetQueue describes it: ACTIVE, on-demand, with its jobs counted. */
  private queueOf(name: string): WireQueue {
    const jobs = this.jobs.list();
    return {
      arn: this.arn(`queues/${name}`),
      name,
      description: 'The local MediaConvert runs every job in this queue, as many at once as it has cores (or its concurrency).',
      type: 'SYSTEM',
      status: this.queue.isPaused ? 'PAUSED' : 'ACTIVE',
      pricingPlan: 'ON_DEMAND',
      createdAt: 0,
      lastUpdated: 0,
      submittedJobsCount: jobs.filter((job) => job.status === 'SUBMITTED').length,
      progressingJobsCount: jobs.filter((job) => job.status === 'PROGRESSING').length,
    };
  }

  getQueue(nameOrArn: string): WireQueue {
    if (nameOrArn === DEFAULT_QUEUE || nameOrArn === this.arn(`queues/${DEFAULT_QUEUE}`)) return this.queueOf(DEFAULT_QUEUE);
    throw new AwsError(
      'NotFoundException',
      `The specified queue ${nameOrArn} does not exist; the local MediaConvert has one queue, ${DEFAULT_QUEUE}.`,
      404,
    );
  }

  listQueues(request: ListQueuesRequest = {}): { queues: WireQueue[]; nextToken?: string } {
    const listBy = request.listBy || 'NAME';
    if (!['NAME', 'CREATION_DATE'].includes(listBy)) throw badRequest(`listBy must be NAME or CREATION_DATE (is ${JSON.stringify(listBy)}).`);
    const sort = order(request.order);
    const { items, nextToken } = listPage(`queues:${listBy}:${sort ?? ''}`, [this.queueOf(DEFAULT_QUEUE)], request, PAGE_BOUNDS);
    return { queues: items, ...(nextToken ? { nextToken } : {}) };
  }

  /** DescribeEndpoints: the account's endpoint is the gateway. */
  describeEndpoints(): { endpoints: { url: string }[] } {
    return { endpoints: [{ url: this.options.endpoint() }] };
  }
}

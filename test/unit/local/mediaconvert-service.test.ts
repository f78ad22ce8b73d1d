/**
 * The local MediaConvert service without the gateway: its API operations, its queue, its events
 * and its restart, with S3 kept in a folder and events collected from its putEvent.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EventEntry } from '../../../local/eventbridge/types';
import { FfmpegRunner } from '../../../local/mediaconvert/engine';
import { jobEvent, jobProgress, phaseOf, statusUpdateMs } from '../../../local/mediaconvert/job-events';
import { readTemplateFiles } from '../../../local/mediaconvert/job-templates';
import { JobQueue } from '../../../local/mediaconvert/job-queue';
import { newJobId } from '../../../local/mediaconvert/jobs';
import type { WireJob } from '../../../local/mediaconvert/jobs';
import type { ApiError, MediaConvertOptions } from '../../../local/mediaconvert/service';
import { MediaConvertService } from '../../../local/mediaconvert/service';
import { applyTemplate } from '../../../local/mediaconvert/template-merge';
import { sdkToWire } from '../../../local/mediaconvert/wire-case';
import { FolderStorage, makeVideo } from './mediaconvert-engine/support';

jest.setTimeout(60_000);

const TEMPLATES = path.resolve(__dirname, '../../../job-templates');
const ROLE = 'arn:aws:iam::000000000000:role/vod-mediaconvert';
const INPUT = 's3://vod-ingest/up loads/Clip d’été + 1:2.mp4';

let dataDir: string;
let runner: FfmpegRunner;
const services: MediaConvertService[] = [];

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-mc-'));
  runner = new FfmpegRunner({ concurrency: 2 });
});

afterEach(async () => {
  for (const service of services.splice(0)) await service.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The dash template's SD proxy group alone (one ffmpeg command), writing under `destination`, in wire form. */
function proxySettings(input: string, destination: string): Record<string, unknown> {
  const template = JSON.parse(fs.readFileSync(path.join(TEMPLATES, 'dash-abr.json'), 'utf8')) as { Settings: Record<string, unknown[]> };
  // The proxy group.
  const group = structuredClone(template.Settings.OutputGroups[2]) as { OutputGroupSettings: { FileGroupSettings: { Destination?: string } } };
  group.OutputGroupSettings.FileGroupSettings.Destination = destination;
  return sdkToWire({ Inputs: [{ ...(template.Settings.Inputs[0] as object), FileInput: input }], OutputGroups: [group] });
}

const request = (settings = proxySettings(INPUT, 's3://vod-outputs/a/proxy/a')) => ({
  role: ROLE,
  settings,
  userMetadata: { pipeline: 'vod-pipeline', assetId: 'a-b-123' },
});

function service(options: Partial<MediaConvertOptions> = {}, events: EventEntry[] = []): MediaConvertService {
  const created = new MediaConvertService({
    dataDir,
    region: 'us-east-1',
    accountId: '000000000000',
    endpoint: () => 'http://127.0.0.1:4566',
    credentials: { accessKeyId: 'AKIAVODLOCALTEST0000', secretAccessKey: 'local-secret' },
    putEvent: async (entry) => {
      events.push(entry);
    },
    storage: new FolderStorage(path.join(dataDir, 's3')),
    ffmpeg: runner,
    log: () => undefined,
    ...options,
  });
  services.push(created);
  return created;
}

function clock(times: number[]): () => Date {
  return () => new Date(times.length > 1 ? times.shift()! : times[0]);
}

/** Resolves with the job's events once it has one of the terminal statuses. */
async function terminal(events: EventEntry[], jobId: string): Promise<EventEntry[]> {
  for (let waited = 0; waited < 50_000; waited += 50) {
    const own = events.filter((event) => event.detail.jobId === jobId);
    if (own.some((event) => ['COMPLETE', 'ERROR', 'CANCELED'].includes(event.detail.status as string))) return own;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} did not end`);
}

function thrown(action: () => unknown): ApiError {
  try {
    action();
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('no error thrown');
}

describe('MediaConvertService API', () => {
  it('creates a SUBMITTED job with a MediaConvert-style id and keeps it on disk', () => {
    // Act
    const job = service({ now: clock([1700000000000]) }).createJob({ ...request(), tags: { team: 'x' } });
    const again = service().getJob(job.id);

    // Assess
    expect(job.id).toMatch(/^1700000000000-[a-z0-9]{6}$/);
    expect(job).toMatchObject({
      arn: `arn:aws:mediaconvert:us-east-1:000000000000:jobs/${job.id}`,
      status: 'SUBMITTED',
      createdAt: 1700000000,
      timing: { submitTime: 1700000000 },
      role: ROLE,
      userMetadata: { pipeline: 'vod-pipeline', assetId: 'a-b-123' },
      queue: 'arn:aws:mediaconvert:us-east-1:000000000000:queues/Default',
      priority: 0,
      statusUpdateInterval: 'SECONDS_60',
    });
    expect(job).not.toHaveProperty('tags');
    expect(again).toEqual(job);
  });

  it('returns the same job for a repeated client request token', () => {
    const mc = service();

    const first = mc.createJob({ ...request(), clientRequestToken: 'token-1' });
    const second = mc.createJob({ ...request(), clientRequestToken: 'token-1' });

    expect(second.id).toBe(first.id);
    expect(mc.jobs.list()).toHaveLength(1);
  });

  it('refuses a job without role or settings, a setting the engine does not run, and reports unknown jobs as not found', () => {
    const mc = service();
    const unsupported = request();
    (unsupported.settings.inputs as Record<string, unknown>[])[0].deblockFilter = 'ENABLED';

    expect(thrown(() => mc.createJob({ settings: {} })).message).toMatch(/role/);
    expect(thrown(() => mc.createJob({ role: ROLE })).message).toMatch(/settings/);
    expect(thrown(() => mc.createJob(unsupported))).toMatchObject({
      code: 'BadRequestException',
      status: 400,
      message: expect.stringContaining('Settings.Inputs[0].DeblockFilter'),
    });
    expect(thrown(() => mc.createJob({ ...request(), priority: 51 })).message).toMatch(/priority/);
    expect(thrown(() => mc.createJob({ ...request(), statusUpdateInterval: 'SECONDS_7' })).message).toMatch(/statusUpdateInterval/);
    expect(thrown(() => mc.getJob('1700000000000-nope00'))).toMatchObject({ code: 'NotFoundException', status: 404 });
    expect(mc.jobs.list()).toEqual([]);
  });

  it('lists jobs newest first, in pages, filtered by status', async () => {
    // Prepare
    const mc = service({ now: clock([1700000000000, 1700000001000, 1700000002000]) });
    const ids = [mc.createJob(request()).id, mc.createJob(request()).id, mc.createJob(request()).id];
    await mc.cancelJob(ids[1]);

    // Act
    const first = mc.listJobs({ maxResults: '2' });
    const second = mc.listJobs({ maxResults: '2', nextToken: first.nextToken });
    const submitted = mc.listJobs({ status: 'SUBMITTED' });
    const oldestFirst = mc.listJobs({ order: 'ASCENDING' });

    // Assess
    expect(first.jobs.map((j) => j.id)).toEqual([ids[2], ids[1]]);
    expect(second.jobs.map((j) => j.id)).toEqual([ids[0]]);
    expect(second.nextToken).toBeUndefined();
    expect(submitted.jobs.map((j) => j.id)).toEqual([ids[2], ids[0]]);
    expect(oldestFirst.jobs.map((j) => j.id)).toEqual(ids);
    expect(() => mc.listJobs({ maxResults: '21' })).toThrow(/maxResults/);
  });

  it('cancels a queued job with a CANCELED event, and refuses to cancel it again', async () => {
    // Prepare: a paused queue keeps the job SUBMITTED
    const events: EventEntry[] = [];
    const mc = service({ paused: true }, events);
    await mc.start();
    const job = mc.createJob(request());

    // Act
    await mc.cancelJob(job.id);
    const again = await mc.cancelJob(job.id).catch((error: unknown) => error);

    // Assess
    expect(mc.getJob(job.id)).toMatchObject({ status: 'CANCELED', timing: { finishTime: expect.any(Number) } });
    expect(events.map((event) => event.detail.status)).toEqual(['CANCELED']);
    expect(events[0]).toMatchObject({ resources: [job.arn], detail: { jobId: job.id, userMetadata: job.userMetadata } });
    expect(again).toMatchObject({ code: 'ConflictException', status: 409 });
  });
});

describe('MediaConvertService job templates', () => {
  it('loads the templates folder at start, lists them by name and gets one', async () => {
    // Act
    const mc = service({ templatesDir: TEMPLATES, paused: true });
    await mc.start();
    const listed = mc.listJobTemplates();
    const dash = mc.getJobTemplate('vod-pipeline-dash');

    // Assess
    expect(listed.jobTemplates.map((template) => template.name)).toEqual(['vod-pipeline-dash', 'vod-pipeline-loudness', 'vod-pipeline-stitch']);
    expect(dash).toMatchObject({
      arn: 'arn:aws:mediaconvert:us-east-1:000000000000:jobTemplates/vod-pipeline-dash',
      type: 'CUSTOM',
      category: 'vod-pipeline',
      statusUpdateInterval: 'SECONDS_60',
      accelerationSettings: { mode: 'PREFERRED' },
      settings: { inputs: [{ audioSelectors: { 'Audio Selector 1': { defaultSelection: 'DEFAULT' } } }] },
    });
    expect(() => mc.getJobTemplate('nope')).toThrow(/does not exist/);
  });

  it.each([
    ['not JSON', '{ "Name": "broken", ', /broken\.json is not valid JSON/],
    ['JSON without Settings', '{ "Name": "broken", "Description": "no settings" }', /broken\.json has no Name and Settings/],
    ['a list, not a template', '[{ "Name": "broken" }]', /broken\.json has no Name and Settings/],
  ])('refuses to start on a template file that is %s, naming the file', async (_, text, message) => {
    // Prepare: a folder with a good template next to the broken one
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-mc-templates-'));
    fs.copyFileSync(path.join(TEMPLATES, 'dash-abr.json'), path.join(folder, 'dash-abr.json'));
    fs.writeFileSync(path.join(folder, 'broken.json'), text);

    try {
      // Act
      const starting = service({ templatesDir: folder, paused: true }).start();

      // Assess
      await expect(starting).rejects.toMatchObject({ name: 'TemplateError', message: expect.stringMatching(message) });
      expect(fs.existsSync(path.join(folder, 'broken.json'))).toBe(true);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses CreateJobTemplate without a name or settings', () => {
    const mc = service();

    expect(() => mc.createJobTemplate({ settings: {} })).toThrow(/specify a name/);
    expect(() => mc.createJobTemplate({ name: 'mine', settings: 'x' })).toThrow(/specify the settings/);
    expect(() => mc.createJobTemplate({ name: 'mine', settings: {}, priority: 99 })).toThrow(/priority of job template mine/);
    expect(mc.listJobTemplates().jobTemplates).toEqual([]);
  });

  it('updates a template created again under its name, keeping its creation time', () => {
    // Prepare
    const mc = service({ now: clock([1700000000000, 1700000050000]) });
    const first = mc.createJobTemplate({ name: 'mine', settings: { outputGroups: [] }, priority: 1 });

    // Act
    const second = mc.createJobTemplate({ name: 'mine', settings: { outputGroups: [] }, priority: 5 });

    // Assess
    expect(second).toMatchObject({ name: 'mine', priority: 5, createdAt: first.createdAt, lastUpdated: 1700000050 });
    expect(mc.listJobTemplates().jobTemplates).toHaveLength(1);
    expect(service().getJobTemplate('mine').priority).toBe(5);
  });

  it("applies a template: the job's inputs over the template's, the template's output groups, priority and interval", () => {
    // Prepare
    const [dash] = readTemplateFiles(TEMPLATES);
    const template = { ...dash, arn: 'arn', type: 'CUSTOM' as const, createdAt: 0, lastUpdated: 0 } as Parameters<typeof applyTemplate>[0];

    // Act
    const merged = applyTemplate(template, { role: ROLE, jobTemplate: 'vod-pipeline-dash', settings: { inputs: [{ fileInput: INPUT }] } });
    const own = applyTemplate(template, { role: ROLE, priority: 3, settings: { inputs: [{ fileInput: INPUT }], outputGroups: [{ name: 'mine' }] } });

    // Assess
    expect(merged).toMatchObject({
      jobTemplate: 'vod-pipeline-dash',
      statusUpdateInterval: 'SECONDS_60',
      priority: 0,
      accelerationSettings: { mode: 'PREFERRED' },
      settings: {
        timecodeConfig: { source: 'ZEROBASED' },
        inputs: [{ fileInput: INPUT, timecodeSource: 'ZEROBASED', audioSelectors: { 'Audio Selector 1': { defaultSelection: 'DEFAULT' } } }],
      },
    });
    expect((merged.settings as { outputGroups: unknown[] }).outputGroups).toEqual(template.settings.outputGroups);
    expect(own).toMatchObject({ priority: 3, settings: { outputGroups: [{ name: 'mine' }] } });
  });

  it('refuses a job from a template whose output groups have no destination, naming the setting', async () => {
    const mc = service({ templatesDir: TEMPLATES, paused: true });
    await mc.start();

    const error = thrown(() => mc.createJob({ role: ROLE, jobTemplate: 'vod-pipeline-dash', settings: { inputs: [{ fileInput: INPUT }] } }));

    expect(error).toMatchObject({
      code: 'BadRequestException',
      message: expect.stringContaining('Settings.OutputGroups[0].OutputGroupSettings.CmafGroupSettings.Destination'),
    });
  });
});

describe('MediaConvertService running jobs', () => {
  let media: string;

  beforeAll(() => {
    media = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vod-mc-media-')), 'clip.mp4');
    makeVideo(media, { width: 320, height: 240, rate: 25, seconds: 2 });
  });

  afterAll(() => fs.rmSync(path.dirname(media), { recursive: true, force: true }));

  function putInput(uri: string): void {
    new FolderStorage(path.join(dataDir, 's3')).put(uri, media);
  }

  it('runs a job: PROGRESSING, STATUS_UPDATEs, COMPLETE with the outputs; GetJob reports it', async () => {
    // Prepare
    putInput(INPUT);
    const events: EventEntry[] = [];
    const mc = service({ statusUpdateCapMs: 20 }, events);
    await mc.start();

    // Act
    const job = mc.createJob(request());
    const own = await terminal(events, job.id);
    const done = mc.getJob(job.id);

    // Assess
    const statuses = own.map((event) => event.detail.status);
    expect(statuses[0]).toBe('PROGRESSING');
    expect(statuses.at(-1)).toBe('COMPLETE');
    expect(statuses.slice(1, -1).every((status) => status === 'STATUS_UPDATE')).toBe(true);
    expect(statuses).toContain('STATUS_UPDATE');
    const update = own.find((event) => event.detail.status === 'STATUS_UPDATE')!;
    expect(update.detail.jobProgress).toMatchObject({
      jobPercentComplete: expect.any(Number),
      currentPhase: expect.stringMatching(/^(PROBING|TRANSCODING|UPLOADING)$/),
    });
    expect(own.at(-1)!.detail).toMatchObject({
      outputGroupDetails: [
        { type: 'FILE_GROUP', outputDetails: [{ outputFilePaths: ['s3://vod-outputs/a/proxy/a_proxy.mp4'], videoDetails: { heightInPx: 360 } }] },
      ],
      warnings: [],
    });
    expect(fs.existsSync(path.join(dataDir, 's3', 'vod-outputs', 'a', 'proxy', 'a_proxy.mp4'))).toBe(true);
    expect(done).toMatchObject({
      status: 'COMPLETE',
      jobPercentComplete: 100,
      outputGroupDetails: [{ outputDetails: [{ durationInMs: expect.any(Number), videoDetails: { widthInPx: 480, heightInPx: 360 } }] }],
      timing: { submitTime: expect.any(Number), startTime: expect.any(Number), finishTime: expect.any(Number) },
    });
    expect(done).not.toHaveProperty('currentPhase');
  });

  it('ends a job whose input is missing with ERROR 1404, naming the input', async () => {
    const events: EventEntry[] = [];
    const mc = service({}, events);
    await mc.start();

    const job = mc.createJob(request(proxySettings('s3://vod-ingest/missing/nothing here.mp4', 's3://vod-outputs/m/m')));
    const own = await terminal(events, job.id);

    expect(own.map((event) => event.detail.status)).toEqual(['PROGRESSING', 'ERROR']);
    expect(own[1].detail).toMatchObject({ errorCode: 1404, errorMessage: expect.stringContaining('s3://vod-ingest/missing/nothing here.mp4') });
    expect(mc.getJob(job.id)).toMatchObject({ status: 'ERROR', errorCode: 1404 });
  });

  it('runs at most `concurrency` jobs at once; the others wait SUBMITTED', async () => {
    // Prepare
    putInput(INPUT);
    const events: EventEntry[] = [];
    const mc = service({ concurrency: 1 }, events);
    await mc.start();

    // Act
    const first = mc.createJob(request(proxySettings(INPUT, 's3://vod-outputs/c1/c1')));
    const second = mc.createJob(request(proxySettings(INPUT, 's3://vod-outputs/c2/c2')));
    await new Promise((resolve) => setImmediate(resolve));
    const whileFirstRuns = mc.getJob(second.id).status;
    await terminal(events, second.id);

    // Assess
    expect(whileFirstRuns).toBe('SUBMITTED');
    const order = events
      .filter((event) => event.detail.status !== 'STATUS_UPDATE')
      .map((event) => `${event.detail.jobId === first.id ? 1 : 2}:${event.detail.status}`);
    expect(order).toEqual(['1:PROGRESSING', '1:COMPLETE', '2:PROGRESSING', '2:COMPLETE']);
  });

  it('after a restart, runs a job left PROGRESSING again from the start, then the SUBMITTED ones', async () => {
    // Prepare: a record left PROGRESSING by a process that died, and a queued job
    putInput(INPUT);
    const before = service({ paused: true });
    await before.start();
    const interrupted = before.createJob(request(proxySettings(INPUT, 's3://vod-outputs/r1/r1')));
    const queued = before.createJob(request(proxySettings(INPUT, 's3://vod-outputs/r2/r2')));
    before.jobs.update(interrupted.id, { status: 'PROGRESSING', jobPercentComplete: 40, currentPhase: 'TRANSCODING' });
    await before.stop();

    // Act
    const events: EventEntry[] = [];
    const after = service({ concurrency: 1 }, events);
    await after.start();
    await terminal(events, queued.id);

    // Assess
    const order = events
      .filter((event) => event.detail.status !== 'STATUS_UPDATE')
      .map((event) => `${event.detail.jobId === interrupted.id ? 1 : 2}:${event.detail.status}`);
    expect(order).toEqual(['1:PROGRESSING', '1:COMPLETE', '2:PROGRESSING', '2:COMPLETE']);
    expect(after.getJob(interrupted.id)).toMatchObject({ status: 'COMPLETE', jobPercentComplete: 100 });
    expect(after.getJob(queued.id).status).toBe('COMPLETE');
  });

  it('stops: kills the running job and leaves it PROGRESSING, without an event', async () => {
    // Prepare
    putInput(INPUT);
    const events: EventEntry[] = [];
    const mc = service({}, events);
    await mc.start();
    const job = mc.createJob(request());
    await new Promise((resolve) => setImmediate(resolve));

    // Act
    await mc.stop();

    // Assess
    expect(runner.active).toBe(0);
    expect(mc.getJob(job.id).status).toBe('PROGRESSING');
    expect(events.map((event) => event.detail.status)).toEqual(['PROGRESSING']);
  });

  it('cancels a running job: its processes stop and it ends CANCELED', async () => {
    putInput(INPUT);
    const events: EventEntry[] = [];
    const mc = service({}, events);
    await mc.start();
    const job = mc.createJob(request());
    await new Promise((resolve) => setImmediate(resolve));

    await mc.cancelJob(job.id);
    const own = await terminal(events, job.id);

    expect(own.map((event) => event.detail.status).filter((status) => status !== 'STATUS_UPDATE')).toEqual(['PROGRESSING', 'CANCELED']);
    expect(mc.getJob(job.id).status).toBe('CANCELED');
    expect(runner.active).toBe(0);
  });
});

describe('job events', () => {
  const job = {
    arn: 'arn:aws:mediaconvert:us-east-1:000000000000:jobs/1700000000000-abcdef',
    id: '1700000000000-abcdef',
    queue: 'arn:aws:mediaconvert:us-east-1:000000000000:queues/Default',
    userMetadata: { assetId: 'a' },
    jobPercentComplete: 42,
    currentPhase: 'TRANSCODING',
  } as unknown as WireJob;

  function fixture(name: string): { detail: Record<string, unknown> } {
    return JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../fixtures/aws-events/mediaconvert', name), 'utf8')) as {
      detail: Record<string, unknown>;
    };
  }

  it('have the members of the AWS samples', () => {
    const time = new Date(1700000000123);

    const progressing = jobEvent(job, '000000000000', { status: 'PROGRESSING' }, time);
    const update = jobEvent(job, '000000000000', { status: 'STATUS_UPDATE' }, time);
    const error = jobEvent(job, '000000000000', { status: 'ERROR', errorCode: 1404, errorMessage: 'missing' }, time);
    const canceled = jobEvent(job, '000000000000', { status: 'CANCELED' }, time);

    expect(Object.keys(progressing.detail).sort()).toEqual(Object.keys(fixture('ev_status_progressing.json').detail).sort());
    expect(Object.keys(error.detail).sort()).toEqual(Object.keys(fixture('ev_status_error.json').detail).sort());
    expect(Object.keys(canceled.detail).sort()).toEqual(Object.keys(fixture('ev_status_canceled.json').detail).sort());
    const sample = fixture('ev_status_status_update.json').detail.jobProgress as Record<string, unknown>;
    expect(Object.keys(update.detail.jobProgress as object).sort()).toEqual(Object.keys(sample).sort());
    expect(progressing).toMatchObject({
      source: 'aws.mediaconvert',
      detailType: 'MediaConvert Job State Change',
      resources: [job.arn],
      detail: { timestamp: 1700000000123, accountId: '000000000000', jobId: job.id },
    });
  });

  it('report the phases of a job by its progress', () => {
    expect(phaseOf(undefined)).toBe('PROBING');
    expect(phaseOf(40)).toBe('TRANSCODING');
    expect(phaseOf(99)).toBe('UPLOADING');
    expect(jobProgress(job)).toEqual({
      phaseProgress: {
        PROBING: { status: 'COMPLETE', percentComplete: 100 },
        TRANSCODING: { status: 'PROGRESSING', percentComplete: 42 },
        UPLOADING: { status: 'PENDING', percentComplete: 0 },
      },
      jobPercentComplete: 42,
      currentPhase: 'TRANSCODING',
      retryCount: 0,
    });
  });

  it('come every StatusUpdateInterval, capped', () => {
    expect(statusUpdateMs('SECONDS_10', 2000)).toBe(2000);
    expect(statusUpdateMs('SECONDS_10', 60_000)).toBe(10_000);
  });
});

describe('JobQueue', () => {
  it('starts higher priority first, then in submission order', async () => {
    const started: string[] = [];
    const queue = new JobQueue(
      1,
      async (id) => {
        started.push(id);
      },
      { paused: true },
    );

    queue.add('a', 0);
    queue.add('b', 10);
    queue.add('c', 0);
    queue.resume();
    await new Promise((resolve) => setImmediate(resolve));

    expect(started).toEqual(['b', 'a', 'c']);
  });
});

describe('newJobId', () => {
  it('is the creation time in milliseconds and six lower-case characters', () => {
    expect(newJobId(new Date(1536964333549))).toMatch(/^1536964333549-[a-z0-9]{6}$/);
  });
});

/**
 * What the local MediaConvert keeps on disk, in the API's wire form: jobs, one JSON file each under
 * <dataDir>/mediaconvert/jobs/, and job templates under <dataDir>/mediaconvert/job-templates/. The
 * files are read once, at construction; the stores keep them in memory and write every change
 * through, so a restart finds each job and template as it was last recorded.
 *
 * Creating a template whose name exists replaces its settings (and keeps its creation time): AWS
 * answers that with a ConflictException, but locally it is what lets an edited job-templates/*.json
 * take effect at the next start, and a re-import succeed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { readJsonFiles, writeJsonFile } from '../json-files';
import type { WireJobTemplate } from './job-templates';
import { TemplateError } from './job-templates';
import type { WireJob } from './jobs';
import { isPlainObject } from './wire-case';

/** Newest first: ids start with their creation time in milliseconds. */
function newestFirst(a: string, b: string): number {
  return Number(b.split('-')[0]) - Number(a.split('-')[0]) || b.localeCompare(a);
}

export class JobStore {
  private readonly directory: string;
  private readonly jobs = new Map<string, WireJob>();

  constructor(dataDir: string) {
    this.directory = path.join(dataDir, 'mediaconvert', 'jobs');
    fs.mkdirSync(this.directory, { recursive: true });
    for (const job of readJsonFiles<WireJob>(this.directory)) this.jobs.set(job.id, job);
  }

  private file(id: string): string {
    return path.join(this.directory, `${id}.json`);
  }

  put(job: WireJob): void {
    writeJsonFile(this.file(job.id), job, 2);
    this.jobs.set(job.id, job);
  }

  /** Changes some members of a stored job and returns it. */
  update(id: string, changes: Partial<WireJob>): WireJob {
    const job = this.jobs.get(id);
    if (!job) throw new Error(`Local MediaConvert: job ${id} is not stored`);
    const updated: WireJob = { ...job, ...changes };
    // Members set to undefined are removed, as they would be from the JSON.
    for (const [member, value] of Object.entries(changes)) if (value === undefined) delete updated[member];
    this.put(updated);
    return updated;
  }

  get(id: string): WireJob | undefined {
    return this.jobs.get(id);
  }

  /** Every job, newest first. */
  list(): WireJob[] {
    return [...this.jobs.keys()].sort(newestFirst).map((id) => this.jobs.get(id)!);
  }
}

/** The members of CreateJobTemplate's body that a template keeps. */
const KEPT = ['description', 'category', 'priority', 'statusUpdateInterval', 'accelerationSettings', 'queue', 'hopDestinations'] as const;

export class TemplateStore {
  private readonly directory: string;
  private readonly templates = new Map<string, WireJobTemplate>();

  constructor(
    dataDir: string,
    private readonly arnOf: (name: string) => string,
  ) {
    this.directory = path.join(dataDir, 'mediaconvert', 'job-templates');
    fs.mkdirSync(this.directory, { recursive: true });
    for (const template of readJsonFiles<WireJobTemplate>(this.directory)) this.templates.set(template.name, template);
  }

  private file(name: string): string {
    return path.join(this.directory, `${encodeURIComponent(name)}.json`);
  }

  /**
   * Creates the template from a CreateJobTemplate body (wire form), or replaces the one of that
   * name. Returns the stored template; an unchanged one keeps its `lastUpdated`.
   */
  put(body: Record<string, unknown>, now: Date): WireJobTemplate {
    const { name, settings } = body;
    if (typeof name !== 'string' || name.trim() === '') throw new TemplateError('You must specify a name (name) for the job template.');
    if (!isPlainObject(settings)) throw new TemplateError(`You must specify the settings (settings) of job template ${name}.`);
    if (body.priority !== undefined && (!Number.isInteger(body.priority) || Math.abs(body.priority as number) > 50)) {
      throw new TemplateError(`priority of job template ${name} must be a whole number from -50 to 50 (is ${JSON.stringify(body.priority)}).`);
    }
    const seconds = Math.floor(now.getTime() / 1000);
    const earlier = this.templates.get(name);
    const template: WireJobTemplate = {
      arn: this.arnOf(name),
      name,
      type: 'CUSTOM',
      settings: structuredClone(settings),
      createdAt: earlier?.createdAt ?? seconds,
      lastUpdated: seconds,
    };
    for (const member of KEPT) if (body[member] !== undefined) Object.assign(template, { [member]: structuredClone(body[member]) });
    if (earlier && isDeepStrictEqual({ ...earlier, lastUpdated: 0 }, { ...template, lastUpdated: 0 })) return earlier;
    writeJsonFile(this.file(name), template, 2);
    this.templates.set(name, template);
    return template;
  }

  get(name: string): WireJobTemplate | undefined {
    return this.templates.get(name);
  }

  list(): WireJobTemplate[] {
    return [...this.templates.values()];
  }
}

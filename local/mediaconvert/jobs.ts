/**
 * Local MediaConvert jobs, one JSON file each under <dataDir>/mediaconvert/jobs/, in the form the
 * REST API returns them (restJson1: lower-camel-case members, timestamps in epoch seconds). The
 * files are read once, at construction; the store keeps them in memory and writes every change
 * through, so a restart finds each job as it was last recorded.
 */
import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJsonFiles, writeJsonFile } from '../json-files';

export type JobStatus = 'SUBMITTED' | 'PROGRESSING' | 'COMPLETE' | 'ERROR' | 'CANCELED';

export type JobPhase = 'PROBING' | 'TRANSCODING' | 'UPLOADING';

/** An output of a finished job, as GetJob reports it (the API's OutputDetail). */
export interface WireOutputDetail {
  durationInMs?: number;
  videoDetails?: { widthInPx: number; heightInPx: number };
}

/** A job as the API returns it; `settings` stays in the caller's wire form. */
export interface WireJob {
  arn: string;
  id: string;
  role: string;
  settings: Record<string, unknown>;
  status: JobStatus;
  createdAt: number;
  queue: string;
  priority: number;
  statusUpdateInterval: string;
  userMetadata: Record<string, string>;
  timing: { submitTime: number; startTime?: number; finishTime?: number };
  messages: { info: string[]; warning: string[] };
  accelerationStatus: string;
  clientRequestToken?: string;
  jobTemplate?: string;
  jobPercentComplete?: number;
  currentPhase?: JobPhase;
  retryCount?: number;
  errorCode?: number;
  errorMessage?: string;
  outputGroupDetails?: { outputDetails: WireOutputDetail[] }[];
  [member: string]: unknown;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** MediaConvert's job id form: creation time in milliseconds, a dash, six lower-case characters. */
export function newJobId(now: Date): string {
  const suffix = Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${now.getTime()}-${suffix}`;
}

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

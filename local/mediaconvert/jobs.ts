/**
 * Local MediaConvert jobs, one JSON file each under <dataDir>/mediaconvert/jobs/, in the form the
 * REST API returns them (restJson1: lower-camel-case members, `createdAt` in epoch seconds).
 */
import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A job as the API returns it; `settings` stays in the caller's wire form. */
export interface WireJob {
  arn: string;
  id: string;
  role: string;
  settings: Record<string, unknown>;
  status: 'SUBMITTED' | 'PROGRESSING' | 'COMPLETE' | 'ERROR' | 'CANCELED';
  createdAt: number;
  queue: string;
  userMetadata: Record<string, string>;
  clientRequestToken?: string;
  [member: string]: unknown;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** MediaConvert's job id form: creation time in milliseconds, a dash, six lower-case characters. */
export function newJobId(now: Date): string {
  const suffix = Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${now.getTime()}-${suffix}`;
}

export class JobStore {
  private readonly directory: string;

  constructor(dataDir: string) {
    this.directory = path.join(dataDir, 'mediaconvert', 'jobs');
    fs.mkdirSync(this.directory, { recursive: true });
  }

  private file(id: string): string {
    return path.join(this.directory, `${id}.json`);
  }

  put(job: WireJob): void {
    // Write then rename: a reader never sees half a job.
    const temporary = `${this.file(job.id)}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(job, null, 2));
    fs.renameSync(temporary, this.file(job.id));
  }

  get(id: string): WireJob | undefined {
    if (!/^[\w-]+$/.test(id)) return undefined;
    try {
      return JSON.parse(fs.readFileSync(this.file(id), 'utf8')) as WireJob;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Every job, newest first (ids start with their creation time). */
  list(): WireJob[] {
    return fs
      .readdirSync(this.directory)
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .sort((a, b) => Number(b.split('-')[0]) - Number(a.split('-')[0]) || b.localeCompare(a))
      .map((id) => this.get(id))
      .filter((job): job is WireJob => job !== undefined);
  }
}

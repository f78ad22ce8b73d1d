/**
 * Local MediaConvert jobs in the form the REST API returns them (restJson1: lower-camel-case
 * members, timestamps in epoch seconds), and their ids. store.ts keeps them.
 */
import { randomInt } from 'node:crypto';

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

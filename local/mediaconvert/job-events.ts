/**
 * The `MediaConvert Job State Change` events of a job, in the shapes MediaConvert publishes
 * (samples in test/fixtures/aws-events/mediaconvert/): PROGRESSING when it starts, STATUS_UPDATE
 * while it runs, then COMPLETE, ERROR or CANCELED. None for SUBMITTED, as on AWS.
 */
import type { OutputGroupDetail } from './engine';
import type { EventEntry } from '../eventbridge/types';
import type { JobPhase, WireJob } from './jobs';

export const JOB_EVENT = { source: 'aws.mediaconvert', detailType: 'MediaConvert Job State Change' } as const;

export type PhaseStatus = 'PENDING' | 'PROGRESSING' | 'COMPLETE';

export interface JobProgress {
  phaseProgress: Record<JobPhase, { status: PhaseStatus; percentComplete: number }>;
  jobPercentComplete: number;
  currentPhase: JobPhase;
  retryCount: number;
}

const PHASES: JobPhase[] = ['PROBING', 'TRANSCODING', 'UPLOADING'];

/** The engine reports whole percents, holding back 100 until the uploads end: 99 means uploading. */
export function phaseOf(percent: number | undefined): JobPhase {
  if (percent === undefined) return 'PROBING';
  return percent >= 99 ? 'UPLOADING' : 'TRANSCODING';
}

export function jobProgress(job: Pick<WireJob, 'jobPercentComplete' | 'currentPhase' | 'retryCount'>): JobProgress {
  const current = job.currentPhase ?? 'PROBING';
  const index = PHASES.indexOf(current);
  const percent = job.jobPercentComplete ?? 0;
  const phaseProgress = Object.fromEntries(
    PHASES.map((phase, i) => {
      if (i < index) return [phase, { status: 'COMPLETE', percentComplete: 100 }];
      if (i > index) return [phase, { status: 'PENDING', percentComplete: 0 }];
      return [phase, { status: 'PROGRESSING', percentComplete: phase === 'TRANSCODING' ? percent : 0 }];
    }),
  ) as JobProgress['phaseProgress'];
  return { phaseProgress, jobPercentComplete: percent, currentPhase: current, retryCount: job.retryCount ?? 0 };
}

export type JobEventDetail =
  | { status: 'PROGRESSING' }
  | { status: 'STATUS_UPDATE' }
  | { status: 'COMPLETE'; outputGroupDetails: OutputGroupDetail[] }
  | { status: 'ERROR'; errorCode: number; errorMessage: string }
  | { status: 'CANCELED' };

/** The event of a job's state change at `time`. */
export function jobEvent(job: WireJob, accountId: string, change: JobEventDetail, time: Date): EventEntry {
  const detail: Record<string, unknown> = {
    timestamp: time.getTime(),
    accountId,
    queue: job.queue,
    jobId: job.id,
    status: change.status,
    userMetadata: job.userMetadata,
  };
  switch (change.status) {
    case 'STATUS_UPDATE':
      detail.jobProgress = jobProgress(job);
      break;
    case 'COMPLETE':
      detail.outputGroupDetails = change.outputGroupDetails;
      detail.warnings = [];
      break;
    case 'ERROR':
      detail.errorCode = change.errorCode;
      detail.errorMessage = change.errorMessage;
      break;
    default:
      break;
  }
  return { source: JOB_EVENT.source, detailType: JOB_EVENT.detailType, resources: [job.arn], time, detail };
}

/** MediaConvert's StatusUpdateInterval values. */
export const STATUS_UPDATE_INTERVALS = [10, 12, 15, 20, 30, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600].map((seconds) => `SECONDS_${seconds}`);

/**
 * Milliseconds between STATUS_UPDATE events: the job's interval, capped locally (jobs on sample
 * media last seconds, and their waiting tasks need heartbeats while they run).
 */
export function statusUpdateMs(interval: string, capMs: number): number {
  const seconds = Number(/^SECONDS_(\d+)$/.exec(interval)?.[1] ?? 60);
  return Math.min(seconds * 1000, capMs);
}

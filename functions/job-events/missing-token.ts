/**
 * A terminal event whose job has no stored task token. The submit step creates the job, then
 * stores the token and records the job on the asset; a fast job can finish inside that window.
 * Such an event is retried (the token will be there); anything else has nothing left to complete.
 */
import type { AssetRecord, JobStatus } from '../shared/asset';

/** How long after the state change a missing token still means "not stored yet". */
export const TOKEN_RACE_WINDOW_MS = 15 * 60 * 1000;

const TERMINAL: readonly JobStatus[] = ['COMPLETE', 'ERROR', 'CANCELED'];

export type MissingTokenDecision = { action: 'retry'; reason: string } | { action: 'ignore'; reason: string };

export function missingTokenDecision(
  asset: Pick<AssetRecord, 'jobs'> | undefined,
  jobId: string,
  eventAgeMs: number | undefined,
): MissingTokenDecision {
  if (!asset) return { action: 'ignore', reason: 'the asset does not exist' };
  const job = asset.jobs?.find((entry) => entry.jobId === jobId);
  if (job && TERMINAL.includes(job.status)) {
    return { action: 'ignore', reason: `the job is already ${job.status} on the asset` };
  }
  // An unknown age counts as recent: a retry costs little, a lost completion stalls the execution.
  if (eventAgeMs !== undefined && eventAgeMs >= TOKEN_RACE_WINDOW_MS) {
    return { action: 'ignore', reason: `the event is ${Math.round(eventAgeMs / 60000)} minutes old; the token expired or was never stored` };
  }
  return {
    action: 'retry',
    reason: job ? 'the job is recorded but its token is not stored yet' : 'the asset does not list the job yet',
  };
}

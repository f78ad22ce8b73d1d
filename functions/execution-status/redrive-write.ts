/**
 * What a redriven run's status event writes on the asset as read. Redrive and status events can
 * arrive in any order, late or twice, and a fast redriven run can write COMPLETE before its own
 * RUNNING event is handled: the count comes from the execution and only goes up, and a status is
 * set back only while that run is still going.
 */
import type { AssetRecord } from '../shared/asset';
import { FINAL_STATUSES } from '../shared/asset';

export type RedriveWrite =
  /** The record already counts this redrive (or a later one), or is not this execution's. */
  | 'none'
  /** Back in progress, failure cleared, redrive counted. */
  | 'resume'
  /** The redrive counted, status left as it is. */
  | 'count';

/**
 * `runGoing` asks Step Functions whether the execution is still running this redrive; it is asked
 * only when the answer matters.
 */
export async function redriveWrite(
  asset: Pick<AssetRecord, 'status' | 'redriveCount' | 'executionArn'>,
  execution: { executionArn: string; redriveCount: number },
  runGoing: () => Promise<boolean>,
): Promise<RedriveWrite> {
  if (asset.executionArn !== execution.executionArn) return 'none';
  if ((asset.redriveCount ?? 0) >= execution.redriveCount) return 'none';
  // A final status (COMPLETE written by the redriven run, or REJECTED) stays; only the count changes.
  if (FINAL_STATUSES.includes(asset.status)) return 'count';
  // A run that already failed again or was redriven once more: its own events set the status.
  return (await runGoing()) ? 'resume' : 'count';
}

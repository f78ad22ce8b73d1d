/**
 * Following an asset to a final status: the asset record, the state its execution is in and the
 * MediaConvert job's percent complete.
 */
import { GetJobCommand } from '@aws-sdk/client-mediaconvert';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import type { AssetRecord } from '../functions/shared/asset';
import { FINAL_STATUSES } from '../functions/shared/asset';
import { normaliseSourceEvent } from '../functions/shared/source-event';
import { getAsset } from './get-asset';
import type { Progress } from './output';
import type { Target } from './target';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const FINISHED: readonly string[] = [...FINAL_STATUSES, 'FAILED'];

function pollInterval(target: Target): number {
  return target.kind === 'aws' ? 5000 : 500;
}

/**
 * The asset an upload started: the newest execution whose input is the upload's event.
 * Uploads trigger through EventBridge, so the execution appears shortly after the upload.
 */
export async function findUploadAsset(target: Target, upload: { bucket: string; key: string; since: Date }, timeoutMs = 120_000): Promise<string> {
  const seen = new Set<string>();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { executions = [] } = await target.clients.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: target.info.stateMachineArn, maxResults: 50 }),
    );
    for (const execution of executions) {
      if (!execution.executionArn || seen.has(execution.executionArn)) continue;
      if (execution.startDate && execution.startDate.getTime() < upload.since.getTime() - 60_000) continue;
      seen.add(execution.executionArn);
      const { input } = await target.clients.sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }));
      try {
        const asset = normaliseSourceEvent(JSON.parse(input ?? '{}'));
        const source = asset.source as { bucket: string; key?: string };
        if (source.bucket === upload.bucket && source.key === upload.key) return asset.assetId;
      } catch {
        // Another kind of execution input: not ours.
      }
    }
    await sleep(pollInterval(target));
  }
  throw new Error(
    `No execution started for s3://${upload.bucket}/${upload.key} within ${timeoutMs / 1000} s; ` +
      'check that its key matches the upload rule (prefix and suffixes) and look at `vod executions list`',
  );
}

export async function currentState(target: Target, executionArn: string): Promise<string | undefined> {
  const { events = [] } = await target.clients.sfn.send(
    new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 20, includeExecutionData: false }),
  );
  return events.find((event) => event.stateEnteredEventDetails?.name)?.stateEnteredEventDetails?.name;
}

export async function jobPercent(target: Target, asset: AssetRecord): Promise<number | undefined> {
  const job = asset.jobs?.at(-1);
  if (!job || (job.status !== 'PROGRESSING' && job.status !== 'SUBMITTED')) return undefined;
  try {
    const { Job } = await target.clients.mediaConvert.send(new GetJobCommand({ Id: job.jobId }));
    return Job?.JobPercentComplete;
  } catch {
    return undefined;
  }
}

async function executionStatus(target: Target, executionArn: string): Promise<string | undefined> {
  const { status } = await target.clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
  return status;
}

export interface FollowOptions {
  progress: Progress;
  timeoutMs?: number;
  /** Only a record updated after this counts as final (a redrive follows the same asset again). */
  after?: Date;
}

/**
 * Waits until the asset is COMPLETE, REJECTED or FAILED. An execution that ended unsuccessfully is
 * final too, even before the FAILED status reaches the record.
 */
export async function followAsset(target: Target, assetId: string, options: FollowOptions): Promise<AssetRecord> {
  const deadline = Date.now() + (options.timeoutMs ?? 60 * 60_000);
  let endedUnsuccessfullyAt: number | undefined;
  while (Date.now() < deadline) {
    const asset = await getAsset(target, assetId);
    if (asset) {
      const fresh = !options.after || new Date(asset.updatedAt).getTime() >= options.after.getTime();
      if (fresh && FINISHED.includes(asset.status)) {
        options.progress.done();
        return asset;
      }
      const state = asset.executionArn ? await currentState(target, asset.executionArn) : undefined;
      const percent = await jobPercent(target, asset);
      // Until the redrive reaches the record, its status is the one the redrive is leaving: not news.
      const status = fresh ? asset.status : 'redrive starting';
      options.progress.update(`${assetId}: ${status}${state ? ` · ${state}` : ''}${percent !== undefined ? ' · MediaConvert' : ''}`, percent);
      if (asset.executionArn) {
        const status = await executionStatus(target, asset.executionArn);
        if (status && status !== 'RUNNING' && status !== 'SUCCEEDED' && status !== 'PENDING_REDRIVE') {
          // The FAILED status arrives through an event; give it a moment, then report what is known.
          endedUnsuccessfullyAt ??= Date.now();
          if (Date.now() - endedUnsuccessfullyAt > 15_000) {
            options.progress.done();
            return { ...asset, status: 'FAILED' };
          }
        } else {
          endedUnsuccessfullyAt = undefined;
        }
      }
    } else {
      options.progress.update(`${assetId}: waiting for the asset to be registered`);
    }
    await sleep(pollInterval(target));
  }
  options.progress.done();
  throw new Error(`Asset ${assetId} did not reach a final status in time; follow it with: vod assets get ${assetId}`);
}

/** Exit code of a followed asset: 0 COMPLETE, 1 FAILED or REJECTED. */
export function exitCodeOf(asset: AssetRecord): number {
  return asset.status === 'COMPLETE' ? 0 : 1;
}

/**
 * An asset as its page shows it: the record, the URLs a player opens on this target, where its
 * execution is now, MediaConvert's percent complete while a job runs, and what to do about an error.
 */
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { currentState, jobPercent } from '../../cli/follow';
import { getAsset } from '../../cli/get-asset';
import { assetPlayback } from '../../cli/playback';
import type { Target } from '../../cli/target';
import type { AssetView } from '../shared/api-replies';
import { adviceFor } from './advice';

export async function assetView(target: Target, assetId: string): Promise<AssetView | undefined> {
  const asset = await getAsset(target, assetId);
  if (!asset) return undefined;
  const [state, executionStatus, percent] = await Promise.all([
    asset.executionArn ? currentState(target, asset.executionArn).catch(() => undefined) : undefined,
    asset.executionArn
      ? target.clients.sfn
          .send(new DescribeExecutionCommand({ executionArn: asset.executionArn }))
          .then((described) => described.status)
          .catch(() => undefined)
      : undefined,
    jobPercent(target, asset),
  ]);
  const job = asset.jobs?.at(-1);
  const advice = adviceFor(asset);
  return {
    asset,
    playback: assetPlayback(target, asset),
    ...(state ? { state } : {}),
    ...(executionStatus ? { executionStatus } : {}),
    ...(job && percent !== undefined ? { progress: { jobId: job.jobId, percent } } : {}),
    ...(advice ? { advice } : {}),
  };
}

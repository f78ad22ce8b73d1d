/**
 * A job's estimated cost, checked against the limits before the job is created: over a limit, the
 * asset is rejected (InputRejected, recorded as REJECTED; the state machine ends at Rejected) and
 * no MediaConvert call is made. maxSourceMinutes is checked here too, with the cost, rather than at
 * the probe: both limits live in one place, and the cause of either gives the value and the limit.
 */
import type { CreateJobRequest } from '@aws-sdk/client-mediaconvert';
import type { AssetCost, AssetRecord } from '../shared/asset';
import type { Config } from '../shared/config';
import { InputRejected } from '../shared/errors';
import { logger } from '../shared/logger';
import { priceTableLabel } from '../shared/mediaconvert-prices';
import type { JobEstimate } from './cost-estimate';
import { estimateJobCost, roundUsd } from './cost-estimate';
import { effectiveLimits, overLimit } from './cost-limits';
import type { JobInput } from './job-input';

export interface JobCost {
  estimate: JobEstimate;
  /** The asset's total with this job: what the record's `cost` becomes. */
  assetCost: AssetCost;
}

export type CostConfig = Pick<Config, 'maxJobCostUsd' | 'maxSourceMinutes' | 'mediaConvertPrices'>;

/**
 * `inputDurationsMs`: the duration of each of the request's inputs (for stitch: pre-roll,
 * recording, post-roll). Throws InputRejected when the asset is over a limit.
 */
export function checkJobCost(
  job: Pick<JobInput, 'assetId' | 'state' | 'probe'>,
  request: CreateJobRequest,
  inputDurationsMs: number[],
  asset: Pick<AssetRecord, 'jobs' | 'manifest'> | undefined,
  config: CostConfig,
): JobCost {
  const prices = config.mediaConvertPrices;
  const estimate = estimateJobCost({ request, inputDurationsMs, video: job.probe.video }, prices);
  const limits = effectiveLimits({ maxJobCostUsd: config.maxJobCostUsd, maxSourceMinutes: config.maxSourceMinutes }, asset?.manifest);
  for (const [name, limit] of Object.entries(limits)) {
    if (limit.ignored !== undefined)
      logger.warn("The manifest's limit is above the stack's and is ignored", { limit: name, manifest: limit.ignored, stack: limit.value });
  }
  const problem = overLimit(job, job.probe.durationMs / 60000, estimate.usd, limits);
  if (problem) throw new InputRejected(problem);
  const before = (asset?.jobs ?? []).reduce((sum, recorded) => sum + (recorded.estimatedCostUsd ?? 0), 0);
  return { estimate, assetCost: { estimatedUsd: roundUsd(before + estimate.usd), priceTable: priceTableLabel(prices) } };
}

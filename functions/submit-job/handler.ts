/**
 * SubmitStitchJob / SubmitDashJob / SubmitLoudnessJob (`lambda:invoke.waitForTaskToken`): builds
 * the branch's MediaConvert job, creates it, and stores the task token under the job id, where the
 * job-events function finds it when the job ends. The task completes by that callback; what this
 * returns is ignored.
 */
import { CreateJobCommand } from '@aws-sdk/client-mediaconvert';
import { getAsset, recordJob } from '../shared/asset-table';
import { mediaConvert } from '../shared/clients';
import { loadConfig } from '../shared/config';
import { pipelineHandler } from '../shared/handler';
import { logger } from '../shared/logger';
import { saveTaskToken } from '../shared/task-tokens';
import { buildJobRequest } from './job-request';
import type { SubmitJobEvent } from './payload';
import { parseSubmitJobEvent } from './payload';
import { checkJobCost } from './job-cost';
import { postrollDurationMs, prerollDurationMs } from './preroll-duration';

export interface SubmitJobResult {
  jobId: string;
}

export const handler = pipelineHandler(async (event: SubmitJobEvent): Promise<SubmitJobResult> => {
  const input = parseSubmitJobEvent(event);
  const { assetId, branch, taskToken, executionArn, state } = input;
  const config = loadConfig();
  // The poster of a stitched job is taken inside the recording, after the pre-roll.
  const prerollMs = branch === 'stitch' ? await prerollDurationMs(input, config.assetsBucket, config.prerollKey) : undefined;
  const job = prerollMs === undefined ? input : { ...input, prerollMs };
  const { request, template } = buildJobRequest(branch, job, config);

  // Over a limit, the asset is rejected here: no job is created.
  const asset = await getAsset(assetId);
  const inputDurationsMs =
    branch === 'stitch'
      ? [prerollMs ?? 0, input.probe.durationMs, await postrollDurationMs(config.assetsBucket, config.postrollKey)]
      : [input.probe.durationMs];
  const { estimate, assetCost } = checkJobCost(input, request, inputDurationsMs, asset, config);

  const { Job } = await mediaConvert().send(new CreateJobCommand(request));
  const jobId = Job?.Id;
  if (!jobId) {
    throw new Error(`Asset ${assetId} (${state}): MediaConvert CreateJob returned no job id; retry the state or redrive the execution`);
  }
  logger.info('MediaConvert job created', { jobId, branch, template, estimatedCostUsd: estimate.usd });

  await saveTaskToken({ jobId, taskToken, assetId, branch, executionArn });

  // A retried invocation within MediaConvert's idempotency window gets the same job back: record it once.
  if (asset?.jobs?.some((job) => job.jobId === jobId)) return { jobId };
  const recorded = await recordJob(
    assetId,
    branch,
    { jobId, template, status: 'SUBMITTED', submittedAt: Job?.CreatedAt?.toISOString() ?? new Date().toISOString(), estimatedCostUsd: estimate.usd },
    assetCost,
  );
  if (!recorded) logger.warn('Job not recorded: the asset is missing or already final', { jobId });
  return { jobId };
});

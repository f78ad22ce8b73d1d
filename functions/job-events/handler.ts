/**
 * Job events: `MediaConvert Job State Change` events of this pipeline's jobs complete the task
 * token the submit state waits on. COMPLETE succeeds it (with the job's outputs, their playback
 * URLs, and the thumbnails track written beside the frame captures), ERROR and CANCELED fail it,
 * progress sends heartbeats. The first terminal event claims the token; late or repeated events do nothing.
 */
import { SendTaskFailureCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import type { JobRecord } from '../shared/asset';
import { getAsset, updateJob } from '../shared/asset-table';
import { sfn } from '../shared/clients';
import { loadConfig } from '../shared/config';
import { pipelineHandler } from '../shared/handler';
import { logger } from '../shared/logger';
import type { TaskTokenItem } from '../shared/task-tokens';
import { claimTaskToken, completeTaskToken, getTaskToken, releaseTaskToken } from '../shared/task-tokens';
import { TaskTokenBusy, TaskTokenNotFound, isGoneTokenError } from './errors';
import type { JobAction } from './job-action';
import { jobAction, jobPatch } from './job-action';
import { jobDurationMs, jobResult, thumbnailFrames } from './job-outputs';
import type { JobResult } from './job-result';
import type { JobStateChangeDetail, JobStateChangeEvent } from './job-state-change';
import { eventTime } from './job-state-change';
import { missingTokenDecision } from './missing-token';
import { writeThumbnailsTrack } from './thumbnails-track';

async function recordJobState(assetId: string | undefined, jobId: string, patch: Partial<JobRecord> | undefined): Promise<void> {
  if (!assetId || !patch) return;
  const updated = await updateJob(assetId, jobId, patch);
  if (!updated) logger.warn('The asset does not list this job; its record is unchanged', { patch });
}

async function heartbeat(detail: JobStateChangeDetail, token: TaskTokenItem | undefined, assetId: string | undefined): Promise<void> {
  if (!token) {
    logger.info('No task token stored for this job (yet); nothing to keep alive');
    return;
  }
  if (token.completedAt) {
    // Progress reported after the job ended must not set its record back to PROGRESSING.
    logger.info('The job already completed its task; progress event ignored');
    return;
  }
  try {
    await sfn().send(new SendTaskHeartbeatCommand({ taskToken: token.taskToken }));
  } catch (error) {
    if (!isGoneTokenError(error)) throw error;
    logger.warn('The waiting task no longer accepts heartbeats', { error: error.name, cause: error.message });
  }
  await recordJobState(assetId, detail.jobId, jobPatch(detail, new Date().toISOString()));
}

async function noToken(event: JobStateChangeEvent, assetId: string | undefined): Promise<void> {
  const { jobId, status } = event.detail;
  const asset = assetId ? await getAsset(assetId) : undefined;
  const at = eventTime(event);
  const decision = missingTokenDecision(asset, jobId, at ? Date.now() - at.getTime() : undefined);
  if (decision.action === 'retry') {
    throw new TaskTokenNotFound(
      `No task token is stored for MediaConvert job ${jobId} of asset ${assetId} (${status}): ${decision.reason}. ` +
        'The event is retried so the waiting state gets the result once the submit state has stored the token.',
    );
  }
  logger.warn('No task token for this job; nothing to complete', { reason: decision.reason });
}

/** The task output of a COMPLETE job: writes the thumbnails track first, so the record never names a missing one. */
async function successResult(detail: JobStateChangeDetail): Promise<JobResult> {
  const groups = detail.outputGroupDetails ?? [];
  const frames = thumbnailFrames(groups);
  const thumbnails = frames ? await writeThumbnailsTrack(frames, jobDurationMs(groups)) : undefined;
  const config = loadConfig();
  const baseUrl = config.playbackBaseUrl;
  return jobResult(detail.jobId, groups, {
    ...(thumbnails ? { thumbnails } : {}),
    ...(baseUrl ? { playback: { baseUrl, outputBucket: config.outputBucket } } : {}),
  });
}

async function complete(event: JobStateChangeEvent, action: JobAction, token: TaskTokenItem, assetId: string | undefined): Promise<void> {
  const { detail } = event;
  const claim = await claimTaskToken(detail.jobId);
  if (claim === 'done') {
    logger.info('The task token was completed by an earlier event; repeated or late event ignored');
    return;
  }
  if (claim === 'busy') {
    throw new TaskTokenBusy(
      `Another event is completing the task token of MediaConvert job ${detail.jobId} (asset ${assetId}); ` +
        'this event is retried and ends as a no-op once the token is completed, or completes it if that event died.',
    );
  }
  const at = (eventTime(event) ?? new Date()).toISOString();
  try {
    // The job is recorded first: a retry after a failed callback records it again (same values) and completes the token.
    await recordJobState(assetId, detail.jobId, jobPatch(detail, at));
    if (action.kind === 'succeed') {
      const output = JSON.stringify(await successResult(detail));
      await sfn().send(new SendTaskSuccessCommand({ taskToken: token.taskToken, output }));
    } else if (action.kind === 'fail') {
      await sfn().send(new SendTaskFailureCommand({ taskToken: token.taskToken, error: action.error, cause: action.cause }));
    }
    logger.info('Task token completed', { result: action.kind });
  } catch (error) {
    if (!isGoneTokenError(error)) {
      // Give the token back so the retry of this event can complete it.
      await releaseTaskToken(detail.jobId).catch((releaseError: unknown) =>
        logger.error('Could not release the task token; a retry can take it over once the claim expires', {
          error: String(releaseError),
        }),
      );
      throw error;
    }
    logger.warn('The waiting task is gone (timed out, or completed before); the job is recorded all the same', {
      error: error.name,
      cause: error.message,
    });
  }
  await completeTaskToken(detail.jobId);
}

export const handler = pipelineHandler(async (event: JobStateChangeEvent): Promise<void> => {
  const detail = event?.detail;
  if (typeof detail?.jobId !== 'string' || typeof detail.status !== 'string') {
    throw new TypeError(
      `Job events: event ${event?.id} is not a MediaConvert Job State Change with a job id and status; check the jobStateChange rule's pattern`,
    );
  }
  logger.appendKeys({ jobId: detail.jobId, jobStatus: detail.status });
  const action = jobAction(detail);
  if (action.kind === 'ignore') {
    logger.info('Job status not handled; ignored');
    return;
  }

  const token = await getTaskToken(detail.jobId);
  const metadataAssetId = detail.userMetadata?.assetId;
  if (token && metadataAssetId && token.assetId !== metadataAssetId) {
    logger.warn('The job metadata names another asset than its task token; the token wins', { metadataAssetId });
  }
  const assetId = token?.assetId ?? metadataAssetId;
  if (assetId) logger.appendKeys({ assetId });

  if (action.kind === 'heartbeat') return heartbeat(detail, token, assetId);
  if (!token) return noToken(event, assetId);
  return complete(event, action, token, assetId);
});

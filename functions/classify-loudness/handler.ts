/**
 * ClassifyLoudness: reads the loudness logs the measure-only job wrote (one per audio track),
 * marks tracks below the threshold silent, records the result and COMPLETE on the asset, and
 * deletes the job's temporary files.
 */
import type { LoudnessResult, Probe } from '../shared/asset';
import { getAsset, markComplete } from '../shared/asset-table';
import { loadConfig } from '../shared/config';
import { pipelineHandler } from '../shared/handler';
import { logger } from '../shared/logger';
import type { JobResult } from '../job-events/job-result';
import type { ManifestSettings } from '../shared/job-manifest';
import { classifyLoudness } from './classify';
import { LoudnessLogUnreadable, LoudnessLogsMismatch } from './errors';
import { parseLoudnessLog } from './loudness-log-parser';
import { findLoudnessLogs, matchLogsToTracks } from './loudness-logs';
import { deleteKeys, listKeys, readText } from '../shared/s3-objects';
import type { S3Folder } from './temp-folder';
import { jobTempFolder } from './temp-folder';

export interface ClassifyLoudnessEvent {
  assetId: string;
  /** The job's result; the record's attribute values are CompleteTranscode's, not read here. */
  job: Omit<JobResult, 'record'>;
  probe: Probe;
  /** What the asset's job manifest asks for; its loudness.thresholdDb replaces the stack's. */
  settings?: ManifestSettings;
  state?: string;
}

async function cleanUp(folder: S3Folder, keys: string[]): Promise<void> {
  const failed = await deleteKeys(folder.bucket, keys);
  if (failed.length > 0) {
    // The lifecycle rule of the temporary prefix expires what is left; the result stands.
    logger.warn('Some temporary files could not be deleted', { folder, failed });
  } else {
    logger.info('Temporary files deleted', { folder, count: keys.length });
  }
}

function where(folder: S3Folder): string {
  return `s3://${folder.bucket}/${folder.prefix}`;
}

export const handler = pipelineHandler(async (input: ClassifyLoudnessEvent): Promise<{ loudness: LoudnessResult }> => {
  const { assetId, job, probe } = input ?? ({} as Partial<ClassifyLoudnessEvent>);
  const state = input?.state ?? 'ClassifyLoudness';
  if (typeof assetId !== 'string' || !job?.jobId || typeof probe?.audioCount !== 'number') {
    throw new TypeError(`${state}: the payload needs assetId, job (the job's result) and probe; check the state's Parameters`);
  }
  const config = loadConfig();
  const folder = jobTempFolder(assetId, config.outputBucket, job);
  const keys = await listKeys(folder.bucket, folder.prefix);
  const logs = findLoudnessLogs(keys);

  if (logs.length === 0) {
    // A retry or redrive after the result was recorded and the logs deleted: the recorded result stands.
    const asset = await getAsset(assetId);
    if (asset?.status === 'COMPLETE' && asset.loudness) {
      logger.info('Loudness already recorded; the logs were deleted after recording it');
      if (keys.length > 0) await cleanUp(folder, keys);
      return { loudness: asset.loudness };
    }
  }

  const match = matchLogsToTracks(logs, probe.audioCount);
  if (!match.ok) {
    const unexpected = match.unexpected.length > 0 ? `; logs matching no track: ${match.unexpected.join(', ')}` : '';
    throw new LoudnessLogsMismatch(
      `Asset ${assetId}, state ${state}: job ${job.jobId} left ${match.found} loudness logs in ${where(folder)} for ` +
        `${match.expected} audio tracks; missing tracks: ${match.missingTracks.join(', ') || 'none'}${unexpected}. ` +
        'The loudness job needs one audio output per track with loudness logging on; fix it and resubmit the asset.',
    );
  }

  const maxLoudness = await Promise.all(
    match.logs.map(async (log) => {
      const source = `s3://${folder.bucket}/${log.key}`;
      try {
        const text = await readText(folder.bucket, log.key);
        // Listed a moment ago: gone now means something else deleted the job's temporary files.
        if (text === undefined) throw new Error(`Asset ${assetId}, state ${state}: ${source} disappeared while it was read; resubmit the asset`);
        return parseLoudnessLog(text, source).maxLoudness;
      } catch (error) {
        if (!(error instanceof LoudnessLogUnreadable)) throw error;
        throw new LoudnessLogUnreadable(
          `Asset ${assetId}, state ${state}, track ${log.track}: ${error.message}. The log is incomplete or not a loudness log; ` +
            'check the loudness job, then redrive the execution.',
        );
      }
    }),
  );

  const thresholdDb = input.settings?.loudness?.thresholdDb ?? config.loudnessThresholdDb;
  const loudness = classifyLoudness(maxLoudness, probe.audioTracks ?? [], thresholdDb);
  logger.info('Loudness classified', { loudness });
  if (!(await markComplete(assetId, { loudness }))) {
    logger.warn('The asset is missing or REJECTED; the loudness result was not recorded');
  }
  await cleanUp(folder, keys);
  return { loudness };
});

/**
 * The loudness job's temporary folder: where its proxy and loudness logs are, and everything this
 * function deletes afterwards. Only a folder under `tmp/loudness/<assetId>/` of the output bucket
 * is accepted, so a wrong payload can never make it list or delete anything else.
 */
import { loudnessPrefix } from '../shared/output-layout';
import { isS3Uri, parseS3Uri } from '../shared/s3-uri';
import type { JobResult } from '../job-events/job-result';
import { TemporaryFolderRefused } from './errors';

export interface S3Folder {
  bucket: string;
  /** Ends with a slash. */
  prefix: string;
}

/** `tmp/loudness/<assetId>/`; asset ids are slugs, anything that could escape the folder is refused. */
export function assetTempPrefix(assetId: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(assetId)) {
    throw new TemporaryFolderRefused(`Asset id ${JSON.stringify(assetId)} cannot name a temporary folder; the ClassifyLoudness payload is wrong`);
  }
  return loudnessPrefix(assetId);
}

/**
 * The folder of the job's proxy (the loudness logs are written beside it); without a proxy, the
 * asset's temporary prefix itself. Every file the job reported must be inside it.
 */
export function jobTempFolder(assetId: string, outputBucket: string, job: Pick<JobResult, 'jobId' | 'outputs' | 'outputFiles'>): S3Folder {
  const assetPrefix = assetTempPrefix(assetId);
  const refuse = (uri: string): never => {
    throw new TemporaryFolderRefused(
      `Asset ${assetId}: job ${job.jobId} wrote ${uri}, outside s3://${outputBucket}/${assetPrefix}; ` +
        'the loudness job must write only there. Fix the job settings, then resubmit the asset.',
    );
  };
  const inside = (uri: string): { bucket: string; key: string } => {
    const location = isS3Uri(uri) ? parseS3Uri(uri) : undefined;
    if (!location || location.bucket !== outputBucket || !location.key.startsWith(assetPrefix)) return refuse(uri);
    return location;
  };

  for (const file of job.outputFiles ?? []) inside(file);
  const proxy = job.outputs?.proxy;
  if (!proxy) return { bucket: outputBucket, prefix: assetPrefix };
  const { key } = inside(proxy);
  return { bucket: outputBucket, prefix: key.slice(0, key.lastIndexOf('/') + 1) };
}

/** Writes the thumbnails track of a job's frame captures beside them, once the job is complete. */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../shared/clients';
import { logger } from '../shared/logger';
import { THUMBNAILS_VTT } from '../shared/output-layout';
import { parseS3Uri } from '../shared/s3-uri';
import type { FrameSeries } from './frame-captures';
import { thumbnailCues, thumbnailsVtt } from './thumbnails-vtt';

/** What players expect for WebVTT; S3 serves (and CloudFront passes on) the type it was written with. */
export const VTT_CONTENT_TYPE = 'text/vtt';

/**
 * The track's s3:// URI, or undefined when the captures' interval is unknown. The same event
 * writes the same bytes, so a repeated event rewrites it harmlessly.
 */
export async function writeThumbnailsTrack(frames: FrameSeries, durationMs: number | undefined): Promise<string | undefined> {
  if (frames.intervalMs === undefined) {
    logger.warn('The frame capture output reports no duration, so the capture interval is unknown; no thumbnails track written', {
      folder: frames.folder,
    });
    return undefined;
  }
  const uri = `${frames.folder}${THUMBNAILS_VTT}`;
  const { bucket, key } = parseS3Uri(uri);
  const body = thumbnailsVtt(thumbnailCues(frames.names, frames.intervalMs, durationMs));
  await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: VTT_CONTENT_TYPE }));
  logger.info('Thumbnails track written', { track: uri, frames: frames.names.length });
  return uri;
}

/**
 * The pre-roll's duration, which places a stitched job's poster inside the recording. Read from the
 * MP4's index (its `moov` box) with ranged GETs: a few kilobytes, no media decoded.
 */
import { BlockReader } from '../probe/block-reader';
import { findMovieBox, movieDurationMs } from '../probe/movie-box';
import type { StoredObject } from '../probe/s3-object';
import { findObject, rangeFetcher } from '../probe/s3-object';
import { s3Uri } from '../shared/s3-uri';
import type { JobInput } from './job-input';

export async function prerollDurationMs(job: Pick<JobInput, 'assetId' | 'state'>, bucket: string, key: string): Promise<number> {
  const uri = s3Uri(bucket, key);
  const object = await findObject(bucket, [key]);
  if (object === undefined) {
    throw new Error(
      `Asset ${job.assetId} (${job.state}): the pre-roll ${uri} does not exist; upload it to the assets bucket and redrive the execution`,
    );
  }
  const durationMs = await indexDurationMs(object);
  if (durationMs === undefined) {
    throw new Error(
      `Asset ${job.assetId} (${job.state}): the pre-roll ${uri} has no MP4 index giving its duration; ` +
        'upload the pre-roll as a non-fragmented MP4 or MOV and redrive the execution',
    );
  }
  return durationMs;
}

/**
 * The post-roll's duration, for the cost estimate only: 0 when it is missing or has no index, since
 * a missing post-roll fails the MediaConvert job, where an operator sees it and can redrive.
 */
export async function postrollDurationMs(bucket: string, key: string): Promise<number> {
  const object = await findObject(bucket, [key]);
  return (object && (await indexDurationMs(object))) ?? 0;
}

async function indexDurationMs(object: StoredObject): Promise<number | undefined> {
  const reader = new BlockReader(object.size, rangeFetcher(object));
  const box = await findMovieBox(reader);
  const moov = box && (await reader.read(box.start, box.end - box.start));
  // The moov box starts the range unless media came before it; find its header either way.
  const start = moov ? findBox(moov, 'moov') : -1;
  return moov && start >= 0 ? movieDurationMs(moov.subarray(start)) : undefined;
}

/** Offset of the top-level box `type` in `bytes` (which start on a box), or -1. */
function findBox(bytes: Uint8Array, type: string): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset + 8 <= bytes.length) {
    if (String.fromCharCode(...bytes.subarray(offset + 4, offset + 8)) === type) return offset;
    const size = view.getUint32(offset);
    if (size < 8) return -1;
    offset += size;
  }
  return -1;
}

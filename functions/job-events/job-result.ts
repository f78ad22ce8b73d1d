/**
 * What a completed MediaConvert job hands the state machine (the `SendTaskSuccess` output, at
 * `$.job`): the outputs the record keeps, every file the job wrote, and the record fields
 * CompleteTranscode writes as they go into DynamoDB.
 */
import type { Outputs } from '../shared/asset';
import type { CompleteTranscodeValues } from './record-values';

export interface JobResult {
  jobId: string;
  status: 'COMPLETE';
  /** Manifests, proxy, poster and thumbnails track as s3:// URIs, and whether the ladder has audio. */
  outputs: Outputs;
  /** Every manifest and file the job reported, in event order. */
  outputFiles: string[];
  /** The proxy's duration, else the ladder's, as the job reported it. */
  durationMs?: number;
  /** `outputs` and `playback` as DynamoDB attribute values, for CompleteTranscode's UpdateItem. */
  record: CompleteTranscodeValues;
}

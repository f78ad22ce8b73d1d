/**
 * What a completed MediaConvert job hands the state machine (the `SendTaskSuccess` output, at
 * `$.job`): the outputs the record keeps, and every file the job wrote.
 */
import type { Outputs } from '../shared/asset';

export interface JobResult {
  jobId: string;
  status: 'COMPLETE';
  /** The DASH manifest and the proxy MP4, as s3:// URIs. */
  outputs: Outputs;
  /** Every manifest and file the job reported, in event order. */
  outputFiles: string[];
  /** The proxy's duration, else the DASH outputs', as the job reported it. */
  durationMs?: number;
}

/**
 * The record fields CompleteTranscode writes, as DynamoDB attribute values. That state is a direct
 * UpdateItem, and JSONPath cannot turn a map whose keys vary (no HLS for a DASH ISO job, no poster
 * without frame captures) into attribute values, so the task output carries them ready-made.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Outputs } from '../shared/asset';
import { playbackUrls } from '../shared/playback-url';

export interface CompleteTranscodeValues {
  /** `outputs`: s3:// URIs and the audio flag. */
  outputs: AttributeValue;
  /** `playback`: the http(s) URLs of the playable outputs (empty without a playback base). */
  playback: AttributeValue;
}

export function completeTranscodeValues(outputs: Outputs, playback?: { baseUrl: string; outputBucket: string }): CompleteTranscodeValues {
  const urls = playback ? playbackUrls(playback.baseUrl, playback.outputBucket, outputs) : {};
  return {
    outputs: { M: marshall(outputs, { removeUndefinedValues: true }) },
    playback: { M: marshall(urls, { removeUndefinedValues: true }) },
  };
}

/**
 * The CreateJob idempotency token. A retried invocation of the same task carries the same task
 * token, so it sends the same ClientRequestToken and MediaConvert returns the job it already
 * created instead of starting a second one. (MediaConvert honours a token for one minute after
 * the first request; task tokens are far longer than its 64-character limit, hence the hash.)
 */
import { createHash } from 'node:crypto';

export function clientRequestToken(taskToken: string): string {
  return createHash('sha256').update(taskToken, 'utf8').digest('hex');
}

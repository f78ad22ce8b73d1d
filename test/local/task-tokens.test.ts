/**
 * The task-token claim against a real DynamoDB (the local cloud's): the first terminal event wins,
 * a live claim holds, an expired claim can be taken over, a completed token never again.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Clients } from '../../local/clients';
import type { LocalCloud } from '../../local/cloud';
import { CLAIM_EXPIRY_MS, claimTaskToken, completeTaskToken, releaseTaskToken } from '../../functions/shared/task-tokens';
import { cloudPerFile } from './support';

let cloud: LocalCloud;
let aws: Clients;

// Starting the local cloud points the functions' clients and configuration at it.
cloudPerFile(
  (started, startedAws) => {
    cloud = started;
    aws = startedAws;
  },
  { mediaConvertPaused: true },
);

async function storeToken(jobId: string, extra: Record<string, string> = {}): Promise<void> {
  await aws.documents.send(
    new PutCommand({
      TableName: cloud.names.taskTokenTable,
      Item: { jobId, taskToken: `token-${jobId}`, assetId: 'a', branch: 'dash', executionArn: 'arn', createdAt: 'x', expiresAt: 1, ...extra },
    }),
  );
}

describe('task token claims', () => {
  it('lets the first event claim a token, and tells the second it is busy', async () => {
    await storeToken('job-1');

    expect(await claimTaskToken('job-1')).toBe('claimed');
    expect(await claimTaskToken('job-1')).toBe('busy');
  });

  it('lets a retry take over a claim that expired, and claim again after a release', async () => {
    const claimedLongAgo = new Date(Date.now() - CLAIM_EXPIRY_MS - 60_000).toISOString();
    await storeToken('job-2', { claimedAt: claimedLongAgo });
    await storeToken('job-3');

    expect(await claimTaskToken('job-2')).toBe('claimed');
    expect(await claimTaskToken('job-3')).toBe('claimed');
    await releaseTaskToken('job-3');
    expect(await claimTaskToken('job-3')).toBe('claimed');
  });

  it('never claims a completed token, nor one that was never stored', async () => {
    await storeToken('job-4');
    expect(await claimTaskToken('job-4')).toBe('claimed');
    await completeTaskToken('job-4');

    const muchLater = new Date(Date.now() + 10 * CLAIM_EXPIRY_MS);
    expect(await claimTaskToken('job-4', muchLater)).toBe('done');
    expect(await claimTaskToken('job-unknown')).toBe('done');
  });
});

/** Uploads into a local cloud and waits for the assets, as a user of the SDK would. */
import * as fs from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { AssetRecord } from '../../functions/shared/asset';
import type { Clients } from '../../local/clients';

export async function uploadFile(clients: Clients, bucket: string, key: string, file: string): Promise<void> {
  await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: fs.readFileSync(file), ContentType: 'video/mp4' }));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls the asset table (every `intervalMs`) until `count` assets are COMPLETE; fails at once on a
 * FAILED or REJECTED one, with its error.
 */
export async function waitForComplete(clients: Clients, table: string, count: number, timeoutMs: number, intervalMs = 250): Promise<AssetRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const items: AssetRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await clients.documents.send(new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }));
      items.push(...((page.Items ?? []) as AssetRecord[]));
      start = page.LastEvaluatedKey;
    } while (start);
    const failed = items.find((item) => item.status === 'FAILED' || item.status === 'REJECTED');
    if (failed) throw new Error(`Asset ${failed.assetId} ended ${failed.status}: ${JSON.stringify(failed.error ?? {})}`);
    const complete = items.filter((item) => item.status === 'COMPLETE');
    if (complete.length >= count) return complete;
    if (Date.now() > deadline)
      throw new Error(
        `${complete.length} of ${count} assets COMPLETE after ${timeoutMs / 1000} s (statuses: ${items.map((item) => item.status).join(', ')})`,
      );
    await sleep(intervalMs);
  }
}

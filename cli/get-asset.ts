/**
 * One asset record, read consistently. Apart from the following in follow.ts: a command that only
 * reads records loads no Step Functions or MediaConvert SDK.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AssetRecord } from '../functions/shared/asset';
import type { Target } from './target';

export async function getAsset(target: Target, assetId: string): Promise<AssetRecord | undefined> {
  const { Item } = await target.clients.documents.send(new GetCommand({ TableName: target.info.table, Key: { assetId }, ConsistentRead: true }));
  return Item as AssetRecord | undefined;
}

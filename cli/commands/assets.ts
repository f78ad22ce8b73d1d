/** `vod assets get <assetId>` and `vod assets list [--status S] [--since ISO]`. */
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { AssetRecord, AssetStatus } from '../../functions/shared/asset';
import { ASSET_STATUSES } from '../../functions/shared/asset';
import { formatUsd } from '../../functions/shared/usd';
import { ASSET_STATUS_INDEX } from '../../infra/table-schemas';
import { UsageError, exactly, parse } from '../args';
import { getAsset } from '../get-asset';
import { describeAsset } from '../describe-asset';
import { printJson, printLine, printTable, seconds } from '../output';
import type { Row } from '../output';
import { withReadOnlyTarget } from '../run';
import type { Target } from '../target';

const GET_USAGE = 'vod assets get <assetId> [--json]';
const LIST_USAGE = 'vod assets list [--status S] [--since ISO] [--json]';

export function assetRow(asset: AssetRecord): Row {
  const source = asset.source as { bucket: string; key?: string; prefix?: string };
  return {
    asset: asset.assetId,
    status: asset.status,
    branch: asset.branch ?? '',
    source: `s3://${source.bucket}/${source.key ?? source.prefix ?? ''}`,
    duration: seconds(asset.probe?.durationMs),
    cost: asset.cost ? formatUsd(asset.cost.estimatedUsd) : '',
    updated: asset.updatedAt,
  };
}

export async function listAssets(target: Target, filter: { status?: AssetStatus; since?: string }): Promise<AssetRecord[]> {
  const items: AssetRecord[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = filter.status
      ? await target.clients.documents.send(
          new QueryCommand({
            TableName: target.info.table,
            IndexName: ASSET_STATUS_INDEX,
            KeyConditionExpression: filter.since ? '#status = :status AND updatedAt >= :since' : '#status = :status',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':status': filter.status, ...(filter.since ? { ':since': filter.since } : {}) },
            ScanIndexForward: false,
            ExclusiveStartKey,
          }),
        )
      : await target.clients.documents.send(
          new ScanCommand({
            TableName: target.info.table,
            ExclusiveStartKey,
            ...(filter.since ? { FilterExpression: 'updatedAt >= :since', ExpressionAttributeValues: { ':since': filter.since } } : {}),
          }),
        );
    items.push(...((page.Items ?? []) as AssetRecord[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

export async function assets(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'get') {
    const { global, positionals } = parse(rest, {}, GET_USAGE);
    const [assetId] = exactly(positionals, 1, GET_USAGE);
    return withReadOnlyTarget(global, async (target) => {
      const asset = await getAsset(target, assetId);
      if (!asset) {
        process.stderr.write(`No asset ${assetId} in ${target.info.table}; list them with: vod assets list\n`);
        return 1;
      }
      if (global.json) printJson(asset);
      else printLine(describeAsset(asset));
      return 0;
    });
  }
  if (sub === 'list') {
    const { global, values } = parse(rest, { status: { type: 'string' }, since: { type: 'string' } }, LIST_USAGE);
    const status = values.status as string | undefined;
    if (status && !ASSET_STATUSES.includes(status as AssetStatus)) {
      throw new UsageError(`--status must be one of ${ASSET_STATUSES.join(', ')}\nusage: ${LIST_USAGE}`);
    }
    const since = values.since as string | undefined;
    if (since && Number.isNaN(Date.parse(since))) throw new UsageError(`--since ${since} is not an ISO date\nusage: ${LIST_USAGE}`);
    return withReadOnlyTarget(global, async (target) => {
      const found = await listAssets(target, {
        status: status as AssetStatus | undefined,
        since: since ? new Date(since).toISOString() : undefined,
      });
      if (global.json) printJson(found);
      else printTable(found.map(assetRow), ['asset', 'status', 'branch', 'source', 'duration', 'cost', 'updated']);
      return 0;
    });
  }
  throw new UsageError(`usage: ${GET_USAGE}\n       ${LIST_USAGE}`);
}

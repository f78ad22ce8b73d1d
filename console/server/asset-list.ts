/**
 * The assets page's list: newest first, a page at a time, read through the status-updatedAt index
 * (one query per status, merged), so a page costs the same with 1,000 assets as with ten. A search
 * by id or key scans the table for matches (ids and keys are not indexed).
 */
import type { QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { AssetRecord, AssetStatus } from '../../functions/shared/asset';
import { ASSET_STATUSES, isIvsSource } from '../../functions/shared/asset';
import { ASSET_STATUS_INDEX } from '../../infra/table-schemas';
import type { Target } from '../../cli/target';
import type { AssetPage, AssetSummary } from '../shared/api-replies';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 200;

export interface ListQuery {
  status?: AssetStatus;
  /** An asset id, or part of one, or part of a source key or prefix. */
  search?: string;
  cursor?: string;
  limit?: number;
}

interface Position {
  updatedAt: string;
  assetId: string;
}

export class BadListQuery extends Error {}

export function summarise(asset: AssetRecord): AssetSummary {
  return {
    assetId: asset.assetId,
    status: asset.status,
    ...(asset.branch ? { branch: asset.branch } : {}),
    origin: asset.origin,
    sourceName: isIvsSource(asset.source) ? asset.source.prefix : asset.source.key,
    ...(asset.probe?.durationMs !== undefined ? { durationMs: asset.probe.durationMs } : {}),
    updatedAt: asset.updatedAt,
    redriveCount: asset.redriveCount ?? 0,
    ...(asset.cost?.estimatedUsd !== undefined ? { estimatedUsd: asset.cost.estimatedUsd } : {}),
  };
}

/** Newest first; the id breaks ties so the order is total and a cursor names one place in it. */
export function newestFirst(a: Position, b: Position): number {
  return b.updatedAt.localeCompare(a.updatedAt) || b.assetId.localeCompare(a.assetId);
}

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.updatedAt, position.assetId])).toString('base64url');
}

export function decodeCursor(cursor: string): Position {
  try {
    const [updatedAt, assetId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof updatedAt === 'string' && typeof assetId === 'string') return { updatedAt, assetId };
  } catch {
    // Reported below.
  }
  throw new BadListQuery('The cursor is not one this console gave; start from the first page');
}

/** `items`, newest first, that come after `after`: one page, and whether more follow. */
export function pageOf<T extends Position>(items: T[], after: Position | undefined, limit: number): { page: T[]; more: boolean } {
  const sorted = [...items].sort(newestFirst).filter((item) => !after || newestFirst(after, item) < 0);
  return { page: sorted.slice(0, limit), more: sorted.length > limit };
}

/**
 * Up to `limit` + 1 records of one status after `after`, newest first. Reading goes on past the
 * limit while records share the last one's updatedAt: the index orders those arbitrarily.
 */
async function ofStatus(target: Target, status: AssetStatus, after: Position | undefined, limit: number): Promise<AssetRecord[]> {
  const found: AssetRecord[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page: QueryCommandOutput = await target.clients.documents.send(
      new QueryCommand({
        TableName: target.info.table,
        IndexName: ASSET_STATUS_INDEX,
        KeyConditionExpression: after ? '#status = :status AND updatedAt <= :before' : '#status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ...(after ? { ':before': after.updatedAt } : {}) },
        ScanIndexForward: false,
        Limit: limit + 1,
        ExclusiveStartKey,
      }),
    );
    const items = (page.Items ?? []) as AssetRecord[];
    found.push(...items.filter((item) => !after || newestFirst(after, item) < 0));
    ExclusiveStartKey = page.LastEvaluatedKey;
    const last = items.at(-1);
    const boundary = found.length > limit ? found[limit].updatedAt : undefined;
    if (boundary !== undefined && last && last.updatedAt !== boundary) break;
  } while (ExclusiveStartKey);
  return found;
}

async function search(target: Target, text: string): Promise<AssetRecord[]> {
  const { Item } = await target.clients.documents.send(new GetCommand({ TableName: target.info.table, Key: { assetId: text } }));
  if (Item) return [Item as AssetRecord];
  const found: AssetRecord[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await target.clients.documents.send(
      new ScanCommand({
        TableName: target.info.table,
        FilterExpression: 'contains(assetId, :text) OR contains(#source.#key, :text) OR contains(#source.#prefix, :text)',
        ExpressionAttributeNames: { '#source': 'source', '#key': 'key', '#prefix': 'prefix' },
        ExpressionAttributeValues: { ':text': text },
        ExclusiveStartKey,
      }),
    );
    found.push(...((page.Items ?? []) as AssetRecord[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return found;
}

export function parseListQuery(params: URLSearchParams): ListQuery {
  const status = params.get('status') || undefined;
  if (status && !ASSET_STATUSES.includes(status as AssetStatus)) {
    throw new BadListQuery(`status must be one of ${ASSET_STATUSES.join(', ')}`);
  }
  const limitText = params.get('limit');
  const limit = limitText === null ? DEFAULT_PAGE_SIZE : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
    throw new BadListQuery(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  const search = params.get('q')?.trim() || undefined;
  const cursor = params.get('cursor') || undefined;
  return { status: status as AssetStatus | undefined, search, cursor, limit };
}

export async function listAssetPage(target: Target, query: ListQuery): Promise<AssetPage> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  let records: AssetRecord[];
  if (query.search) {
    records = (await search(target, query.search)).filter((asset) => !query.status || asset.status === query.status);
  } else {
    const statuses = query.status ? [query.status] : ASSET_STATUSES;
    records = (await Promise.all(statuses.map((status) => ofStatus(target, status, after, limit)))).flat();
  }
  const { page, more } = pageOf(records, after, limit);
  const last = page.at(-1);
  return { assets: page.map(summarise), ...(more && last ? { next: encodeCursor(last) } : {}) };
}

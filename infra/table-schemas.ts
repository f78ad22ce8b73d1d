/**
 * The pipeline's tables, described once as plain data: the key schema, indexes and TTL that the
 * stack deploys (infra/lib/tables.ts) and the local cloud creates (local/dynamodb/tables.ts). Key
 * attributes are the ones functions/shared/asset-table.ts and task-tokens.ts use.
 */

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface IndexSchema {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
}

export interface TableSchema {
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** Projected ALL: the status queries read whole records. */
  globalSecondaryIndexes: IndexSchema[];
  /** Epoch-seconds attribute the table expires items by (not enforced locally: dynalite has no TTL). */
  timeToLiveAttribute?: string;
}

export type TableName = 'assetTable' | 'taskTokenTable';

export const TABLES: Record<TableName, TableSchema> = {
  assetTable: {
    partitionKey: { name: 'assetId', type: 'S' },
    globalSecondaryIndexes: [
      {
        indexName: 'status-updatedAt',
        partitionKey: { name: 'status', type: 'S' },
        sortKey: { name: 'updatedAt', type: 'S' },
      },
    ],
  },
  taskTokenTable: {
    partitionKey: { name: 'jobId', type: 'S' },
    globalSecondaryIndexes: [],
    timeToLiveAttribute: 'expiresAt',
  },
};

/** The asset table's index by status and last update: "what failed since yesterday". */
export const ASSET_STATUS_INDEX = TABLES.assetTable.globalSecondaryIndexes[0].indexName;

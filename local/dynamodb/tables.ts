/**
 * The pipeline's tables, described once: the key schema and indexes both the stack and the local
 * cloud create. Key attributes are the ones functions/shared/asset-table.ts and task-tokens.ts use.
 */
import type {
  AttributeDefinition,
  CreateTableCommandInput,
  GlobalSecondaryIndex,
  KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import type { ResourceNames } from '../../infra/wiring';

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

function keySchema(partitionKey: KeyAttribute, sortKey?: KeyAttribute): KeySchemaElement[] {
  return [
    { AttributeName: partitionKey.name, KeyType: 'HASH' },
    ...(sortKey ? [{ AttributeName: sortKey.name, KeyType: 'RANGE' as const }] : []),
  ];
}

/** The CreateTable request of a table (on-demand billing, as the stack deploys it). */
export function createTableInput(tableName: string, schema: TableSchema): CreateTableCommandInput {
  const attributes = new Map<string, AttributeDefinition>();
  const define = (key?: KeyAttribute) => {
    if (key) attributes.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  };
  define(schema.partitionKey);
  define(schema.sortKey);
  const indexes: GlobalSecondaryIndex[] = schema.globalSecondaryIndexes.map((index) => {
    define(index.partitionKey);
    define(index.sortKey);
    return {
      IndexName: index.indexName,
      KeySchema: keySchema(index.partitionKey, index.sortKey),
      Projection: { ProjectionType: 'ALL' },
    };
  });
  return {
    TableName: tableName,
    AttributeDefinitions: [...attributes.values()],
    KeySchema: keySchema(schema.partitionKey, schema.sortKey),
    BillingMode: 'PAY_PER_REQUEST',
    ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
  };
}

/** Table name -> schema, for the resource names in use. */
export function tablesOf(names: ResourceNames): { tableName: string; schema: TableSchema }[] {
  return (Object.keys(TABLES) as TableName[]).map((table) => ({ tableName: names[table], schema: TABLES[table] }));
}

/** The CreateTable requests of the pipeline's tables (infra/table-schemas.ts), for the local DynamoDB. */
import type { AttributeDefinition, CreateTableCommandInput, GlobalSecondaryIndex, KeySchemaElement } from '@aws-sdk/client-dynamodb';
import type { KeyAttribute, TableName, TableSchema } from '../../infra/table-schemas';
import { TABLES } from '../../infra/table-schemas';
import type { ResourceNames } from '../../infra/wiring';

function keySchema(partitionKey: KeyAttribute, sortKey?: KeyAttribute): KeySchemaElement[] {
  return [{ AttributeName: partitionKey.name, KeyType: 'HASH' }, ...(sortKey ? [{ AttributeName: sortKey.name, KeyType: 'RANGE' as const }] : [])];
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

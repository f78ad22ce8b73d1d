/**
 * The asset table (one record per asset, and a status index that answers "what failed since
 * yesterday") and the task-token table (the token of each MediaConvert job the state machine waits on).
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { KeyAttribute } from '../table-schemas';
import { ASSET_STATUS_INDEX, TABLES } from '../table-schemas';

export interface TablesProps {
  /** For the asset table, which is data. */
  removalPolicy: RemovalPolicy;
}

export { ASSET_STATUS_INDEX };

const attributeType = (key: KeyAttribute) => (key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER);
const key = (attribute: KeyAttribute) => ({ name: attribute.name, type: attributeType(attribute) });

export class Tables extends Construct {
  public readonly assetTable: dynamodb.Table;
  public readonly taskTokenTable: dynamodb.Table;

  constructor(scope: Construct, id: string, props: TablesProps) {
    super(scope, id);

    const assets = TABLES.assetTable;
    this.assetTable = new dynamodb.Table(this, 'AssetTable', {
      partitionKey: key(assets.partitionKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: props.removalPolicy,
    });
    for (const index of assets.globalSecondaryIndexes) {
      this.assetTable.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: key(index.partitionKey),
        ...(index.sortKey ? { sortKey: key(index.sortKey) } : {}),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    // Tokens matter only while their executions wait; TTL removes them after that. Nothing in it
    // outlives the stack, so it goes with the stack whatever the data removal policy says.
    const tokens = TABLES.taskTokenTable;
    this.taskTokenTable = new dynamodb.Table(this, 'TaskTokenTable', {
      partitionKey: key(tokens.partitionKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: tokens.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}

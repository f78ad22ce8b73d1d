/**
 * The asset table (one record per asset, and a status index that answers "what failed since
 * yesterday") and the task-token table (the token of each MediaConvert job the state machine waits on).
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

export interface TablesProps {
  /** For the asset table, which is data. */
  removalPolicy: RemovalPolicy;
}

export const ASSET_STATUS_INDEX = 'status-updatedAt';

export class Tables extends Construct {
  public readonly assetTable: dynamodb.Table;
  public readonly taskTokenTable: dynamodb.Table;

  constructor(scope: Construct, id: string, props: TablesProps) {
    super(scope, id);

    this.assetTable = new dynamodb.Table(this, 'AssetTable', {
      partitionKey: { name: 'assetId', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: props.removalPolicy,
    });
    this.assetTable.addGlobalSecondaryIndex({
      indexName: ASSET_STATUS_INDEX,
      partitionKey: { name: 'status', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'updatedAt', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });

    // Tokens matter only while their executions wait; TTL removes them after that. Nothing in it
    // outlives the stack, so it goes with the stack whatever the data removal policy says.
    this.taskTokenTable = new dynamodb.Table(this, 'TaskTokenTable', {
      partitionKey: { name: 'jobId', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}

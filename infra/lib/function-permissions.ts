/**
 * What each function may do, written out action by action from what its code calls. The `grant*`
 * helpers are not used: they hand out more (BatchWriteItem, Scan, DeleteObject, ...) than needed.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { FunctionName } from '../wiring';
import { STATUS_EVENT } from '../../functions/shared/status-notification';
import { THUMBNAILS_VTT } from '../../functions/shared/output-layout';
import { OUTPUT_LAYOUT } from '../wiring';
import type { Functions } from './functions';

export interface FunctionResources {
  assetTable: dynamodb.ITable;
  taskTokenTable: dynamodb.ITable;
  ingestBucket: s3.IBucket;
  recordingBucket: s3.IBucket;
  outputBucket: s3.IBucket;
  assetsBucket: s3.IBucket;
  /** The pre-roll, whose duration submit-job reads to place a stitched job's poster. */
  prerollKey: string;
  mediaConvertRole: iam.IRole;
  stateMachine: sfn.IStateMachine;
}

/** A statement, and why its resources hold a wildcard where they do. */
export interface Permission {
  statement: iam.PolicyStatement;
  whyWildcard?: string;
}

function allow(
  sid: string,
  actions: string[],
  resources: string[],
  options: { conditions?: Record<string, Record<string, unknown>>; whyWildcard?: string } = {},
): Permission {
  return { statement: new iam.PolicyStatement({ sid, actions, resources, conditions: options.conditions }), whyWildcard: options.whyWildcard };
}

/** The executions of a state machine: `arn:…:execution:<state machine name>:*`. */
export function executionsOf(stateMachine: sfn.IStateMachine): string {
  const stack = Stack.of(stateMachine);
  const name = stack.splitArn(stateMachine.stateMachineArn, ArnFormat.COLON_RESOURCE_NAME).resourceName;
  return stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${name}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

/** The account's default event bus in the stack's region. */
export function defaultEventBus(scope: sfn.IStateMachine): string {
  return Stack.of(scope).formatArn({ service: 'events', resource: 'event-bus', resourceName: 'default' });
}

/** The permissions of each function, besides writing its own logs. */
export function functionPermissions(r: FunctionResources): Record<FunctionName, Permission[]> {
  const asset = r.assetTable.tableArn;
  const tokens = r.taskTokenTable.tableArn;
  const sources = [r.ingestBucket, r.recordingBucket];
  const tempPrefix = OUTPUT_LAYOUT.loudnessTempPrefix;
  return {
    // Conditional put of a new asset record.
    register: [allow('RegisterAsset', ['dynamodb:PutItem'], [asset])],
    probe: [
      // GetObjectVersion: uploads to the versioned ingest bucket are read at the version their event names.
      allow(
        'ReadSources',
        ['s3:GetObject', 's3:GetObjectVersion'],
        sources.map((bucket) => bucket.arnForObjects('*')),
        {
          whyWildcard: 'The probe reads whichever upload or recording started the execution: any object of the ingest and recording buckets.',
        },
      ),
      // Without ListBucket a missing key answers 403; with it, 404, which the probe reports as such.
      allow(
        'ListSources',
        ['s3:ListBucket'],
        sources.map((bucket) => bucket.bucketArn),
      ),
      allow('RecordProbe', ['dynamodb:UpdateItem'], [asset]),
    ],
    'submit-job': [
      allow('CreateJob', ['mediaconvert:CreateJob'], ['*'], {
        whyWildcard: 'MediaConvert supports resource-level permissions only in part; AWS documents "Resource": "*" for mediaconvert:CreateJob.',
      }),
      // The only iam:PassRole in the stack: the MediaConvert job role, to MediaConvert only.
      allow('PassMediaConvertRole', ['iam:PassRole'], [r.mediaConvertRole.roleArn], {
        conditions: { StringEquals: { 'iam:PassedToService': 'mediaconvert.amazonaws.com' } },
      }),
      allow('StoreTaskToken', ['dynamodb:PutItem'], [tokens]),
      // The pre-roll's MP4 index: its duration places the poster of a stitched job inside the recording.
      allow('ReadPrerollIndex', ['s3:GetObject'], [r.assetsBucket.arnForObjects(r.prerollKey)]),
      // GetItem: a retried invocation that MediaConvert answers with the same job records it once.
      allow('RecordJob', ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [asset]),
    ],
    'job-events': [
      allow('ClaimTaskToken', ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [tokens]),
      allow('RecordJobState', ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [asset]),
      allow('CompleteTask', ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'], [r.stateMachine.stateMachineArn]),
      // The thumbnails track beside a job's frame captures; no other object.
      allow('WriteThumbnailsTrack', ['s3:PutObject'], [r.outputBucket.arnForObjects(`*/thumbnails/${THUMBNAILS_VTT}`)], {
        whyWildcard: `Each asset has its own folder: the function writes ${THUMBNAILS_VTT} in the thumbnails folder of any asset, and nothing else.`,
      }),
    ],
    'classify-loudness': [
      allow('ListLoudnessLogs', ['s3:ListBucket'], [r.outputBucket.bucketArn], { conditions: { StringLike: { 's3:prefix': [`${tempPrefix}*`] } } }),
      allow('ReadAndDeleteLoudnessLogs', ['s3:GetObject', 's3:DeleteObject'], [r.outputBucket.arnForObjects(`${tempPrefix}*`)], {
        whyWildcard: `Loudness logs are named per job under ${tempPrefix}; the function reads and deletes under that temporary prefix only.`,
      }),
      // GetItem: a re-run after the logs were deleted returns the recorded result.
      allow('RecordLoudness', ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [asset]),
    ],
    'execution-status': [
      allow('RecordExecutionStatus', ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [asset]),
      allow('ReadFailedExecution', ['states:DescribeExecution', 'states:GetExecutionHistory'], [executionsOf(r.stateMachine)], {
        whyWildcard: "Execution ARNs exist only at run time: the statement covers this state machine's executions and no other's.",
      }),
      // The only publisher of the pipeline's events, and of no one else's.
      allow('PutStatusEvents', ['events:PutEvents'], [defaultEventBus(r.stateMachine)], {
        conditions: { StringEquals: { 'events:source': STATUS_EVENT.source, 'events:detail-type': STATUS_EVENT.detailType } },
      }),
    ],
  };
}

export function grantFunctionPermissions(functions: Functions, resources: FunctionResources): void {
  for (const [name, permissions] of Object.entries(functionPermissions(resources)) as [FunctionName, Permission[]][]) {
    for (const { statement, whyWildcard } of permissions) functions.addToPolicy(name, statement, whyWildcard);
  }
}

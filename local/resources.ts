/**
 * The local cloud's resources: their plain names (what the CDK stack names with tokens on AWS) and
 * their ARNs in AWS's formats.
 */
import type { FunctionName, ResourceNames } from '../infra/wiring';
import { FUNCTIONS } from '../infra/wiring';
import { LOCAL_DEFAULTS } from './config';

const { region, accountId } = LOCAL_DEFAULTS;

export const STATE_MACHINE_NAME = 'vod-pipeline';

/** The local Lambda function name of each function of the wiring. */
export function functionName(name: FunctionName): string {
  return `vod-${name}`;
}

export function functionArn(name: FunctionName): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${functionName(name)}`;
}

/** Local function ARNs, as the state machine's substitutions need them. */
export function functionArns(): Record<FunctionName, string> {
  return Object.fromEntries((Object.keys(FUNCTIONS) as FunctionName[]).map((name) => [name, functionArn(name)])) as Record<FunctionName, string>;
}

export function stateMachineArn(name = STATE_MACHINE_NAME): string {
  return `arn:aws:states:${region}:${accountId}:stateMachine:${name}`;
}

export function bucketArn(bucket: string): string {
  return `arn:aws:s3:::${bucket}`;
}

export const EVENT_BUS_NAME = 'default';

export function eventBusArn(name = EVENT_BUS_NAME): string {
  return `arn:aws:events:${region}:${accountId}:event-bus/${name}`;
}

export function ruleArn(rule: string): string {
  return `arn:aws:events:${region}:${accountId}:rule/${rule}`;
}

/** The names the functions and the state machine use locally. */
export function localResourceNames(): ResourceNames {
  return {
    ingestBucket: 'vod-ingest',
    recordingBucket: 'vod-recordings',
    outputBucket: 'vod-outputs',
    assetsBucket: 'vod-assets',
    assetTable: 'vod-assets',
    taskTokenTable: 'vod-task-tokens',
    mediaConvertRoleArn: `arn:aws:iam::${accountId}:role/vod-mediaconvert`,
    stateMachineArn: stateMachineArn(),
  };
}

/** The buckets the local cloud creates, in creation order. */
export function bucketsOf(names: ResourceNames): string[] {
  return [names.ingestBucket, names.recordingBucket, names.outputBucket, names.assetsBucket];
}

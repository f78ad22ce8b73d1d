/**
 * The `states` API (AWS JSON 1.0, target prefix `AWSStepFunctions`) as the SDK's SFNClient and the
 * AWS CLI speak it: the wire's members in, typed calls of the service, its outputs back with
 * timestamps as epoch seconds. Serve it with `stepFunctionsHandler(service.operations)`.
 */
import type { ExecutionRedriveFilter, ExecutionStatus, StateMachineType } from '@aws-sdk/client-sfn';
import type { ServiceHandler } from '../gateway';
import { jsonRpcHandler, type Operation } from '../protocol/json-rpc';
import { optionalString, requireString } from './request';
import type { LocalStepFunctions } from './service';
import { tagsInput, untagKeys } from './tags';

export const TARGET_PREFIX = 'AWSStepFunctions';
const CONTENT_TYPE = 'application/x-amz-json-1.0';

/** Dates become epoch seconds (with milliseconds), as the JSON protocols send timestamps. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => [key, toWire(item)]),
    );
  }
  return value;
}

type Call = (input: Record<string, unknown>) => unknown;

/** ARN and token members: their absence is the service's InvalidArn / InvalidToken, as on AWS. */
const reference = (input: Record<string, unknown>, field: string) => input[field] as string | undefined;
const page = (input: Record<string, unknown>) => ({
  maxResults: input.maxResults as number | undefined,
  nextToken: input.nextToken as string | undefined,
});

/** The wire's members read into the service's typed calls, one per operation. */
export function stepFunctionsOperations(service: LocalStepFunctions): Record<string, Operation> {
  const calls: Record<string, Call> = {
    CreateStateMachine: (input) =>
      service.createStateMachine({
        name: requireString(input, 'name'),
        definition: requireString(input, 'definition'),
        roleArn: requireString(input, 'roleArn'),
        type: optionalString(input, 'type') as StateMachineType | undefined,
        tags: tagsInput(input.tags),
      }),
    UpdateStateMachine: (input) =>
      service.updateStateMachine({
        stateMachineArn: reference(input, 'stateMachineArn'),
        definition: optionalString(input, 'definition'),
        roleArn: optionalString(input, 'roleArn'),
      }),
    DescribeStateMachine: (input) => service.describeStateMachine({ stateMachineArn: reference(input, 'stateMachineArn') }),
    DescribeStateMachineForExecution: (input) => service.describeStateMachineForExecution({ executionArn: reference(input, 'executionArn') }),
    ListStateMachines: (input) => service.listStateMachines(page(input)),
    StartExecution: (input) =>
      service.startExecution({
        stateMachineArn: reference(input, 'stateMachineArn'),
        name: optionalString(input, 'name'),
        input: optionalString(input, 'input'),
      }),
    DescribeExecution: (input) => service.describeExecution({ executionArn: reference(input, 'executionArn') }),
    ListExecutions: (input) =>
      service.listExecutions({
        stateMachineArn: reference(input, 'stateMachineArn'),
        statusFilter: optionalString(input, 'statusFilter') as ExecutionStatus | undefined,
        redriveFilter: optionalString(input, 'redriveFilter') as ExecutionRedriveFilter | undefined,
        ...page(input),
      }),
    GetExecutionHistory: (input) =>
      service.getExecutionHistory({
        executionArn: reference(input, 'executionArn'),
        reverseOrder: input.reverseOrder === true,
        includeExecutionData: input.includeExecutionData !== false,
        ...page(input),
      }),
    StopExecution: (input) =>
      service.stopExecution({
        executionArn: reference(input, 'executionArn'),
        error: optionalString(input, 'error'),
        cause: optionalString(input, 'cause'),
      }),
    RedriveExecution: (input) =>
      service.redriveExecution({ executionArn: reference(input, 'executionArn'), clientToken: optionalString(input, 'clientToken') }),
    SendTaskSuccess: (input) => service.sendTaskSuccess({ taskToken: reference(input, 'taskToken'), output: requireString(input, 'output') }),
    SendTaskFailure: (input) =>
      service.sendTaskFailure({
        taskToken: reference(input, 'taskToken'),
        error: optionalString(input, 'error'),
        cause: optionalString(input, 'cause'),
      }),
    SendTaskHeartbeat: (input) => service.sendTaskHeartbeat({ taskToken: reference(input, 'taskToken') }),
    ListTagsForResource: (input) => service.listTagsForResource({ resourceArn: requireString(input, 'resourceArn') }),
    TagResource: (input) => service.tagResource({ resourceArn: requireString(input, 'resourceArn'), tags: tagsInput(input.tags) }),
    UntagResource: (input) => service.untagResource({ resourceArn: requireString(input, 'resourceArn'), tagKeys: untagKeys(input.tagKeys) }),
  };
  return Object.fromEntries(Object.entries(calls).map(([name, call]) => [name, async (input: Record<string, unknown>) => toWire(call(input))]));
}

/** The gateway's handler for the `states` API: an operation it lacks is refused naming the ones it has. */
export function stepFunctionsHandler(operations: Record<string, Operation>): ServiceHandler {
  return jsonRpcHandler(TARGET_PREFIX, operations, CONTENT_TYPE, 'Step Functions');
}

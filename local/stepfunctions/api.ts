/**
 * The `states` API (AWS JSON 1.0, target prefix `AWSStepFunctions`) as the SDK's SFNClient and the
 * AWS CLI speak it: request and response members as in @aws-sdk/client-sfn, timestamps as epoch
 * seconds. Serve it with `jsonRpcHandler('AWSStepFunctions', service.operations)`.
 */
import type { Operation } from '../protocol/json-rpc';
import type { LocalStepFunctions } from './service';

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

type Method = (input: Record<string, unknown>) => unknown;

export function stepFunctionsOperations(service: LocalStepFunctions): Record<string, Operation> {
  const methods: Record<string, Method> = {
    CreateStateMachine: (input) => service.createStateMachine(input),
    UpdateStateMachine: (input) => service.updateStateMachine(input),
    DescribeStateMachine: (input) => service.describeStateMachine(input),
    ListStateMachines: (input) => service.listStateMachines(input),
    StartExecution: (input) => service.startExecution(input),
    DescribeExecution: (input) => service.describeExecution(input),
    ListExecutions: (input) => service.listExecutions(input),
    GetExecutionHistory: (input) => service.getExecutionHistory(input),
    StopExecution: (input) => service.stopExecution(input),
    RedriveExecution: (input) => service.redriveExecution(input),
    SendTaskSuccess: (input) => service.sendTaskSuccess(input),
    SendTaskFailure: (input) => service.sendTaskFailure(input),
    SendTaskHeartbeat: (input) => service.sendTaskHeartbeat(input),
  };
  return Object.fromEntries(Object.entries(methods).map(([name, method]) => [name, async (input: Record<string, unknown>) => toWire(method(input))]));
}

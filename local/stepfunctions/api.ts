/**
 * The `states` API (AWS JSON 1.0, target prefix `AWSStepFunctions`) as the SDK's SFNClient and the
 * AWS CLI speak it: the wire's members in, typed calls of the service, its outputs back with
 * timestamps as epoch seconds. Serve it with `stepFunctionsHandler(service.operations)`.
 */
import type { ServiceHandler } from '../gateway';
import { jsonRpcHandler, type Operation } from '../protocol/json-rpc';
import type { LocalStepFunctions } from './service';

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

type Method = (input: Record<string, unknown>) => unknown;

export function stepFunctionsOperations(service: LocalStepFunctions): Record<string, Operation> {
  const methods: Record<string, Method> = {
    CreateStateMachine: (input) => service.createStateMachine(input),
    UpdateStateMachine: (input) => service.updateStateMachine(input),
    DescribeStateMachine: (input) => service.describeStateMachine(input),
    DescribeStateMachineForExecution: (input) => service.describeStateMachineForExecution(input),
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
    ListTagsForResource: (input) => service.listTagsForResource(input),
    TagResource: (input) => service.tagResource(input),
    UntagResource: (input) => service.untagResource(input),
  };
  return Object.fromEntries(Object.entries(methods).map(([name, method]) => [name, async (input: Record<string, unknown>) => toWire(method(input))]));
}

/**
 * The gateway's handler for the `states` API. An operation the local service lacks is
 * UnknownOperationException, naming the ones it has.
 */
export function stepFunctionsHandler(operations: Record<string, Operation>): ServiceHandler {
  const rpc = jsonRpcHandler(TARGET_PREFIX, operations, CONTENT_TYPE);
  const supported = Object.keys(operations).sort().join(', ');
  return async (request, response, body) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const [prefix, name] = target.split('.');
    if (prefix === TARGET_PREFIX && name && Object.hasOwn(operations, name)) return rpc(request, response, body);
    response.writeHead(400, { 'content-type': CONTENT_TYPE });
    response.end(
      JSON.stringify({
        __type: 'UnknownOperationException',
        message: `${target || 'No X-Amz-Target'} is not supported by the local Step Functions; it supports ${supported}`,
      }),
    );
  };
}

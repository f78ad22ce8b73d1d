/**
 * The local EventBridge's API (AWS JSON 1.1, target prefix `AWSEvents`): the bus's own operations
 * (PutEvents, ListRules, DescribeRule, ListRuleNamesByTarget, ListTargetsByRule, TestEventPattern,
 * in service.ts) and the event bus's description: ListEventBuses and DescribeEventBus, for the one
 * bus, `default`. Serve it with `jsonRpcHandler('AWSEvents', eventBridgeOperations(bus), 'application/x-amz-json-1.1')`.
 */
import { AwsError } from '../protocol/aws-error';
import type { Operation } from '../protocol/json-rpc';
import type { PageBounds } from '../protocol/pager';
import { listPage } from '../protocol/pager';
import type { EventBus } from './service';

export const BUS_NAME = 'default';

/** ListEventBuses' Limit: 1 to 100, 100 by default. */
const PAGE_BOUNDS: PageBounds = { defaultSize: 100, max: 100, errorCode: 'ValidationException' };

export function eventBridgeOperations(bus: EventBus): Record<string, Operation> {
  const description = () => ({ Name: BUS_NAME, Arn: bus.busArn, Description: 'The local cloud’s event bus: the stack’s rules match on it' });
  return {
    ...bus.operations,
    ListEventBuses: async (input) => {
      const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
      const buses = BUS_NAME.startsWith(prefix) ? [description()] : [];
      const { items, nextToken } = listPage(`buses:${prefix}`, buses, { maxResults: input.Limit, nextToken: input.NextToken }, PAGE_BOUNDS);
      return { EventBuses: items, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
    DescribeEventBus: async (input) => {
      const name = input.Name;
      if (name === undefined || name === null || name === BUS_NAME || name === bus.busArn) return description();
      throw new AwsError('ResourceNotFoundException', `Event bus ${String(name)} does not exist; the local cloud has one bus, ${BUS_NAME}.`);
    },
  };
}

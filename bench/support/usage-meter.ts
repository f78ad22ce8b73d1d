/**
 * What an asset costs on AWS besides MediaConvert, metered on a local cloud in this process: the
 * function invocations with their configured memory and measured duration, the DynamoDB requests
 * (the functions' and the state machine's own integration), and the events put on the bus. The
 * product is not changed: the meter wraps the local Lambda runtime's invocation and the DynamoDB
 * clients' send while it is on.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { performance } from 'node:perf_hooks';
import type { FunctionSpec } from '../../infra/wiring';
import type { LocalCloud } from '../../local/cloud';
import { LambdaRuntime } from '../../local/lambda/runtime';

export interface Invocation {
  name: string;
  memoryMb: number;
  ms: number;
}

export interface DynamoRequest {
  command: string;
  table?: string;
  /** Items the request reads or writes (batches and transactions have several). */
  items: number;
  consistent: boolean;
  transactional: boolean;
}

export interface Usage {
  invocations: Invocation[];
  dynamo: DynamoRequest[];
  events: { source: string; detailType: string }[];
}

type Run = (name: string, spec: FunctionSpec, handler: unknown, payload: unknown) => Promise<unknown>;
type Send = (command: { constructor: { name: string }; input?: Record<string, unknown> }, ...rest: unknown[]) => Promise<unknown>;

function dynamoRequest(command: { constructor: { name: string }; input?: Record<string, unknown> }): DynamoRequest {
  const name = command.constructor.name.replace(/Command$/, '');
  const input = command.input ?? {};
  const transactional = name.startsWith('Transact');
  let items = 1;
  if (Array.isArray(input.TransactItems)) items = input.TransactItems.length;
  else if (input.RequestItems && typeof input.RequestItems === 'object') {
    items = Object.values(input.RequestItems as Record<string, unknown>).reduce<number>(
      (sum, entry) => sum + (Array.isArray(entry) ? entry.length : ((entry as { Keys?: unknown[] }).Keys?.length ?? 0)),
      0,
    );
  }
  return { command: name, table: input.TableName as string | undefined, items, consistent: input.ConsistentRead === true, transactional };
}

export class UsageMeter {
  private usage: Usage = { invocations: [], dynamo: [], events: [] };
  private readonly restores: (() => void)[] = [];

  constructor(cloud: LocalCloud) {
    const runtime = LambdaRuntime.prototype as unknown as { run: Run };
    const run = runtime.run;
    const usage = () => this.usage;
    runtime.run = async function (this: unknown, name, spec, handler, payload) {
      const started = performance.now();
      try {
        return await run.call(this, name, spec, handler, payload);
      } finally {
        usage().invocations.push({ name, memoryMb: spec.memoryMb, ms: performance.now() - started });
      }
    };
    this.restores.push(() => (runtime.run = run));
    for (const client of [DynamoDBClient.prototype, DynamoDBDocumentClient.prototype] as unknown as { send: Send }[]) {
      const own = Object.prototype.hasOwnProperty.call(client, 'send');
      const send = client.send;
      client.send = function (this: unknown, command, ...rest) {
        usage().dynamo.push(dynamoRequest(command));
        return send.call(this, command, ...rest);
      };
      this.restores.push(() => (own ? (client.send = send) : delete (client as { send?: Send }).send));
    }
    this.restores.push(cloud.bus.onEvent((event) => usage().events.push({ source: event.source, detailType: event['detail-type'] })));
  }

  /** What was metered since the last take, and a fresh start. */
  take(): Usage {
    const taken = this.usage;
    this.usage = { invocations: [], dynamo: [], events: [] };
    return taken;
  }

  stop(): void {
    for (const restore of this.restores.splice(0).reverse()) restore();
  }
}

/**
 * What the local Step Functions tests share: a temporary data directory, fake Lambda functions that
 * record their calls, a capturing putEvent, an in-memory dynalite on an ephemeral port, a fake
 * clock, and the service under test built on them, started and stopped around each test
 * (`harnessPerTest`).
 */
import * as fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import dynalite from 'dynalite';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { EventEntry } from '../../../../local/eventbridge/types';
import { LambdaServiceError, type InvokeFunction, type InvokeResult } from '../../../../local/lambda/types';
import type { Clock, TimerHandle } from '../../../../local/stepfunctions/clock';
import { LocalStepFunctions, type StepFunctionsOptions } from '../../../../local/stepfunctions/service';

export { waitFor } from '../../../local/support';

export const REGION = 'us-east-1';
export const ACCOUNT = '000000000000';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/state-machine`;
export const functionArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

type FunctionHandler = (payload: unknown, call: number) => InvokeResult | Promise<InvokeResult>;

/** Fake functions by name: each call is recorded, and `nextCall` resolves when the next one comes. */
export class FakeFunctions {
  readonly calls: { name: string; payload: unknown }[] = [];
  private readonly handlers = new Map<string, FunctionHandler>();
  private readonly waiting: { name: string; count: number; resolve: (payload: unknown) => void }[] = [];

  on(name: string, handler: FunctionHandler): this {
    this.handlers.set(name, handler);
    return this;
  }

  readonly invoke: InvokeFunction = async (nameOrArn, payload) => {
    const name = nameOrArn.split(':function:').pop()?.split(':')[0] ?? nameOrArn;
    this.calls.push({ name, payload });
    const count = this.callsOf(name).length;
    for (const waiter of this.waiting.filter((candidate) => candidate.name === name && candidate.count <= count)) {
      this.waiting.splice(this.waiting.indexOf(waiter), 1);
      waiter.resolve(payload);
    }
    const handler = this.handlers.get(name);
    if (!handler) throw new LambdaServiceError('ResourceNotFoundException', `Function not found: ${name}`);
    return handler(payload, count);
  };

  callsOf(name: string): unknown[] {
    return this.calls.filter((call) => call.name === name).map((call) => call.payload);
  }

  /** The payload of call number `count` (1-based) of a function, once it happens. */
  call(name: string, count: number): Promise<unknown> {
    const calls = this.callsOf(name);
    if (calls.length >= count) return Promise.resolve(calls[count - 1]);
    return new Promise((resolve) => this.waiting.push({ name, count, resolve }));
  }
}

export const ok = (payload: unknown): InvokeResult => ({ ok: true, payload });
export const fails = (errorType: string, errorMessage: string): InvokeResult => ({
  ok: false,
  errorType,
  errorMessage,
  trace: [`${errorType}: ${errorMessage}`, '    at handler (/var/task/index.js:1:1)'],
});

export interface Dynalite {
  client: DynamoDBClient;
  close(): Promise<void>;
}

/** An in-memory dynalite on an ephemeral port, with one table keyed by `assetId`. */
export async function startDynalite(tableName: string): Promise<Dynalite> {
  const server: Server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [{ AttributeName: 'assetId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'assetId', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  // createTableMs 0 still flips the table to ACTIVE on a timer tick.
  await new Promise((resolve) => setTimeout(resolve, 20));
  return {
    client,
    close: async () => {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function putAsset(client: DynamoDBClient, tableName: string, assetId: string): Promise<void> {
  await client.send(new PutItemCommand({ TableName: tableName, Item: { assetId: { S: assetId }, status: { S: 'TRANSCODING' } } }));
}

export interface Harness {
  dataDir: string;
  /** The store the service's dynamodb tasks write to. */
  dynamodb: DynamoDBClient;
  functions: FakeFunctions;
  events: EventEntry[];
  service: LocalStepFunctions;
  /** A service on the same data directory (a restart). */
  restart(): LocalStepFunctions;
  cleanup(): Promise<void>;
}

export function makeDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'vod-sfn-'));
}

export async function harness(dynamodb: DynamoDBClient, overrides: Partial<StepFunctionsOptions> = {}): Promise<Harness> {
  const dataDir = makeDataDir();
  const functions = new FakeFunctions();
  const events: EventEntry[] = [];
  const services: LocalStepFunctions[] = [];
  const build = () => {
    const service = new LocalStepFunctions({
      dataDir,
      region: REGION,
      accountId: ACCOUNT,
      invokeFunction: functions.invoke,
      dynamodb,
      putEvent: async (event) => {
        events.push(event);
      },
      ...overrides,
    });
    services.push(service);
    return service;
  };
  const service = build();
  await service.start();
  return {
    dataDir,
    dynamodb,
    functions,
    events,
    service,
    restart: build,
    cleanup: async () => {
      for (const instance of services) await instance.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface PerTest {
  /** A service for the running test on the file's dynalite (`overrides` on its options), stopped and removed after the test. */
  start(overrides?: Partial<StepFunctionsOptions>): Promise<Harness>;
}

/**
 * A test file's services: one dynalite for the whole file (one table, `tableName`, keyed by
 * `assetId`), and the harnesses its tests start on it, each stopped with its restarts and its data
 * directory removed after its test, jest's real timers back first (the stop is not left waiting on fake time).
 */
export function harnessPerTest(tableName = 'unused'): PerTest {
  let dynamo: Dynalite | undefined;
  const started: Harness[] = [];
  beforeAll(async () => {
    dynamo = await startDynalite(tableName);
  });
  afterAll(() => dynamo?.close());
  afterEach(async () => {
    jest.useRealTimers();
    for (const each of started.splice(0)) await each.cleanup();
  });
  return {
    start: async (overrides = {}) => {
      if (!dynamo) throw new Error(`The dynalite of table ${tableName} is not started: start services in beforeEach or a test`);
      const each = await harness(dynamo.client, overrides);
      started.push(each);
      return each;
    },
  };
}

/** Creates a state machine from a definition object; returns its ARN. */
export function createMachine(service: LocalStepFunctions, name: string, definition: object): string {
  const { stateMachineArn } = service.createStateMachine({ name, definition: JSON.stringify(definition), roleArn: ROLE_ARN });
  return stateMachineArn as string;
}

export function history(service: LocalStepFunctions, executionArn: string): HistoryEvent[] {
  return service.getExecutionHistory({ executionArn, maxResults: 1000 }).events ?? [];
}

export const types = (events: HistoryEvent[]) => events.map((event) => event.type);

/** The events of a Task state whose integration answers at once (lambda:invoke, dynamodb:updateItem), entered to exited. */
export const TASK_STATE_EVENTS: readonly string[] = ['TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited'];

/** The events of a `.waitForTaskToken` Task state that SendTaskSuccess completes, entered to exited. */
export const CALLBACK_STATE_EVENTS: readonly string[] = [
  'TaskStateEntered',
  'TaskScheduled',
  'TaskStarted',
  'TaskSubmitted',
  'TaskSucceeded',
  'TaskStateExited',
];

/** Every event links to the one before it, except the first state entered after ExecutionStarted (0). */
export function expectLinked(events: HistoryEvent[]): void {
  events.forEach((event, index) => {
    expect(event.id).toBe(index + 1);
    const first = index === 0 || (events[index - 1].type === 'ExecutionStarted' && event.type?.endsWith('StateEntered'));
    expect(event.previousEventId).toBe(first ? 0 : index);
  });
}

/** The status changes sent for one execution, in order. */
export function statuses(events: EventEntry[], executionArn: string): unknown[] {
  return events.filter((event) => event.resources?.includes(executionArn)).map((event) => event.detail.status);
}

/** Lets pending promise chains and the executor's next-turn starts run (setImmediate is never faked here). */
export async function turns(count = 20): Promise<void> {
  for (let turn = 0; turn < count; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Jest's fake timers for the timer tests: they drive the executor's system clock (it reads the
 * timer globals) and the library's own sleeps (Wait states, Retry intervals) alike. The executor
 * starts each run on the next turn with setImmediate, which stays real. Install it after the
 * service started: its start-up probes the library with a 1 ms timer.
 */
export function useFakeTime(): void {
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
}

/** Moves jest's fake time on, then lets the executor react. */
export async function elapse(ms: number): Promise<void> {
  await turns();
  await jest.advanceTimersByTimeAsync(ms);
  await turns();
}

/**
 * A clock that moves only when told: `advance` fires the timers that fall due, in order, letting
 * the executor react after each; `skip` moves time without firing anything (a cloud that is down).
 */
export class FakeClock implements Clock {
  private time = Date.parse('2026-06-01T12:00:00.000Z');
  private readonly timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await turns();
    for (;;) {
      const due = [...this.timers].filter(([, timer]) => timer.at <= end).sort(([a, x], [b, y]) => x.at - y.at || a - b)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].callback();
      await turns();
    }
    this.time = end;
  }

  skip(ms: number): void {
    this.time += ms;
  }
}

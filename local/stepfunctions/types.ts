/** The local Step Functions' options and the in-memory shapes its executor, task attempts and callbacks share. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DescribeExecutionOutput } from '@aws-sdk/client-sfn';
import type { PutEvent } from '../eventbridge/types';
import type { InvokeFunction } from '../lambda/types';
import type { Clock } from './clock';
import type { CompiledDefinition, AslDefinition } from './definition';
import type { ExecutionHistory } from './history';
import type { TaskOutcome, TaskResource } from './integrations';
import type { ExecutionRecord, TaskInFlight } from './store';

export interface StepFunctionsOptions {
  /** The local cloud's data directory; this service keeps its state under `stepfunctions/`. */
  dataDir: string;
  region: string;
  accountId: string;
  /** Runs `lambda:invoke` tasks and Lambda function ARN resources. */
  invokeFunction: InvokeFunction;
  /** Runs the `dynamodb:*` item integrations. */
  dynamodb: DynamoDBClient;
  /** Receives the `Step Functions Execution Status Change` events. */
  putEvent: PutEvent;
  /** Time and timers (TimeoutSeconds, HeartbeatSeconds, the execution's timeout). Default: the system clock. */
  clock?: Clock;
  /**
   * The longest timer the library arms around a Task (it has one whatever the definition says).
   * When it fires on a task that is still running, the executor reattaches the state to it, so an
   * unset TimeoutSeconds waits indefinitely. Defaults to the longest Node timer (24.8 days).
   */
  taskTimerSeconds?: number;
}

export interface ExecutionEntry {
  record: ExecutionRecord;
  /** The definition text the execution runs, and its parsed form. */
  text: string;
  definition: AslDefinition;
  history?: ExecutionHistory;
  run?: Run;
  waiters: Array<{ resolve: (output: DescribeExecutionOutput) => void; reject: (error: Error) => void }>;
}

/** One visit of a top-level state, read by the context object's getters. */
export interface StateVisit {
  name: string;
  type: string;
  enteredTime: string;
  /** Task attempts started in this visit: `$$.State.RetryCount` while the next one is prepared. */
  attempts: number;
  /** The token `$$.Task.Token` gave the attempt being prepared. */
  token?: string;
}

export interface Attempt {
  run: Run;
  stateName: string;
  resource: TaskResource;
  /** What is persisted of an attempt of the top-level state (the execution's task in flight). */
  inFlight?: TaskInFlight;
  settled: boolean;
  promise: Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  cancelTimers: Array<() => void>;
  callback?: Callback;
}

/** A `.waitForTaskToken` task waiting for SendTaskSuccess / SendTaskFailure. */
export interface Callback {
  token: string;
  executionArn: string;
  /** Unset while a resumed callback waits for its execution to re-enter the state. */
  attempt?: Attempt;
  heartbeatSeconds?: number;
  cancelHeartbeat?: () => void;
  /** The invoke returned (TaskSubmitted); an answer that came earlier is applied then. */
  submitted: boolean;
  early?: TaskOutcome;
}

export interface Run {
  entry: ExecutionEntry;
  compiled: CompiledDefinition;
  ended: boolean;
  visit?: StateVisit;
  handlers: Record<string, (input: unknown) => Promise<unknown>>;
  executionContext: Record<string, unknown>;
  stateMachineContext: Record<string, unknown>;
  abortState?: () => void;
  /** The attempt of the current top-level Task state, to reattach to after the library's own timer fired. */
  topAttempt?: Attempt;
  attempts: Set<Attempt>;
  /** The task a previous process left in flight, taken up by the first attempt of the resumed state. */
  resumedTask?: TaskInFlight;
  /** The callback of a resumed submitted task, in the pool since start (it may hold an answer already). */
  resumedCallback?: Callback;
  /** What is left of a resumed Wait state's Seconds, taken by its first run. */
  waitLeftMs?: number;
  cancelTimeout?: () => void;
  done?: Promise<void>;
}

export type StateOutcome =
  | { kind: 'next'; next: string; output: unknown }
  | { kind: 'end'; output: unknown }
  | { kind: 'failed'; error?: string; cause?: string }
  | { kind: 'ended' };

export type EndDetails = { output?: unknown; error?: string; cause?: string };

export function positiveSeconds(value: unknown): number | undefined {
  return typeof value === 'number' && value > 0 ? value : undefined;
}

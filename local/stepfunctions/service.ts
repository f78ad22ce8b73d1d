/**
 * The local Step Functions: the `states` API over aws-local-stepfunctions, with what the library
 * lacks added with AWS's semantics: service integrations, task tokens, TimeoutSeconds and
 * HeartbeatSeconds, execution history, persistence, redrive, and execution status change events.
 *
 * The executor drives each execution state by state (see definition.ts): it writes the history,
 * runs the state in the library, and moves on to the state the library chose. Executions and their
 * history live under `<dataDir>/stepfunctions/`; executions left RUNNING by a previous process are
 * marked ABORTED at start() and can be redriven.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type {
  CreateStateMachineOutput,
  DescribeExecutionOutput,
  DescribeStateMachineOutput,
  ExecutionListItem,
  ExecutionStatus,
  GetExecutionHistoryOutput,
  HistoryEventType,
  ListExecutionsOutput,
  ListStateMachinesOutput,
  RedriveExecutionOutput,
  StartExecutionOutput,
  StopExecutionOutput,
  UpdateStateMachineOutput,
} from '@aws-sdk/client-sfn';
import type { PutEvent } from '../eventbridge/types';
import type { InvokeFunction } from '../lambda/types';
import { ServiceError, type Operation } from '../protocol/json-rpc';
import { stepFunctionsOperations } from './api';
import { checkName, executionArn, parseExecutionArn, parseStateMachineArn, stateMachineArn, type Scope } from './arns';
import { CompiledDefinition, EXECUTION_CONTEXT_KEY, parseDefinition, stubTarget, type AslDefinition } from './definition';
import { ExecutionHistory, stateEventType, withoutExecutionData, type EventContent } from './history';
import { callDynamoDb, invokeFunctionArn, invokeLambda, parseTaskResource, type TaskOutcome, type TaskResource } from './integrations';
import {
  ExecutionEnded,
  ExecutionError,
  loadTimeoutErrorClass,
  MAX_TIMER_SECONDS,
  taskError,
  timeoutError,
  type LibraryContext,
  type LibraryRunOptions,
} from './library';
import { longTimer } from './long-timer';
import { redriveEligibility } from './redrive';
import { statusChangeEvent } from './status-event';
import { StepFunctionsStore, type ExecutionRecord, type StateMachineRecord } from './store';
import { listingPage, optionalString, requireString } from './request';
import { mintTaskToken, tokenExecution } from './task-token';

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
  now?: () => Date;
  /**
   * The longest timer the library arms around a Task (it has one whatever the definition says).
   * When it fires on a task that is still running, the executor reattaches the state to it, so an
   * unset TimeoutSeconds waits indefinitely. Defaults to the longest Node timer (24.8 days).
   */
  taskTimerSeconds?: number;
}

interface ExecutionEntry {
  record: ExecutionRecord;
  /** The definition text the execution runs, and its parsed form. */
  text: string;
  definition: AslDefinition;
  history?: ExecutionHistory;
  run?: Run;
  waiters: Array<{ resolve: (output: DescribeExecutionOutput) => void; reject: (error: Error) => void }>;
}

/** One visit of a top-level state, read by the context object's getters. */
interface StateVisit {
  name: string;
  type: string;
  enteredTime: string;
  /** Task attempts started in this visit: `$$.State.RetryCount` while the next one is prepared. */
  attempts: number;
  /** The token `$$.Task.Token` gave the attempt being prepared. */
  token?: string;
}

interface Attempt {
  run: Run;
  stateName: string;
  resource: TaskResource;
  settled: boolean;
  promise: Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  cancelTimers: Array<() => void>;
  callback?: Callback;
}

/** A `.waitForTaskToken` task waiting for SendTaskSuccess / SendTaskFailure. */
interface Callback {
  token: string;
  run: Run;
  attempt: Attempt;
  heartbeatSeconds?: number;
  cancelHeartbeat?: () => void;
  /** The invoke returned (TaskSubmitted); an answer that came earlier is applied then. */
  submitted: boolean;
  early?: TaskOutcome;
}

interface Run {
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
  cancelTimeout?: () => void;
  done?: Promise<void>;
}

type StateOutcome =
  | { kind: 'next'; next: string; output: unknown }
  | { kind: 'end'; output: unknown }
  | { kind: 'failed'; error?: string; cause?: string }
  | { kind: 'ended' };

type EndDetails = { output?: unknown; error?: string; cause?: string };

function positiveSeconds(value: unknown): number | undefined {
  return typeof value === 'number' && value > 0 ? value : undefined;
}

/** What ListExecutions gives of an execution, and DescribeExecution begins with. */
function executionSummary(record: ExecutionRecord): ExecutionListItem {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: new Date(record.startDate),
    ...(record.stopDate ? { stopDate: new Date(record.stopDate) } : {}),
    redriveCount: record.redriveCount,
    ...(record.redriveDate ? { redriveDate: new Date(record.redriveDate) } : {}),
  };
}

export class LocalStepFunctions {
  /** The `states` JSON 1.0 operations, for `jsonRpcHandler('AWSStepFunctions', operations)`. */
  readonly operations: Record<string, Operation>;
  private readonly scope: Scope;
  private readonly store: StepFunctionsStore;
  private readonly now: () => Date;
  private readonly stateMachines = new Map<string, StateMachineRecord>();
  private readonly executions = new Map<string, ExecutionEntry>();
  private readonly compiled = new Map<string, CompiledDefinition>();
  private readonly callbacks = new Map<string, Callback>();
  private statusEvents: Promise<void> = Promise.resolve();
  private started = false;
  private stopped = false;

  /** Loads the state machines and executions kept in the data directory; the API answers at once. */
  constructor(private readonly options: StepFunctionsOptions) {
    this.scope = { region: options.region, accountId: options.accountId };
    this.store = new StepFunctionsStore(options.dataDir);
    this.now = options.now ?? (() => new Date());
    this.operations = stepFunctionsOperations(this);
    this.store.init();
    for (const record of this.store.loadStateMachines()) this.stateMachines.set(record.name, record);
    for (const record of this.store.loadExecutions()) {
      const text = this.store.loadDefinition(record.definitionId);
      this.executions.set(record.executionArn, { record, text, definition: JSON.parse(text) as AslDefinition, waiters: [] });
    }
  }

  /**
   * Marks the executions a previous process left RUNNING as ABORTED (ExecutionAborted in their
   * history, a status change event), so they can be redriven. Call it once the event bus delivers.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await loadTimeoutErrorClass();
    for (const entry of this.executions.values()) {
      if (entry.record.status === 'RUNNING' && !entry.run) this.abortInterrupted(entry);
    }
  }

  /**
   * Stops driving executions, as a process exit would: nothing more is written, running executions
   * stay RUNNING on disk, and the next start() on the same data directory marks them ABORTED.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const done: Promise<void>[] = [];
    for (const entry of this.executions.values()) {
      const run = entry.run;
      if (run) {
        run.ended = true;
        this.release(run);
        if (run.done) done.push(run.done);
      }
      for (const waiter of entry.waiters.splice(0)) waiter.reject(new Error('The local Step Functions stopped'));
    }
    this.callbacks.clear();
    await Promise.all(done);
    await this.statusEvents;
    this.store.close();
  }

  // ---- State machines ----------------------------------------------------------------------------

  createStateMachine(input: Record<string, unknown>): CreateStateMachineOutput {
    this.ready();
    const name = checkName(requireString(input, 'name'), 'state machine');
    const text = requireString(input, 'definition');
    const roleArn = requireString(input, 'roleArn');
    const type = optionalString(input, 'type') ?? 'STANDARD';
    if (type !== 'STANDARD') {
      throw new ServiceError('StateMachineTypeNotSupported', `The local executor runs STANDARD state machines only, not ${type}`);
    }
    const existing = this.stateMachines.get(name);
    if (existing) {
      // Idempotent on name and definition; a different roleArn is ignored, as on AWS.
      if (existing.definition === text) return { stateMachineArn: existing.stateMachineArn, creationDate: new Date(existing.creationDate) };
      throw new ServiceError(
        'StateMachineAlreadyExists',
        `State Machine Already Exists: '${existing.stateMachineArn}' with another definition; use UpdateStateMachine`,
      );
    }
    parseDefinition(text);
    const record: StateMachineRecord = {
      name,
      stateMachineArn: stateMachineArn(this.scope, name),
      definition: text,
      roleArn,
      creationDate: this.now().toISOString(),
    };
    this.store.saveStateMachine(record);
    this.stateMachines.set(name, record);
    return { stateMachineArn: record.stateMachineArn, creationDate: new Date(record.creationDate) };
  }

  updateStateMachine(input: Record<string, unknown>): UpdateStateMachineOutput {
    this.ready();
    const record = this.stateMachine(input.stateMachineArn);
    const definition = optionalString(input, 'definition');
    const roleArn = optionalString(input, 'roleArn');
    if (definition === undefined && roleArn === undefined) {
      throw new ServiceError('MissingRequiredParameter', 'Either the definition or the roleArn must be specified');
    }
    if (definition !== undefined) {
      parseDefinition(definition);
      record.definition = definition;
    }
    if (roleArn !== undefined) record.roleArn = roleArn;
    record.revisionId = randomUUID();
    this.store.saveStateMachine(record);
    return { updateDate: this.now(), revisionId: record.revisionId };
  }

  describeStateMachine(input: Record<string, unknown>): DescribeStateMachineOutput {
    this.ready();
    const record = this.stateMachine(input.stateMachineArn);
    return {
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: 'ACTIVE',
      definition: record.definition,
      roleArn: record.roleArn,
      type: 'STANDARD',
      creationDate: new Date(record.creationDate),
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
      ...(record.revisionId ? { revisionId: record.revisionId } : {}),
    };
  }

  listStateMachines(input: Record<string, unknown>): ListStateMachinesOutput {
    this.ready();
    const all = [...this.stateMachines.values()].sort((a, b) => a.name.localeCompare(b.name));
    const page = listingPage('stateMachines', all, input);
    return {
      stateMachines: page.items.map((record) => ({
        stateMachineArn: record.stateMachineArn,
        name: record.name,
        type: 'STANDARD',
        creationDate: new Date(record.creationDate),
      })),
      ...(page.nextToken ? { nextToken: page.nextToken } : {}),
    };
  }

  // ---- Executions ----------------------------------------------------------------------------

  startExecution(input: Record<string, unknown>): StartExecutionOutput {
    this.ready();
    const machine = this.stateMachine(input.stateMachineArn);
    const name = checkName(optionalString(input, 'name') ?? randomUUID(), 'execution');
    const text = optionalString(input, 'input') ?? '{}';
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new ServiceError('InvalidExecutionInput', `Invalid Execution Input: not valid JSON (${(error as Error).message})`);
    }
    const arn = executionArn(this.scope, machine.name, name);
    const existing = this.executions.get(arn);
    if (existing) {
      // Idempotent for the same name and input while the execution is open, as on AWS.
      if (existing.record.status === 'RUNNING' && existing.record.input === text) {
        return { executionArn: arn, startDate: new Date(existing.record.startDate) };
      }
      throw new ServiceError(
        'ExecutionAlreadyExists',
        `Execution Already Exists: '${arn}'${existing.record.status === 'RUNNING' ? ' with another input' : ` (${existing.record.status}); redrive it or start one with another name`}`,
      );
    }
    const startDate = this.now();
    const record: ExecutionRecord = {
      executionArn: arn,
      stateMachineArn: machine.stateMachineArn,
      stateMachineName: machine.name,
      name,
      status: 'RUNNING',
      input: text,
      startDate: startDate.toISOString(),
      redriveCount: 0,
      roleArn: machine.roleArn,
      definitionId: this.store.saveDefinition(machine.definition),
    };
    const entry: ExecutionEntry = { record, text: machine.definition, definition: JSON.parse(machine.definition) as AslDefinition, waiters: [] };
    this.executions.set(arn, entry);
    this.store.saveExecution(record);
    this.history(entry).add('ExecutionStarted', startDate, {
      executionStartedEventDetails: { input: text, inputDetails: { truncated: false }, roleArn: record.roleArn },
    });
    this.emitStatus(entry);
    this.launch(entry, entry.definition.StartAt, parsed, true);
    return { executionArn: arn, startDate };
  }

  describeExecution(input: Record<string, unknown>): DescribeExecutionOutput {
    this.ready();
    return this.describe(this.execution(input.executionArn));
  }

  listExecutions(input: Record<string, unknown>): ListExecutionsOutput {
    this.ready();
    const machine = this.stateMachine(input.stateMachineArn);
    const statusFilter = optionalString(input, 'statusFilter');
    const redriveFilter = optionalString(input, 'redriveFilter');
    const all = [...this.executions.values()]
      .map((entry) => entry.record)
      .filter((record) => record.stateMachineArn === machine.stateMachineArn)
      .filter((record) => statusFilter === undefined || record.status === statusFilter)
      .filter((record) => redriveFilter === undefined || (redriveFilter === 'REDRIVEN') === record.redriveCount > 0)
      .reverse()
      .sort((a, b) => b.startDate.localeCompare(a.startDate));
    const page = listingPage(`executions:${machine.stateMachineArn}:${statusFilter}:${redriveFilter}`, all, input);
    return {
      executions: page.items.map(executionSummary),
      ...(page.nextToken ? { nextToken: page.nextToken } : {}),
    };
  }

  getExecutionHistory(input: Record<string, unknown>): GetExecutionHistoryOutput {
    this.ready();
    const entry = this.execution(input.executionArn);
    const events = [...this.history(entry).events];
    if (input.reverseOrder === true) events.reverse();
    const page = listingPage(`history:${entry.record.executionArn}:${input.reverseOrder === true}`, events, input);
    const includeData = input.includeExecutionData !== false;
    return {
      events: includeData ? page.items : page.items.map(withoutExecutionData),
      ...(page.nextToken ? { nextToken: page.nextToken } : {}),
    };
  }

  stopExecution(input: Record<string, unknown>): StopExecutionOutput {
    this.ready();
    const entry = this.execution(input.executionArn);
    if (entry.run) {
      this.finish(entry.run, 'ABORTED', { error: optionalString(input, 'error'), cause: optionalString(input, 'cause') });
    }
    return { stopDate: new Date(entry.record.stopDate ?? this.now()) };
  }

  redriveExecution(input: Record<string, unknown>): RedriveExecutionOutput {
    this.ready();
    const entry = this.execution(input.executionArn);
    const record = entry.record;
    const clientToken = optionalString(input, 'clientToken');
    if (record.status === 'RUNNING' && clientToken !== undefined && clientToken === record.redriveClientToken && record.redriveDate) {
      return { redriveDate: new Date(record.redriveDate) };
    }
    const eligibility = redriveEligibility(record, entry.definition, this.now());
    if (eligibility.redriveStatus !== 'REDRIVABLE') {
      throw new ServiceError('ExecutionNotRedrivable', `Execution Not Redrivable: '${record.executionArn}': ${eligibility.redriveStatusReason}`);
    }
    const history = this.history(entry);
    const resume = history.lastEnteredState() ?? { name: entry.definition.StartAt, input: record.input };
    const redriveDate = this.now();
    record.status = 'RUNNING';
    record.redriveCount += 1;
    record.redriveDate = redriveDate.toISOString();
    record.redriveClientToken = clientToken;
    delete record.stopDate;
    delete record.output;
    delete record.error;
    delete record.cause;
    history.add('ExecutionRedriven', redriveDate, { executionRedrivenEventDetails: { redriveCount: record.redriveCount } });
    this.store.saveExecution(record);
    this.emitStatus(entry);
    // The failed state is rescheduled in place: no second StateEntered, as the state never exited.
    this.launch(entry, resume.name, JSON.parse(resume.input), false);
    return { redriveDate };
  }

  // ---- Task tokens ----------------------------------------------------------------------------

  sendTaskSuccess(input: Record<string, unknown>): Record<string, never> {
    this.ready();
    const callback = this.openCallback(input.taskToken);
    const text = requireString(input, 'output');
    let output: unknown;
    try {
      output = JSON.parse(text);
    } catch (error) {
      throw new ServiceError('InvalidOutput', `Invalid Output: not valid JSON (${(error as Error).message})`);
    }
    this.answer(callback, { ok: true, output });
    return {};
  }

  sendTaskFailure(input: Record<string, unknown>): Record<string, never> {
    this.ready();
    const callback = this.openCallback(input.taskToken);
    this.answer(callback, { ok: false, error: optionalString(input, 'error') ?? '', cause: optionalString(input, 'cause') ?? '' });
    return {};
  }

  sendTaskHeartbeat(input: Record<string, unknown>): Record<string, never> {
    this.ready();
    const callback = this.openCallback(input.taskToken);
    this.armHeartbeat(callback);
    return {};
  }

  /** Resolves once every status change event so far has been handed to putEvent. */
  async flushed(): Promise<void> {
    await this.statusEvents;
  }

  /** Resolves when the execution is no longer RUNNING (for callers in the same process). */
  waitForExecution(arn: string): Promise<DescribeExecutionOutput> {
    this.ready();
    const entry = this.execution(arn);
    if (entry.record.status !== 'RUNNING') return Promise.resolve(this.describe(entry));
    return new Promise((resolve, reject) => entry.waiters.push({ resolve, reject }));
  }

  // ---- Driving executions ----------------------------------------------------------------------

  private launch(entry: ExecutionEntry, stateName: string, input: unknown, enter: boolean): void {
    const record = entry.record;
    const run: Run = {
      entry,
      compiled: this.compile(entry.text, entry.definition),
      ended: false,
      handlers: {},
      attempts: new Set(),
      executionContext: {
        Id: record.executionArn,
        Input: JSON.parse(record.input),
        Name: record.name,
        RoleArn: record.roleArn,
        StartTime: record.startDate,
        RedriveCount: record.redriveCount,
        ...(record.redriveDate ? { RedriveTime: record.redriveDate } : {}),
      },
      stateMachineContext: { Id: record.stateMachineArn, Name: record.stateMachineName },
    };
    for (const taskName of run.compiled.tasks.keys()) run.handlers[taskName] = (taskInput) => this.runTask(run, taskName, taskInput);
    entry.run = run;
    const timeoutSeconds = positiveSeconds(entry.definition.TimeoutSeconds);
    if (timeoutSeconds) {
      // A redrive restarts the execution's timeout, as on AWS.
      run.cancelTimeout = longTimer(
        () =>
          this.finish(run, 'TIMED_OUT', {
            error: 'States.Timeout',
            cause: `The execution ran longer than its TimeoutSeconds (${timeoutSeconds} s).`,
          }),
        timeoutSeconds,
      );
    }
    // Started on the next turn: StartExecution and RedriveExecution answer before the first state runs.
    run.done = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => loadTimeoutErrorClass())
      .then(() => this.drive(run, stateName, input, enter))
      .catch((error: unknown) => this.finish(run, 'FAILED', { error: 'States.Runtime', cause: `Local executor error: ${String(error)}` }));
  }

  private async drive(run: Run, firstState: string, firstInput: unknown, enterFirst: boolean): Promise<void> {
    let stateName = firstState;
    let input = firstInput;
    let enter = enterFirst;
    try {
      while (!run.ended) {
        const compiled = run.compiled.state(stateName);
        let enteredTime = this.now();
        if (enter) {
          const event = this.record(run, stateEventType(compiled.type, 'Entered'), {
            stateEnteredEventDetails: { name: stateName, input: JSON.stringify(input), inputDetails: { truncated: false } },
          });
          if (event?.timestamp) enteredTime = event.timestamp;
        }
        enter = true;
        run.visit = { name: stateName, type: compiled.type, enteredTime: enteredTime.toISOString(), attempts: 0 };
        run.topAttempt = undefined;
        const outcome = await this.runState(run, stateName, input);
        if (outcome.kind === 'ended' || run.ended) return;
        if (outcome.kind === 'failed') {
          this.finish(run, 'FAILED', { error: outcome.error, cause: outcome.cause });
          return;
        }
        this.record(run, stateEventType(compiled.type, 'Exited'), {
          stateExitedEventDetails: { name: stateName, output: JSON.stringify(outcome.output), outputDetails: { truncated: false } },
        });
        if (outcome.kind === 'end') {
          this.finish(run, 'SUCCEEDED', { output: outcome.output });
          return;
        }
        stateName = outcome.next;
        input = outcome.output;
      }
    } catch (error) {
      // A fault of the executor itself: fail the execution visibly rather than leave it RUNNING.
      this.finish(run, 'FAILED', {
        error: 'States.Runtime',
        cause: `Local executor error in state "${stateName}": ${(error as Error).stack ?? String(error)}`,
      });
    }
  }

  /** Runs one state in the library; the stub it enters names the next state. */
  private async runState(run: Run, stateName: string, input: unknown): Promise<StateOutcome> {
    const compiled = run.compiled.state(stateName);
    for (;;) {
      const visit = run.visit as StateVisit;
      const options: LibraryRunOptions = {
        // The library's handler type is its JSON type; ours return plain JSON values too.
        overrides: {
          taskResourceLocalHandlers: run.handlers as NonNullable<NonNullable<LibraryRunOptions['overrides']>['taskResourceLocalHandlers']>,
        },
        context: this.contextFor(run, visit),
        noThrowOnAbort: true,
      };
      const execution = compiled.machine.run(input as never, options);
      run.abortState = execution.abort;
      let result: unknown;
      let failure: unknown;
      try {
        result = await execution.result;
      } catch (error) {
        failure = error;
      }
      run.abortState = undefined;
      if (run.ended) return { kind: 'ended' };
      // The library's own Task timer gave up on an attempt that is still running: run the state
      // again; its handler reattaches to that attempt.
      if (run.topAttempt && !run.topAttempt.settled) continue;
      if (failure !== undefined) return this.failure(failure, compiled.type, compiled.definition);
      let next: string | undefined;
      for await (const event of execution.eventLogs) {
        if (event.type === 'StateEntered') next = stubTarget(event.state.name) ?? next;
      }
      return next === undefined ? { kind: 'end', output: result } : { kind: 'next', next, output: result };
    }
  }

  private failure(failure: unknown, type: string, definition: Record<string, unknown>): StateOutcome {
    const error = failure instanceof ExecutionError && failure.cause instanceof Error ? failure.cause : failure;
    if (!(error instanceof Error)) return { kind: 'failed', error: 'States.Runtime', cause: String(error) };
    if (type === 'Fail') {
      // The library fills in its own defaults for a Fail state without Error or Cause; AWS leaves them empty.
      return {
        kind: 'failed',
        error: 'Error' in definition || 'ErrorPath' in definition ? error.name : undefined,
        cause: 'Cause' in definition || 'CausePath' in definition ? error.message : undefined,
      };
    }
    return { kind: 'failed', error: error.name || undefined, cause: error.message || undefined };
  }

  private contextFor(run: Run, visit: StateVisit): LibraryContext {
    const arn = run.entry.record.executionArn;
    return {
      [EXECUTION_CONTEXT_KEY]: run.executionContext,
      Execution: run.executionContext,
      StateMachine: run.stateMachineContext,
      State: {
        Name: visit.name,
        EnteredTime: visit.enteredTime,
        get RetryCount() {
          return visit.attempts;
        },
      },
      Task: {
        get Token() {
          visit.token ??= mintTaskToken(arn);
          return visit.token;
        },
      },
    };
  }

  // ---- Tasks ----------------------------------------------------------------------------

  /** The library's handler for a Task state: one attempt of the task, with its history events. */
  private runTask(run: Run, stateName: string, input: unknown): Promise<unknown> {
    if (run.ended || this.stopped) return Promise.reject(new ExecutionEnded());
    const visit = run.visit as StateVisit;
    const isTop = stateName === visit.name;
    if (isTop && run.topAttempt && !run.topAttempt.settled) return run.topAttempt.promise;
    const state = run.compiled.tasks.get(stateName);
    const resource = parseTaskResource(state?.Resource);
    if (!state || !resource) return Promise.reject(taskError('States.Runtime', `The local executor has no integration for state "${stateName}"`));
    const callbackTask = resource.kind === 'lambda:invoke' && resource.callback;
    // Only a callback task needs a token, unless its Parameters already took one from $$.Task.Token.
    const token = (isTop ? visit.token : undefined) ?? (callbackTask ? mintTaskToken(run.entry.record.executionArn) : '');
    if (isTop) {
      visit.token = undefined;
      visit.attempts += 1;
    }
    const attempt = this.newAttempt(run, stateName, resource);
    run.attempts.add(attempt);
    if (isTop) run.topAttempt = attempt;
    const timeoutSeconds = positiveSeconds(state.TimeoutSeconds);
    const heartbeatSeconds = callbackTask ? positiveSeconds(state.HeartbeatSeconds) : undefined;
    if (resource.kind === 'lambda:function') {
      this.record(run, 'LambdaFunctionScheduled', {
        lambdaFunctionScheduledEventDetails: {
          resource: resource.functionArn,
          input: JSON.stringify(input),
          inputDetails: { truncated: false },
          ...(timeoutSeconds ? { timeoutInSeconds: timeoutSeconds } : {}),
        },
      });
      this.record(run, 'LambdaFunctionStarted');
    } else {
      this.record(run, 'TaskScheduled', {
        taskScheduledEventDetails: {
          resourceType: resource.resourceType,
          resource: resource.resource,
          region: this.options.region,
          parameters: JSON.stringify(input),
          ...(timeoutSeconds ? { timeoutInSeconds: timeoutSeconds } : {}),
          ...(heartbeatSeconds ? { heartbeatInSeconds: heartbeatSeconds } : {}),
        },
      });
      this.record(run, 'TaskStarted', { taskStartedEventDetails: { resourceType: resource.resourceType, resource: resource.resource } });
    }
    if (timeoutSeconds) {
      attempt.cancelTimers.push(
        longTimer(
          () => this.timeOut(run, attempt, 'States.Timeout', `State "${stateName}" ran longer than its TimeoutSeconds (${timeoutSeconds} s).`),
          timeoutSeconds,
        ),
      );
    }
    if (callbackTask) {
      const callback: Callback = { token, run, attempt, heartbeatSeconds, submitted: false };
      attempt.callback = callback;
      this.callbacks.set(token, callback);
      this.armHeartbeat(callback);
    }
    this.perform(run, attempt, resource, input).catch((error: unknown) =>
      this.taskEnded(run, attempt, { ok: false, error: 'States.Runtime', cause: `Local executor error: ${String(error)}` }),
    );
    return attempt.promise;
  }

  private newAttempt(run: Run, stateName: string, resource: TaskResource): Attempt {
    let resolve!: (value: unknown) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<unknown>((onResolve, onReject) => {
      resolve = onResolve;
      reject = onReject;
    });
    // The library may have stopped waiting (its own timer, an abort); a late rejection is not unhandled.
    promise.catch(() => undefined);
    return { run, stateName, resource, settled: false, promise, resolve, reject, cancelTimers: [] };
  }

  private async perform(run: Run, attempt: Attempt, resource: TaskResource, input: unknown): Promise<void> {
    switch (resource.kind) {
      case 'lambda:function': {
        const outcome = await invokeFunctionArn(this.options.invokeFunction, resource.functionArn, input);
        this.taskEnded(run, attempt, outcome);
        return;
      }
      case 'dynamodb': {
        const outcome = await callDynamoDb(this.options.dynamodb, resource.action, input);
        this.taskEnded(run, attempt, outcome);
        return;
      }
      case 'lambda:invoke': {
        const outcome = await invokeLambda(this.options.invokeFunction, input, this.now());
        const callback = attempt.callback;
        if (!callback || !outcome.ok) {
          this.taskEnded(run, attempt, outcome);
          return;
        }
        if (attempt.settled) return;
        this.record(run, 'TaskSubmitted', {
          taskSubmittedEventDetails: {
            resourceType: resource.resourceType,
            resource: resource.resource,
            output: JSON.stringify(outcome.output),
            outputDetails: { truncated: false },
          },
        });
        callback.submitted = true;
        if (callback.early) this.taskEnded(run, attempt, callback.early);
        return;
      }
    }
  }

  /** Records how an attempt ended and hands the result or error to the library. */
  private taskEnded(run: Run, attempt: Attempt, outcome: TaskOutcome): void {
    if (attempt.settled) return;
    const resource = attempt.resource;
    if (resource.kind === 'lambda:function') {
      if (outcome.ok) {
        this.record(run, 'LambdaFunctionSucceeded', {
          lambdaFunctionSucceededEventDetails: { output: JSON.stringify(outcome.output), outputDetails: { truncated: false } },
        });
      } else {
        this.record(run, 'LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error: outcome.error, cause: outcome.cause } });
      }
    } else if (outcome.ok) {
      this.record(run, 'TaskSucceeded', {
        taskSucceededEventDetails: {
          resourceType: resource.resourceType,
          resource: resource.resource,
          output: JSON.stringify(outcome.output),
          outputDetails: { truncated: false },
        },
      });
    } else {
      this.record(run, 'TaskFailed', {
        taskFailedEventDetails: {
          resourceType: resource.resourceType,
          resource: resource.resource,
          ...(outcome.error ? { error: outcome.error } : {}),
          ...(outcome.cause ? { cause: outcome.cause } : {}),
        },
      });
    }
    if (outcome.ok) this.settle(attempt, () => attempt.resolve(outcome.output));
    else this.settle(attempt, () => attempt.reject(taskError(outcome.error, outcome.cause)));
  }

  private timeOut(run: Run, attempt: Attempt, error: 'States.Timeout' | 'States.HeartbeatTimeout', cause: string): void {
    if (attempt.settled || run.ended) return;
    const resource = attempt.resource;
    if (resource.kind === 'lambda:function') {
      this.record(run, 'LambdaFunctionTimedOut', { lambdaFunctionTimedOutEventDetails: { error, cause } });
    } else {
      this.record(run, 'TaskTimedOut', {
        taskTimedOutEventDetails: { resourceType: resource.resourceType, resource: resource.resource, error, cause },
      });
    }
    this.settle(attempt, () => attempt.reject(timeoutError(error, cause)));
  }

  /** Closes an attempt once: its timers stop and its token no longer answers. */
  private settle(attempt: Attempt, deliver: () => void): void {
    if (attempt.settled) return;
    attempt.settled = true;
    for (const cancel of attempt.cancelTimers) cancel();
    attempt.run.attempts.delete(attempt);
    const callback = attempt.callback;
    if (callback) {
      callback.cancelHeartbeat?.();
      this.callbacks.delete(callback.token);
    }
    deliver();
  }

  private armHeartbeat(callback: Callback): void {
    const seconds = callback.heartbeatSeconds;
    if (!seconds) return;
    callback.cancelHeartbeat?.();
    const { run, attempt } = callback;
    callback.cancelHeartbeat = longTimer(
      () =>
        this.timeOut(
          run,
          attempt,
          'States.HeartbeatTimeout',
          `State "${attempt.stateName}" received no SendTaskHeartbeat within its HeartbeatSeconds (${seconds} s).`,
        ),
      seconds,
    );
  }

  private openCallback(token: unknown): Callback {
    const callback = typeof token === 'string' ? this.callbacks.get(token) : undefined;
    if (callback) return callback;
    const arn = tokenExecution(token);
    if (arn === undefined)
      throw new ServiceError('InvalidToken', `Invalid Token: '${String(token).slice(0, 80)}' is not a task token of this local cloud`);
    if (!this.executions.has(arn))
      throw new ServiceError('TaskDoesNotExist', `Task Does Not Exist: the execution of this token (${arn}) does not exist`);
    throw new ServiceError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
  }

  private answer(callback: Callback, outcome: TaskOutcome): void {
    // The token is spent at once: a repeated answer finds the task closed, as on AWS.
    this.callbacks.delete(callback.token);
    callback.cancelHeartbeat?.();
    if (callback.submitted) this.taskEnded(callback.run, callback.attempt, outcome);
    else callback.early = outcome;
  }

  // ---- Ending executions ----------------------------------------------------------------------

  private finish(run: Run, status: ExecutionStatus, details: EndDetails): void {
    if (run.ended || this.stopped) return;
    run.ended = true;
    this.release(run);
    const entry = run.entry;
    const record = entry.record;
    const now = this.now();
    record.status = status;
    record.stopDate = now.toISOString();
    if (status === 'SUCCEEDED') record.output = JSON.stringify(details.output ?? null);
    if (details.error !== undefined) record.error = details.error;
    if (details.cause !== undefined) record.cause = details.cause;
    const ending = {
      ...(details.error !== undefined ? { error: details.error } : {}),
      ...(details.cause !== undefined ? { cause: details.cause } : {}),
    };
    const history = this.history(entry);
    switch (status) {
      case 'SUCCEEDED':
        history.add('ExecutionSucceeded', now, { executionSucceededEventDetails: { output: record.output, outputDetails: { truncated: false } } });
        break;
      case 'FAILED':
        history.add('ExecutionFailed', now, { executionFailedEventDetails: ending });
        break;
      case 'TIMED_OUT':
        history.add('ExecutionTimedOut', now, { executionTimedOutEventDetails: ending });
        break;
      default:
        history.add('ExecutionAborted', now, { executionAbortedEventDetails: ending });
    }
    this.store.saveExecution(record);
    entry.run = undefined;
    // Read back from disk when asked: finished executions do not hold their history in memory.
    entry.history = undefined;
    this.store.closeHistory(record);
    this.emitStatus(entry);
    const description = this.describe(entry);
    for (const waiter of entry.waiters.splice(0)) waiter.resolve(description);
  }

  /** Stops everything a run has in flight: timers, the library run, task attempts and their tokens. */
  private release(run: Run): void {
    run.cancelTimeout?.();
    run.abortState?.();
    for (const attempt of [...run.attempts]) this.settle(attempt, () => attempt.reject(new ExecutionEnded()));
  }

  private abortInterrupted(entry: ExecutionEntry): void {
    const record = entry.record;
    const state = this.history(entry).lastEnteredState()?.name ?? entry.definition.StartAt;
    const now = this.now();
    record.status = 'ABORTED';
    record.stopDate = now.toISOString();
    record.error = 'Local.Interrupted';
    record.cause = `The local cloud stopped while this execution was running in state "${state}". Redrive it to resume at that state.`;
    this.history(entry).add('ExecutionAborted', now, { executionAbortedEventDetails: { error: record.error, cause: record.cause } });
    this.store.saveExecution(record);
    entry.history = undefined;
    this.store.closeHistory(record);
    this.emitStatus(entry);
  }

  // ---- Helpers ----------------------------------------------------------------------------

  private ready(): void {
    if (this.stopped) throw new ServiceError('ServiceUnavailable', 'The local Step Functions is stopped', 503);
  }

  private record(run: Run, type: HistoryEventType, content?: EventContent) {
    if (run.ended || this.stopped) return undefined;
    return this.history(run.entry).add(type, this.now(), content);
  }

  private history(entry: ExecutionEntry): ExecutionHistory {
    entry.history ??= new ExecutionHistory(this.store.readHistory(entry.record), (event) => {
      if (!this.stopped) this.store.appendHistory(entry.record, event);
    });
    return entry.history;
  }

  private compile(text: string, definition: AslDefinition): CompiledDefinition {
    let compiled = this.compiled.get(text);
    if (!compiled) {
      compiled = new CompiledDefinition(definition, this.options.taskTimerSeconds ?? MAX_TIMER_SECONDS);
      this.compiled.set(text, compiled);
    }
    return compiled;
  }

  private stateMachine(arn: unknown): StateMachineRecord {
    const name = parseStateMachineArn(this.scope, arn);
    const record = this.stateMachines.get(name);
    if (!record) throw new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${String(arn)}'`);
    return record;
  }

  private execution(arn: unknown): ExecutionEntry {
    parseExecutionArn(this.scope, arn);
    const entry = this.executions.get(arn as string);
    if (!entry) throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${String(arn)}'`);
    return entry;
  }

  private describe(entry: ExecutionEntry): DescribeExecutionOutput {
    const record = entry.record;
    const eligibility = redriveEligibility(record, entry.definition, this.now());
    return {
      ...executionSummary(record),
      input: record.input,
      inputDetails: { included: true },
      ...(record.output !== undefined ? { output: record.output, outputDetails: { included: true } } : {}),
      ...(record.error !== undefined ? { error: record.error } : {}),
      ...(record.cause !== undefined ? { cause: record.cause } : {}),
      ...eligibility,
    };
  }

  private emitStatus(entry: ExecutionEntry): void {
    const event = statusChangeEvent(entry.record, redriveEligibility(entry.record, entry.definition, this.now()), this.now());
    // In order, without holding up the execution; EventBridge delivery is best effort.
    this.statusEvents = this.statusEvents
      .then(() => this.options.putEvent(event))
      .catch((error: unknown) => process.emitWarning(`Local Step Functions: status change event not delivered: ${String(error)}`));
  }
}

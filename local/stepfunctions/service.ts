/**
 * The local Step Functions: the `states` API's behaviour (typed calls; api.ts reads them off the
 * wire) over the executor (executor.ts), with what
 * aws-local-stepfunctions lacks added with AWS's semantics: service integrations, task tokens,
 * TimeoutSeconds and HeartbeatSeconds, execution history, persistence, redrive, tags, and
 * execution status change events.
 *
 * Executions and their history live under `<dataDir>/stepfunctions/` (store.ts). An execution a
 * stop or a crash left RUNNING is still RUNNING after the next start(): it resumes at the state it
 * was in, a task token wait with its token and its deadlines, a task in flight run again.
 */
import { randomUUID } from 'node:crypto';
import type {
  CreateStateMachineInput,
  CreateStateMachineOutput,
  DescribeExecutionInput,
  DescribeStateMachineForExecutionInput,
  DescribeStateMachineInput,
  GetExecutionHistoryInput,
  ListExecutionsInput,
  ListStateMachinesInput,
  ListTagsForResourceInput,
  RedriveExecutionInput,
  SendTaskFailureInput,
  SendTaskHeartbeatInput,
  SendTaskSuccessInput,
  StartExecutionInput,
  StopExecutionInput,
  TagResourceInput,
  UntagResourceInput,
  UpdateStateMachineInput,
  DescribeExecutionOutput,
  DescribeStateMachineForExecutionOutput,
  DescribeStateMachineOutput,
  ExecutionListItem,
  GetExecutionHistoryOutput,
  HistoryEventType,
  ListExecutionsOutput,
  ListStateMachinesOutput,
  ListTagsForResourceOutput,
  RedriveExecutionOutput,
  StartExecutionOutput,
  StopExecutionOutput,
  Tag,
  UpdateStateMachineOutput,
} from '@aws-sdk/client-sfn';
import { ServiceError, type Operation } from '../protocol/json-rpc';
import { stepFunctionsOperations } from './api';
import { checkName, executionArn, parseExecutionArn, parseStateMachineArn, stateMachineArn, type Scope } from './arns';
import { CallbackPool } from './callback-pool';
import { systemClock, type Clock } from './clock';
import { parseDefinition, type AslDefinition } from './definition';
import { Executor, type ExecutorHost } from './executor';
import { ExecutionHistory, withoutExecutionData, type EventContent } from './history';
import { loadTimeoutErrorClass } from './library';
import { redriveEligibility } from './redrive';
import { listingPage } from './request';
import { statusChangeEvent } from './status-event';
import { StepFunctionsStore, type ExecutionRecord, type StateMachineRecord } from './store';
import { tagMap } from './tags';
import type { ExecutionEntry, Run, StepFunctionsOptions } from './types';

export type { StepFunctionsOptions } from './types';

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

export class LocalStepFunctions implements ExecutorHost {
  /** The `states` JSON 1.0 operations, for `stepFunctionsHandler(service.operations)`. */
  readonly operations: Record<string, Operation>;
  readonly clock: Clock;
  readonly store: StepFunctionsStore;
  readonly pool = new CallbackPool();
  private readonly scope: Scope;
  private readonly executor: Executor;
  private readonly stateMachines = new Map<string, StateMachineRecord>();
  private readonly executions = new Map<string, ExecutionEntry>();
  /** Executions whose definition could not be read back, and why. */
  private readonly unreadable = new Map<string, string>();
  private statusEvents: Promise<void> = Promise.resolve();
  private started = false;
  private isStopped = false;

  /** Loads the state machines and executions kept in the data directory; the API answers at once. */
  constructor(readonly options: StepFunctionsOptions) {
    this.scope = { region: options.region, accountId: options.accountId };
    this.clock = options.clock ?? systemClock;
    this.store = new StepFunctionsStore(options.dataDir);
    this.executor = new Executor(this);
    this.operations = stepFunctionsOperations(this);
    this.store.init();
    for (const record of this.store.loadStateMachines()) this.stateMachines.set(record.name, record);
    for (const record of this.store.loadExecutions()) {
      let text = '';
      let definition: AslDefinition = { StartAt: '', States: {} };
      try {
        text = this.store.loadDefinition(record.definitionId);
        definition = JSON.parse(text) as AslDefinition;
      } catch (error) {
        this.unreadable.set(record.executionArn, `its definition ${record.definitionId} could not be read (${(error as Error).message})`);
      }
      this.executions.set(record.executionArn, { record, text, definition, waiters: [] });
    }
  }

  /**
   * Resumes the executions a previous process left RUNNING (see Executor.resume). Call it once the
   * event bus delivers, and before the services whose events answer task tokens start. With
   * `resume: false` (a cloud started only to read) they stay RUNNING on disk, untouched, for the
   * next start.
   */
  async start(options: { resume?: boolean } = {}): Promise<void> {
    if (this.started) return;
    this.started = true;
    await loadTimeoutErrorClass();
    if (options.resume === false) return;
    for (const entry of this.executions.values()) {
      if (entry.record.status === 'RUNNING' && !entry.run) this.executor.resume(entry, this.unreadable.get(entry.record.executionArn));
    }
  }

  /**
   * Stops driving executions, as a process exit would: nothing more is written, running executions
   * stay RUNNING on disk with their task in flight, and the next start() resumes them.
   */
  async stop(): Promise<void> {
    if (this.isStopped) return;
    this.isStopped = true;
    const done: Promise<void>[] = [];
    for (const entry of this.executions.values()) {
      const run = entry.run;
      if (run) {
        run.ended = true;
        this.executor.release(run);
        if (run.done) done.push(run.done);
      }
      for (const waiter of entry.waiters.splice(0)) waiter.reject(new Error('The local Step Functions stopped'));
    }
    this.pool.clear();
    await Promise.all(done);
    await this.statusEvents;
    this.store.close();
  }

  // ---- State machines ----------------------------------------------------------------------------

  createStateMachine(input: CreateStateMachineInput): CreateStateMachineOutput {
    this.ready();
    const name = checkName(input.name, 'state machine');
    const text = input.definition as string;
    const roleArn = input.roleArn as string;
    const type = input.type ?? 'STANDARD';
    const tags = input.tags ?? [];
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
      ...(tags.length > 0 ? { tags: tagMap(tags) } : {}),
    };
    this.store.saveStateMachine(record);
    this.stateMachines.set(name, record);
    return { stateMachineArn: record.stateMachineArn, creationDate: new Date(record.creationDate) };
  }

  updateStateMachine(input: UpdateStateMachineInput): UpdateStateMachineOutput {
    this.ready();
    const record = this.stateMachine(input.stateMachineArn);
    const { definition, roleArn } = input;
    if (definition === undefined && roleArn === undefined) {
      throw new ServiceError('MissingRequiredParameter', 'Either the definition or the roleArn must be specified');
    }
    if (definition !== undefined) {
      parseDefinition(definition);
      record.definition = definition;
    }
    if (roleArn !== undefined) record.roleArn = roleArn;
    record.revisionId = randomUUID();
    const updateDate = this.now();
    record.updateDate = updateDate.toISOString();
    this.store.saveStateMachine(record);
    return { updateDate, revisionId: record.revisionId };
  }

  describeStateMachine(input: DescribeStateMachineInput): DescribeStateMachineOutput {
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

  /** The state machine as the execution runs it: the definition and role it started with, whatever updates came since. */
  describeStateMachineForExecution(input: DescribeStateMachineForExecutionInput): DescribeStateMachineForExecutionOutput {
    this.ready();
    const { record } = this.execution(input.executionArn);
    const machine = this.stateMachines.get(record.stateMachineName);
    return {
      stateMachineArn: record.stateMachineArn,
      name: record.stateMachineName,
      definition: this.store.loadDefinition(record.definitionId),
      roleArn: record.roleArn,
      updateDate: new Date(machine?.updateDate ?? machine?.creationDate ?? record.startDate),
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    };
  }

  listStateMachines(input: ListStateMachinesInput): ListStateMachinesOutput {
    this.ready();
    const all = [...this.stateMachines.values()].sort((a, b) => a.name.localeCompare(b.name));
    const page = listingPage('stateMachines', all, { maxResults: input.maxResults, nextToken: input.nextToken });
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

  // ---- Tags ----------------------------------------------------------------------------

  listTagsForResource(input: ListTagsForResourceInput): ListTagsForResourceOutput {
    this.ready();
    const record = this.taggable(input.resourceArn);
    return { tags: Object.entries(record.tags ?? {}).map(([key, value]): Tag => ({ key, value })) };
  }

  tagResource(input: TagResourceInput): Record<string, never> {
    this.ready();
    const record = this.taggable(input.resourceArn);
    record.tags = { ...record.tags, ...tagMap(input.tags ?? []) };
    this.store.saveStateMachine(record);
    return {};
  }

  untagResource(input: UntagResourceInput): Record<string, never> {
    this.ready();
    const record = this.taggable(input.resourceArn);
    const tags = { ...record.tags };
    for (const key of input.tagKeys ?? []) delete tags[key];
    record.tags = tags;
    this.store.saveStateMachine(record);
    return {};
  }

  // ---- Executions ----------------------------------------------------------------------------

  startExecution(input: StartExecutionInput): StartExecutionOutput {
    this.ready();
    const machine = this.stateMachine(input.stateMachineArn);
    const name = checkName(input.name ?? randomUUID(), 'execution');
    const text = input.input ?? '{}';
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
    this.executor.launch(entry, entry.definition.StartAt, parsed, { enter: true });
    return { executionArn: arn, startDate };
  }

  describeExecution(input: DescribeExecutionInput): DescribeExecutionOutput {
    this.ready();
    return this.describe(this.execution(input.executionArn));
  }

  listExecutions(input: ListExecutionsInput): ListExecutionsOutput {
    this.ready();
    const machine = this.stateMachine(input.stateMachineArn);
    const { statusFilter, redriveFilter } = input;
    const all = [...this.executions.values()]
      .map((entry) => entry.record)
      .filter((record) => record.stateMachineArn === machine.stateMachineArn)
      .filter((record) => statusFilter === undefined || record.status === statusFilter)
      .filter((record) => redriveFilter === undefined || (redriveFilter === 'REDRIVEN') === record.redriveCount > 0)
      .reverse()
      .sort((a, b) => b.startDate.localeCompare(a.startDate));
    const page = listingPage(`executions:${machine.stateMachineArn}:${statusFilter}:${redriveFilter}`, all, {
      maxResults: input.maxResults,
      nextToken: input.nextToken,
    });
    return {
      executions: page.items.map(executionSummary),
      ...(page.nextToken ? { nextToken: page.nextToken } : {}),
    };
  }

  getExecutionHistory(input: GetExecutionHistoryInput): GetExecutionHistoryOutput {
    this.ready();
    const entry = this.execution(input.executionArn);
    const events = [...this.history(entry).events];
    if (input.reverseOrder === true) events.reverse();
    const page = listingPage(`history:${entry.record.executionArn}:${input.reverseOrder === true}`, events, {
      maxResults: input.maxResults,
      nextToken: input.nextToken,
    });
    const includeData = input.includeExecutionData !== false;
    return {
      events: includeData ? page.items : page.items.map(withoutExecutionData),
      ...(page.nextToken ? { nextToken: page.nextToken } : {}),
    };
  }

  stopExecution(input: StopExecutionInput): StopExecutionOutput {
    this.ready();
    const entry = this.execution(input.executionArn);
    if (entry.run) {
      this.executor.finish(entry.run, 'ABORTED', { error: input.error, cause: input.cause });
    }
    return { stopDate: new Date(entry.record.stopDate ?? this.now()) };
  }

  redriveExecution(input: RedriveExecutionInput): RedriveExecutionOutput {
    this.ready();
    const entry = this.execution(input.executionArn);
    const record = entry.record;
    const { clientToken } = input;
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
    this.executor.launch(entry, resume.name, JSON.parse(resume.input), { enter: false });
    return { redriveDate };
  }

  // ---- Task tokens ----------------------------------------------------------------------------

  sendTaskSuccess(input: SendTaskSuccessInput): Record<string, never> {
    this.ready();
    const callback = this.pool.open(input.taskToken, (arn) => this.executions.has(arn));
    let output: unknown;
    try {
      output = JSON.parse(input.output ?? '');
    } catch (error) {
      throw new ServiceError('InvalidOutput', `Invalid Output: not valid JSON (${(error as Error).message})`);
    }
    this.executor.attempts.answer(callback, { ok: true, output });
    return {};
  }

  sendTaskFailure(input: SendTaskFailureInput): Record<string, never> {
    this.ready();
    const callback = this.pool.open(input.taskToken, (arn) => this.executions.has(arn));
    this.executor.attempts.answer(callback, { ok: false, error: input.error ?? '', cause: input.cause ?? '' });
    return {};
  }

  sendTaskHeartbeat(input: SendTaskHeartbeatInput): Record<string, never> {
    this.ready();
    this.executor.attempts.heartbeat(this.pool.open(input.taskToken, (arn) => this.executions.has(arn)));
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

  // ---- What the executor and the task attempts call back ----------------------------------------

  stopped(): boolean {
    return this.isStopped;
  }

  record(run: Run, type: HistoryEventType, content?: EventContent) {
    if (run.ended || this.isStopped) return undefined;
    return this.history(run.entry).add(type, this.now(), content);
  }

  save(run: Run): void {
    if (!this.isStopped) this.store.saveExecution(run.entry.record);
  }

  history(entry: ExecutionEntry): ExecutionHistory {
    entry.history ??= new ExecutionHistory(this.store.readHistory(entry.record), (event) => {
      if (!this.isStopped) this.store.appendHistory(entry.record, event);
    });
    return entry.history;
  }

  describe(entry: ExecutionEntry): DescribeExecutionOutput {
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

  emitStatus(entry: ExecutionEntry): void {
    const event = statusChangeEvent(entry.record, redriveEligibility(entry.record, entry.definition, this.now()), this.now());
    // In order, without holding up the execution; EventBridge delivery is best effort.
    this.statusEvents = this.statusEvents
      .then(() => this.options.putEvent(event))
      .catch((error: unknown) => process.emitWarning(`Local Step Functions: status change event not delivered: ${String(error)}`));
  }

  // ---- Helpers ----------------------------------------------------------------------------

  private now(): Date {
    return new Date(this.clock.now());
  }

  private ready(): void {
    if (this.isStopped) throw new ServiceError('ServiceUnavailable', 'The local Step Functions is stopped', 503);
  }

  private stateMachine(arn: unknown): StateMachineRecord {
    const name = parseStateMachineArn(this.scope, arn);
    const record = this.stateMachines.get(name);
    if (!record) throw new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${String(arn)}'`);
    return record;
  }

  /** The state machine a tagging call names; ResourceNotFound for one that does not exist. */
  private taggable(arn: string | undefined): StateMachineRecord {
    const record = this.stateMachines.get(parseStateMachineArn(this.scope, arn));
    if (!record) throw new ServiceError('ResourceNotFound', `Resource Not Found: '${String(arn)}'; the local Step Functions tags state machines`);
    return record;
  }

  private execution(arn: unknown): ExecutionEntry {
    parseExecutionArn(this.scope, arn);
    const entry = this.executions.get(arn as string);
    if (!entry) throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${String(arn)}'`);
    return entry;
  }
}

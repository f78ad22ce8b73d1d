/**
 * The local event bus: EventBridge's `PutEvents`, the stack's rules matched with the event-pattern
 * matcher, and delivery to their targets (the state machine, a Lambda function). Delivery is
 * asynchronous, as on AWS: PutEvents returns before any target runs. Each rule delivers its events
 * in the order they were put; a failed delivery is retried with backoff, then written to the
 * dead-letter folder.
 *
 * Deliveries are durable, as EventBridge's are: each one is kept in <dataDir>/events/pending/ until
 * its target took it or it was dead-lettered, so one left undone by a stop or a crash is delivered at
 * the next start (at least once: the pipeline's handlers are idempotent).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EventPattern } from '../../infra/wiring';
import type { InvokeFunction } from '../lambda/types';
import { jsonFileNames, writeJsonFile } from '../json-files';
import { ServiceError } from '../protocol/json-rpc';
import type { Operation } from '../protocol/json-rpc';
import { compilePattern } from './pattern';
import type { CompiledPattern } from './pattern';
import { eventTime } from './types';
import type { BusEvent, EventEntry } from './types';

export type BusTarget = { kind: 'stateMachine'; arn: string } | { kind: 'function'; arn: string };

export interface BusRule {
  name: string;
  description?: string;
  pattern: EventPattern;
  target: BusTarget;
}

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  attempts: number;
  delayMs: number;
  backoffRate: number;
}

/**
 * As the stack's function targets: the first attempt and two retries (Lambda's asynchronous
 * retries), then the dead letter. Seconds apart rather than minutes: locally a failure is a bug to see soon.
 */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, delayMs: 1000, backoffRate: 2 };

export interface EventBusOptions {
  region: string;
  accountId: string;
  /** Pending deliveries are kept in <dataDir>/events/pending/, dead letters in <dataDir>/events/dead-letter/. */
  dataDir: string;
  /**
   * Holds every rule's deliveries until release() lets them go: the local cloud releases once all
   * its services are up, so the deliveries an earlier run left pending go first, in the order they
   * were put (and a cloud started only to read keeps its state machine rules held).
   */
  held?: boolean;
  startExecution: (stateMachineArn: string, input: string) => Promise<void>;
  invokeFunction: InvokeFunction;
  retry?: RetryPolicy;
  now?: () => Date;
  /** Where delivery failures are reported (besides the dead-letter folder). */
  log?: (message: string) => void;
}

export type EventListener = (event: BusEvent) => void;

const MAX_ENTRIES = 10;
const MAX_REQUEST_BYTES = 256 * 1024;

interface DeliveryFailure {
  errorCode: string;
  errorMessage: string;
}

/** A delivery kept until its target took it: the rule it is for and the event. */
interface PendingDelivery {
  rule: string;
  event: BusEvent;
}

interface LiveRule extends BusRule {
  matches: CompiledPattern;
  /** Its deliveries, one after the other; the first waits for the rule's release. */
  queue: Promise<void>;
  held: boolean;
  open: () => void;
  /** Deliveries and retries under way, for idle(). */
  inFlight: Set<Promise<void>>;
}

export class EventBus {
  private readonly rules = new Map<string, LiveRule>();
  private readonly listeners = new Set<EventListener>();
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private readonly retry: RetryPolicy;
  private readonly now: () => Date;
  private stopped = false;
  private readonly pendingDir: string;
  /** Orders the pending files of deliveries put within the same millisecond. */
  private sequence = 0;
  /** Rules added while this is true start held (see `held`). */
  private holdingNewRules: boolean;

  constructor(private readonly options: EventBusOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.now = options.now ?? (() => new Date());
    this.pendingDir = path.join(options.dataDir, 'events', 'pending');
    fs.mkdirSync(this.pendingDir, { recursive: true });
    this.holdingNewRules = options.held ?? false;
  }

  /**
   * Starts the deliveries a held bus has queued (see `held`), for every rule or for the rules
   * `which` picks; the others stay held, their deliveries pending.
   */
  release(which: (rule: BusRule) => boolean = () => true): void {
    this.holdingNewRules = false;
    for (const rule of this.rules.values()) {
      if (!rule.held || !which(rule)) continue;
      rule.held = false;
      rule.open();
    }
  }

  get busArn(): string {
    return `arn:aws:events:${this.options.region}:${this.options.accountId}:event-bus/default`;
  }

  ruleArn(name: string): string {
    return `arn:aws:events:${this.options.region}:${this.options.accountId}:rule/${name}`;
  }

  addRule(rule: BusRule): void {
    if (this.rules.has(rule.name)) throw new Error(`Local EventBridge: rule ${rule.name} exists already`);
    // Compiled once; a malformed pattern is refused here, as PutRule refuses it.
    let open: () => void = () => undefined;
    const gate = this.holdingNewRules ? new Promise<void>((resolve) => (open = resolve)) : Promise.resolve();
    const live: LiveRule = { ...rule, matches: compilePattern(rule.pattern), queue: gate, held: this.holdingNewRules, open, inFlight: new Set() };
    this.rules.set(rule.name, live);
  }

  /** Observes every event put on the bus (the console, tests). Returns the unsubscribe function. */
  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The envelope EventBridge wraps an entry in. */
  envelope(entry: EventEntry): BusEvent {
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.detailType,
      source: entry.source,
      account: this.options.accountId,
      time: eventTime(entry.time ?? this.now()),
      region: this.options.region,
      resources: entry.resources ?? [],
      detail: entry.detail,
    };
  }

  /** Puts an event from a local service (S3, Step Functions, MediaConvert) on the bus. */
  readonly putEvent = async (entry: EventEntry): Promise<void> => {
    this.dispatch(this.envelope(entry));
  };

  private dispatch(event: BusEvent): void {
    if (!this.stopped) for (const listener of this.listeners) listener(event);
    for (const rule of this.rules.values()) {
      if (!rule.matches(event)) continue;
      const file = this.keep(rule, event);
      // Stopped (an upload while the local cloud shuts down): kept for the next start only.
      if (!this.stopped) this.enqueue(rule, event, file);
    }
  }

  /** Writes the delivery to the pending folder; returns its file, or undefined if it could not be written. */
  private keep(rule: BusRule, event: BusEvent): string | undefined {
    this.sequence += 1;
    const name = `${String(Date.now()).padStart(15, '0')}-${String(this.sequence).padStart(9, '0')}-${rule.name}-${event.id}.json`;
    const file = path.join(this.pendingDir, name);
    const pending: PendingDelivery = { rule: rule.name, event };
    try {
      writeJsonFile(file, pending);
      return file;
    } catch (error) {
      const message = `Local EventBridge: rule ${rule.name} could not keep event ${event.id} (${(error as Error).message})`;
      this.options.log?.(this.stopped ? `${message}; it is lost` : `${message}; it is delivered, but not kept across a restart`);
      return undefined;
    }
  }

  /** Forgets a delivery its target took, or that was dead-lettered. */
  private settle(file: string | undefined): void {
    if (file) fs.rmSync(file, { force: true });
  }

  private enqueue(rule: LiveRule, event: BusEvent, file: string | undefined): void {
    // One delivery at a time per rule: a rule's target sees its events in the order they were put.
    const delivery = rule.queue.then(() => this.deliver(rule, event, file, 1));
    rule.queue = delivery.catch((error: unknown) => this.reportFailure(rule, event, error));
    this.track(rule, rule.queue);
  }

  /**
   * Queues the deliveries an earlier run left pending, oldest first, ahead of anything put since
   * (call before release()). One for a rule that no longer exists is dead-lettered. Returns how
   * many are queued.
   */
  resumePending(): number {
    let queued = 0;
    for (const name of jsonFileNames(this.pendingDir)) {
      const file = path.join(this.pendingDir, name);
      let pending: PendingDelivery;
      try {
        pending = JSON.parse(fs.readFileSync(file, 'utf8')) as PendingDelivery;
      } catch (error) {
        this.options.log?.(`Local EventBridge: the pending delivery ${file} cannot be read (${(error as Error).message}); it is left in place`);
        continue;
      }
      const rule = this.rules.get(pending.rule);
      if (rule) {
        this.enqueue(rule, pending.event, file);
        queued += 1;
      } else {
        const failure = { errorCode: 'Local.RuleNotFound', errorMessage: `Rule ${pending.rule} does not exist any more` };
        this.deadLetter({ name: pending.rule, target: undefined }, pending.event, 0, failure);
        this.settle(file);
      }
    }
    return queued;
  }

  private track(rule: LiveRule, work: Promise<void>): void {
    rule.inFlight.add(work);
    void work.finally(() => rule.inFlight.delete(work));
  }

  private async attempt(target: BusTarget, event: BusEvent): Promise<DeliveryFailure | undefined> {
    try {
      if (target.kind === 'stateMachine') {
        await this.options.startExecution(target.arn, JSON.stringify(event));
        return undefined;
      }
      const result = await this.options.invokeFunction(target.arn, event);
      return result.ok ? undefined : { errorCode: result.errorType, errorMessage: result.errorMessage };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      return { errorCode: name, errorMessage: error instanceof Error ? error.message : String(error) };
    }
  }

  private async deliver(rule: LiveRule, event: BusEvent, file: string | undefined, attempt: number): Promise<void> {
    // Stopped: the delivery stays pending for the next start.
    if (this.stopped) return;
    const failure = await this.attempt(rule.target, event);
    if (!failure) {
      this.settle(file);
      return;
    }
    // A failure while stopping may be the stop itself: pending, not dead.
    if (this.stopped) return;
    if (attempt >= this.retry.attempts) {
      this.deadLetter(rule, event, attempt, failure);
      this.settle(file);
      return;
    }
    const delay = this.retry.delayMs * this.retry.backoffRate ** (attempt - 1);
    // Retries wait outside the rule's queue: one failing event does not hold back the next ones.
    this.track(
      rule,
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.deliver(rule, event, file, attempt + 1)
            .catch((error: unknown) => this.reportFailure(rule, event, error))
            .finally(resolve);
        }, delay);
        this.timers.set(timer, resolve);
      }),
    );
  }

  private deadLetter(rule: { name: string; target: BusTarget | undefined }, event: BusEvent, attempts: number, failure: DeliveryFailure): void {
    const directory = path.join(this.options.dataDir, 'events', 'dead-letter');
    const file = path.join(directory, `${eventTime(this.now()).replace(/:/g, '-')}-${rule.name}-${event.id}.json`);
    const letter = {
      ruleArn: this.ruleArn(rule.name),
      targetArn: rule.target?.arn,
      attempts,
      errorCode: failure.errorCode,
      errorMessage: failure.errorMessage,
      event,
    };
    fs.mkdirSync(directory, { recursive: true });
    writeJsonFile(file, letter, 2);
    this.options.log?.(
      `Local EventBridge: rule ${rule.name} could not deliver event ${event.id} to ${rule.target?.arn ?? 'its target'} after ${attempts} attempts ` +
        `(${failure.errorCode}: ${failure.errorMessage}); the event is in ${file}`,
    );
  }

  /** A delivery that failed beyond its target (the dead-letter folder could not be written). */
  private reportFailure(rule: BusRule, event: BusEvent, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.options.log?.(`Local EventBridge: rule ${rule.name} lost event ${event.id}: ${message}`);
  }

  /**
   * Resolves once every event put so far has been delivered or dead-lettered, but for those of
   * held rules: they are pending, not under way.
   */
  async idle(): Promise<void> {
    for (;;) {
      const busy = [...this.rules.values()].filter((rule) => !rule.held).flatMap((rule) => [...rule.inFlight]);
      if (busy.length === 0) return;
      await Promise.allSettled(busy);
    }
  }

  /**
   * Stops delivering. Waiting retries and queued deliveries stay pending for the next start;
   * running deliveries finish on their own.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const [timer, resolve] of this.timers) {
      clearTimeout(timer);
      resolve();
    }
    this.timers.clear();
  }

  // ---- The EventBridge API (JSON 1.1, `AWSEvents.<Operation>`) ----

  private entryResult(raw: unknown): { EventId: string } | { ErrorCode: string; ErrorMessage: string } {
    const entry = (raw ?? {}) as Record<string, unknown>;
    const invalid = (name: string, reason: string) => ({
      ErrorCode: 'InvalidArgument',
      ErrorMessage: `Parameter ${name} is not valid. Reason: ${reason}`,
    });
    const busName = entry.EventBusName;
    if (busName !== undefined && busName !== 'default' && busName !== this.busArn) {
      return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${String(busName)} does not exist.` };
    }
    for (const name of ['Source', 'DetailType', 'Detail'] as const) {
      if (entry[name] === undefined || entry[name] === null || entry[name] === '') {
        return invalid(name, `${name} is a required argument.`);
      }
      if (typeof entry[name] !== 'string') return invalid(name, `${name} must be a string.`);
    }
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail as string);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    const resources = entry.Resources;
    if (resources !== undefined && (!Array.isArray(resources) || resources.some((r) => typeof r !== 'string'))) {
      return invalid('Resources', 'Resources must be a list of strings.');
    }
    let time: Date | undefined;
    if (entry.Time !== undefined && entry.Time !== null) {
      // JSON 1.1 timestamps are epoch seconds; accept ISO 8601 too.
      time = typeof entry.Time === 'number' ? new Date(entry.Time * 1000) : new Date(String(entry.Time));
      if (Number.isNaN(time.getTime())) return invalid('Time', 'Time is not a valid timestamp.');
    }
    const event = this.envelope({
      source: entry.Source as string,
      detailType: entry.DetailType as string,
      detail: detail as Record<string, unknown>,
      resources: (resources as string[] | undefined) ?? [],
      time,
    });
    this.dispatch(event);
    return { EventId: event.id };
  }

  private ruleDescription(rule: BusRule): Record<string, unknown> {
    return {
      Name: rule.name,
      Arn: this.ruleArn(rule.name),
      EventPattern: JSON.stringify(rule.pattern),
      State: 'ENABLED',
      Description: rule.description,
      EventBusName: 'default',
    };
  }

  private rule(name: unknown): BusRule {
    const rule = typeof name === 'string' ? this.rules.get(name) : undefined;
    if (!rule) throw new ServiceError('ResourceNotFoundException', `Rule ${String(name)} does not exist on EventBus default.`);
    return rule;
  }

  readonly operations: Record<string, Operation> = {
    PutEvents: async (input) => {
      const entries = input.Entries;
      if (!Array.isArray(entries) || entries.length === 0) {
        throw new ServiceError(
          'ValidationException',
          "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1",
        );
      }
      if (entries.length > MAX_ENTRIES) {
        throw new ServiceError(
          'ValidationException',
          `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ENTRIES}`,
        );
      }
      if (Buffer.byteLength(JSON.stringify(entries)) > MAX_REQUEST_BYTES) {
        throw new ServiceError('ValidationException', 'Total size of the entries in the request is over the limit.');
      }
      const results = entries.map((entry) => this.entryResult(entry));
      return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
    },
    ListRules: async (input) => {
      const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
      return {
        Rules: [...this.rules.values()].filter((r) => r.name.startsWith(prefix)).map((r) => this.ruleDescription(r)),
      };
    },
    DescribeRule: async (input) => this.ruleDescription(this.rule(input.Name)),
    ListRuleNamesByTarget: async (input) => ({
      RuleNames: [...this.rules.values()].filter((rule) => rule.target.arn === input.TargetArn).map((rule) => rule.name),
    }),
    ListTargetsByRule: async (input) => {
      const rule = this.rule(input.Rule);
      return { Targets: [{ Id: rule.target.kind === 'stateMachine' ? 'StateMachine' : 'Function', Arn: rule.target.arn }] };
    },
    TestEventPattern: async (input) => {
      let matches: CompiledPattern;
      let event: unknown;
      try {
        matches = compilePattern(JSON.parse(String(input.EventPattern)) as unknown);
      } catch (error) {
        const message = error instanceof SyntaxError ? 'Event pattern is not valid JSON.' : (error as Error).message;
        throw new ServiceError('InvalidEventPatternException', message);
      }
      try {
        event = JSON.parse(String(input.Event)) as unknown;
      } catch {
        throw new ServiceError('InvalidArgument', 'Parameter Event is not valid.');
      }
      return { Result: matches(event) };
    },
  };
}

/**
 * A webhook target of the local bus, delivered the way an EventBridge API destination delivers:
 * a POST of the whole event envelope (a rule target's default input) as application/json, with the
 * connection's API key header when one is configured, answered within 5 seconds. 401, 407, 409,
 * 429, 5xx, timeouts and network errors are retried with exponential backoff; any other answer but
 * 2xx, or the last failed attempt, writes a dead letter to `<dataDir>/dead-letters/webhook.jsonl`.
 *
 * Each delivery is kept in `<dataDir>/webhook/pending/` until it is settled, so one a stop or a
 * crash leaves undone is delivered at the next start (at least once, as on AWS).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EventPattern } from '../../infra/wiring';
import { jsonFileNames, writeJsonFile } from '../json-files';
import { compilePattern } from './pattern';
import type { CompiledPattern } from './pattern';
import type { BusEvent } from './types';

export interface WebhookRetryPolicy {
  /** Attempts in all, the first one included. */
  attempts: number;
  delayMs: number;
  backoffRate: number;
  maxDelayMs: number;
}

/** 8 attempts over about two minutes (1 + 2 + 4 + … s, at most a minute apart); AWS retries up to 185 times over a day. */
export const DEFAULT_WEBHOOK_RETRY: WebhookRetryPolicy = { attempts: 8, delayMs: 1000, backoffRate: 2, maxDelayMs: 60_000 };

/** An API destination's endpoint must answer within 5 seconds. */
export const WEBHOOK_TIMEOUT_MS = 5000;

const RETRIED_STATUSES = new Set([401, 407, 409, 429]);

export function isRetried(status: number): boolean {
  return RETRIED_STATUSES.has(status) || status >= 500;
}

export interface ApiDestinationOptions {
  url: string;
  /** Which events of the bus go to the webhook. */
  pattern: EventPattern;
  dataDir: string;
  /** The connection's API key: header name and value. */
  apiKey?: { name: string; value: string };
  retry?: WebhookRetryPolicy;
  timeoutMs?: number;
  now?: () => Date;
  log?: (message: string) => void;
}

interface PendingWebhook {
  event: BusEvent;
}

interface AttemptFailure {
  status?: number;
  message: string;
  retried: boolean;
}

export function deadLetterFile(dataDir: string): string {
  return path.join(dataDir, 'dead-letters', 'webhook.jsonl');
}

export class ApiDestination {
  private readonly matches: CompiledPattern;
  private readonly retry: WebhookRetryPolicy;
  private readonly pendingDir: string;
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly now: () => Date;
  private sequence = 0;
  private stopped = false;

  constructor(private readonly options: ApiDestinationOptions) {
    const url = new URL(options.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error(`Local webhook: ${options.url} is not an http(s) URL; set webhookUrl to the endpoint the events are POSTed to`);
    }
    this.matches = compilePattern(options.pattern);
    this.retry = options.retry ?? DEFAULT_WEBHOOK_RETRY;
    this.now = options.now ?? (() => new Date());
    this.pendingDir = path.join(options.dataDir, 'webhook', 'pending');
    fs.mkdirSync(this.pendingDir, { recursive: true });
  }

  /** Takes an event of the bus: one the pattern matches is kept, then delivered. */
  readonly receive = (event: BusEvent): void => {
    if (this.stopped || !this.matches(event)) return;
    this.sequence += 1;
    const file = path.join(this.pendingDir, `${String(Date.now()).padStart(15, '0')}-${String(this.sequence).padStart(9, '0')}-${event.id}.json`);
    try {
      writeJsonFile(file, { event } satisfies PendingWebhook);
    } catch (error) {
      this.options.log?.(`Local webhook: event ${event.id} not kept (${(error as Error).message}); it is delivered, but not across a restart`);
    }
    this.schedule(event, file, 1, 0);
  };

  /** Delivers what an earlier run left pending. Returns how many. */
  resumePending(): number {
    let resumed = 0;
    for (const name of jsonFileNames(this.pendingDir)) {
      const file = path.join(this.pendingDir, name);
      try {
        const { event } = JSON.parse(fs.readFileSync(file, 'utf8')) as PendingWebhook;
        this.schedule(event, file, 1, 0);
        resumed += 1;
      } catch (error) {
        this.options.log?.(`Local webhook: the pending delivery ${file} cannot be read (${(error as Error).message}); it is left in place`);
      }
    }
    return resumed;
  }

  private schedule(event: BusEvent, file: string, attempt: number, delayMs: number): void {
    const work = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.deliver(event, file, attempt)
          .catch((error: unknown) => this.options.log?.(`Local webhook: event ${event.id} lost: ${(error as Error).message}`))
          .finally(resolve);
      }, delayMs);
      this.timers.set(timer, resolve);
    });
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async attempt(event: BusEvent): Promise<AttemptFailure | undefined> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.apiKey) headers[this.options.apiKey.name.toLowerCase()] = this.options.apiKey.value;
    try {
      const response = await fetch(this.options.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
      });
      // The body is not used; reading it lets the connection be reused.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return undefined;
      return { status: response.status, message: `HTTP ${response.status} ${response.statusText}`.trim(), retried: isRetried(response.status) };
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      return { message: `${(error as Error).message}${cause ? ` (${cause})` : ''}`, retried: true };
    }
  }

  private async deliver(event: BusEvent, file: string, attempt: number): Promise<void> {
    if (this.stopped) return;
    const failure = await this.attempt(event);
    if (!failure) {
      fs.rmSync(file, { force: true });
      return;
    }
    // A failure while stopping may be the stop itself: pending, not dead.
    if (this.stopped) return;
    if (!failure.retried || attempt >= this.retry.attempts) {
      this.deadLetter(event, attempt, failure);
      fs.rmSync(file, { force: true });
      return;
    }
    const delay = Math.min(this.retry.maxDelayMs, this.retry.delayMs * this.retry.backoffRate ** (attempt - 1));
    this.schedule(event, file, attempt + 1, delay);
  }

  private deadLetter(event: BusEvent, attempts: number, failure: AttemptFailure): void {
    const file = deadLetterFile(this.options.dataDir);
    const letter = {
      time: this.now().toISOString(),
      url: this.options.url,
      attempts,
      lastError: { ...(failure.status === undefined ? {} : { status: failure.status }), message: failure.message },
      event,
    };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.appendFileSync(file, `${JSON.stringify(letter)}\n`);
    this.options.log?.(
      `Local webhook: event ${event.id} not delivered to ${this.options.url} after ${attempts} attempt${attempts === 1 ? '' : 's'} ` +
        `(${failure.message}); it is in ${file}`,
    );
  }

  /** Resolves once every delivery so far has been made or dead-lettered. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Stops delivering; waiting deliveries stay pending for the next start. */
  stop(): void {
    this.stopped = true;
    for (const [timer, resolve] of this.timers) {
      clearTimeout(timer);
      resolve();
    }
    this.timers.clear();
  }
}

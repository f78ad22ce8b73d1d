/**
 * `vod events put <event.json>`: put an event on the bus, for example to replay a real one, and say
 * which of the pipeline's rules match it: an event none matches is put all the same (EventBridge
 * takes it) and starts nothing, which the command says on stderr with what the rules take.
 *
 * `vod events tail [--since ISO] [--json]`: print the local bus's events as they arrive (from its
 * event log, so from any process), after those since a time when asked; until interrupted.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PIPELINE_TRIGGERS } from '../../infra/wiring';
import { localConfig } from '../../local/config';
import { EventLogReader, eventLogDir } from '../../local/eventbridge/event-log';
import type { BusEvent } from '../../local/eventbridge/types';
import { eventTime } from '../../local/eventbridge/types';
import { functionArns } from '../../local/resources';
import type { GlobalOptions } from '../args';
import { UsageError, exactly, parse } from '../args';
import { printJson, printLine } from '../output';
import type { RuleMatches, TestableEvent } from '../pipeline-rules';
import { matchingRules } from '../pipeline-rules';
import { withTarget } from '../run';
import type { Target } from '../target';
import { fetchLocalInfo } from '../target';

const USAGE = 'vod events put <event.json> [--json]';
const TAIL_USAGE = 'vod events tail [--since ISO] [--json]';
const EVENTS_USAGE = `${USAGE}\n       ${TAIL_USAGE}`;

interface EventEnvelope {
  source: string;
  'detail-type': string;
  detail: unknown;
  resources?: string[];
  time?: string;
  id?: string;
  account?: string;
  region?: string;
}

export interface PutResult {
  eventId?: string;
  executionArn?: string;
  /** The pipeline's rules that match the event; absent when the bus could not tell. */
  matchedRules?: string[];
  /** Set when no rule matched: what the rules take. */
  unmatched?: Pick<RuleMatches, 'patterns' | 'sources'>;
}

function readEvent(file: string): EventEnvelope {
  let event: Partial<EventEnvelope>;
  try {
    event = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<EventEnvelope>;
  } catch (error) {
    throw new UsageError(`${file}: ${error instanceof Error ? error.message : String(error)}\nusage: ${USAGE}`);
  }
  if (typeof event.source !== 'string' || typeof event['detail-type'] !== 'string' || typeof event.detail !== 'object') {
    throw new UsageError(`${file} is not an EventBridge event (it needs source, detail-type and detail)\nusage: ${USAGE}`);
  }
  return event as EventEnvelope;
}

function startsThePipeline(event: EventEnvelope): boolean {
  return Object.values(PIPELINE_TRIGGERS).some((trigger) => trigger.source === event.source && trigger.detailType === event['detail-type']);
}

/** The event with the members TestEventPattern requires, defaulted as the bus would set them. */
function testable(target: Target, event: EventEnvelope): TestableEvent {
  const [, , , region, account] = target.info.stateMachineArn.split(':');
  return {
    id: event.id ?? randomUUID(),
    account: event.account ?? account,
    region: event.region ?? region,
    time: event.time ?? eventTime(new Date()),
    resources: event.resources ?? [],
    source: event.source,
    'detail-type': event['detail-type'],
    detail: event.detail,
  };
}

/**
 * The rules to ask about: the state machine's, and locally the functions' too (their ARNs are the
 * local cloud's; on AWS the stack names its functions, and only events that start the state
 * machine can be replayed there anyway).
 */
function pipelineTargets(target: Target): string[] {
  return target.kind === 'aws' ? [target.info.stateMachineArn] : [target.info.stateMachineArn, ...Object.values(functionArns())];
}

/**
 * Puts the event on the default bus. EventBridge refuses `aws.*` sources from callers, so on AWS an
 * S3 or IVS event starts the state machine directly, with the event as its input, as its rule would
 * (and, like the rule, not when the rule does not match it); other AWS events (a MediaConvert
 * job's, an execution's) cannot be replayed there.
 */
export async function putEvent(target: Target, event: EventEnvelope): Promise<PutResult> {
  const rules = await matchingRules(target, testable(target, event), pipelineTargets(target));
  const matches: Pick<PutResult, 'matchedRules' | 'unmatched'> = rules
    ? { matchedRules: rules.matched, ...(rules.matched.length === 0 ? { unmatched: { patterns: rules.patterns, sources: rules.sources } } : {}) }
    : {};
  if (target.kind === 'aws' && event.source.startsWith('aws.')) {
    if (!startsThePipeline(event)) {
      throw new UsageError(
        `EventBridge takes no ${event.source} events from callers, and on AWS only the S3 and IVS events that start the ` +
          'pipeline can be replayed (the state machine is started with them). For a MediaConvert job event, redrive the ' +
          "asset's execution once it has failed: vod redrive <assetId> --aws",
      );
    }
    if (matches.unmatched) return matches;
    const { executionArn } = await target.clients.sfn.send(
      new StartExecutionCommand({ stateMachineArn: target.info.stateMachineArn, input: JSON.stringify(event) }),
    );
    return { executionArn, ...matches };
  }
  const result = await target.clients.events.send(
    new PutEventsCommand({
      Entries: [
        {
          Source: event.source,
          DetailType: event['detail-type'],
          Detail: JSON.stringify(event.detail),
          Resources: event.resources,
          Time: event.time ? new Date(event.time) : undefined,
        },
      ],
    }),
  );
  const entry = result.Entries?.[0];
  if (!entry?.EventId) throw new Error(`The bus refused the event: ${entry?.ErrorCode ?? 'unknown'} ${entry?.ErrorMessage ?? ''}`);
  return { eventId: entry.EventId, ...matches };
}

/** Why nothing will happen, naming what the rules take. */
export function noMatchWarning(event: EventEnvelope, unmatched: NonNullable<PutResult['unmatched']>, put: boolean): string {
  const what = put ? 'It was put on the bus and starts nothing' : 'Nothing was started';
  const takes =
    unmatched.patterns.length > 0
      ? `The rules for ${event.source} events take: ${unmatched.patterns.map((pattern) => JSON.stringify(pattern)).join('; ')}`
      : unmatched.sources.length > 0
        ? `No rule takes ${event.source} events; the rules take the sources ${unmatched.sources.join(', ')}`
        : 'The bus has no rules of the pipeline; deploy the stack (or start the local cloud) again';
  return `vod: no rule of the pipeline matches this ${event['detail-type']} event. ${what}. ${takes}.`;
}

/**
 * The data directory whose event log to read: that of the local cloud at --endpoint, --data-dir,
 * that of a cloud running on the default port, else the default one (the log is read whether or
 * not a cloud is running; one that starts later appends to it).
 */
export async function tailedDataDir(global: GlobalOptions): Promise<string> {
  if (global.aws) {
    throw new UsageError(
      'vod events tail reads the local bus. On AWS the Asset Status Change events go to the notification topic ' +
        `(notificationTopicArn) and the webhook (webhookUrl) the stack was deployed with.\nusage: ${TAIL_USAGE}`,
    );
  }
  if (global.endpoint) {
    const info = await fetchLocalInfo(global.endpoint);
    if (!info?.dataDir) throw new Error(`No local cloud answers at ${global.endpoint}; start one with vod local up, or give --data-dir`);
    return info.dataDir;
  }
  if (global.dataDir) return path.resolve(global.dataDir);
  const config = localConfig();
  const running = await fetchLocalInfo(`http://${config.host}:${config.port}`);
  return running?.dataDir ?? path.resolve(config.dataDir);
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** One readable line: time, source, detail type, asset id and status (`-` where the event has none). */
export function eventLine(event: BusEvent): string {
  const detail = event.detail ?? {};
  const userMetadata = (detail.userMetadata ?? {}) as Record<string, unknown>;
  const assetId = text(detail.assetId) ?? text(userMetadata.assetId) ?? '-';
  const status = text(detail.status) ?? text(detail.recording_status) ?? '-';
  return [event.time, event.source, event['detail-type'], assetId, status].join('  ');
}

export interface TailOptions {
  since?: Date;
  json: boolean;
  signal: AbortSignal;
  write: (line: string) => void;
  pollMs?: number;
}

/** Prints the log's events (from `since`, else from now) until `signal` aborts. */
export async function tailEvents(dataDir: string, options: TailOptions): Promise<void> {
  const reader = new EventLogReader(eventLogDir(dataDir), options.since);
  while (!options.signal.aborted) {
    for (const event of reader.poll()) options.write(options.json ? JSON.stringify(event) : eventLine(event));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.pollMs ?? 250);
      options.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}

async function tail(rest: string[]): Promise<number> {
  const { global, values, positionals } = parse(rest, { since: { type: 'string' } }, TAIL_USAGE);
  exactly(positionals, 0, TAIL_USAGE);
  const since = values.since as string | undefined;
  if (since !== undefined && Number.isNaN(Date.parse(since))) throw new UsageError(`--since ${since} is not an ISO date\nusage: ${TAIL_USAGE}`);
  const dataDir = await tailedDataDir(global);
  if (!global.json) process.stderr.write(`vod: events of the local bus in ${eventLogDir(dataDir)}; Ctrl-C stops\n`);
  const stop = new AbortController();
  const abort = () => stop.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    await tailEvents(dataDir, { since: since === undefined ? undefined : new Date(since), json: global.json, signal: stop.signal, write: printLine });
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
  return 0;
}

export async function events(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'tail') return tail(rest);
  if (sub !== 'put') throw new UsageError(`usage: ${EVENTS_USAGE}`);
  const { global, positionals } = parse(rest, {}, USAGE);
  const [file] = exactly(positionals, 1, USAGE);
  const event = readEvent(file);
  return withTarget(global, async (target) => {
    const { unmatched, ...result } = await putEvent(target, event);
    if (unmatched) process.stderr.write(`${noMatchWarning(event, unmatched, result.eventId !== undefined)}\n`);
    if (global.json) printJson(result);
    else if (result.executionArn) printLine(`Execution ${result.executionArn} started`);
    else if (result.eventId) {
      const rules = result.matchedRules?.length ? `; rules matching it: ${result.matchedRules.join(', ')}` : '';
      printLine(`Event ${result.eventId} put on the bus${rules}`);
    }
    // EventBridge takes an event no rule matches; so does this command (the warning says it starts nothing).
    return 0;
  });
}

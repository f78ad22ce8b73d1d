/** `vod events put <event.json>`: put an event on the bus, for example to replay a real one. */
import * as fs from 'node:fs';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PIPELINE_TRIGGERS } from '../../infra/wiring';
import { UsageError, exactly, parse } from '../args';
import { printJson, printLine } from '../output';
import { withTarget } from '../run';
import type { Target } from '../target';

const USAGE = 'vod events put <event.json> [--json]';

interface EventEnvelope {
  source: string;
  'detail-type': string;
  detail: unknown;
  resources?: string[];
  time?: string;
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

/**
 * Puts the event on the default bus. EventBridge refuses `aws.*` sources from callers, so on AWS an
 * S3 or IVS event starts the state machine directly, with the event as its input, as its rule would;
 * other AWS events (a MediaConvert job's, an execution's) cannot be replayed there.
 */
export async function putEvent(target: Target, event: EventEnvelope): Promise<{ eventId?: string; executionArn?: string }> {
  if (target.kind === 'aws' && event.source.startsWith('aws.')) {
    if (!startsThePipeline(event)) {
      throw new UsageError(
        `EventBridge takes no ${event.source} events from callers, and on AWS only the S3 and IVS events that start the ` +
          'pipeline can be replayed (the state machine is started with them). For a MediaConvert job event, redrive the ' +
          "asset's execution once it has failed: vod redrive <assetId> --aws",
      );
    }
    const { executionArn } = await target.clients.sfn.send(
      new StartExecutionCommand({ stateMachineArn: target.info.stateMachineArn, input: JSON.stringify(event) }),
    );
    return { executionArn };
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
  return { eventId: entry.EventId };
}

export async function events(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'put') throw new UsageError(`usage: ${USAGE}`);
  const { global, positionals } = parse(rest, {}, USAGE);
  const [file] = exactly(positionals, 1, USAGE);
  const event = readEvent(file);
  return withTarget(global, async (target) => {
    const result = await putEvent(target, event);
    if (global.json) printJson(result);
    else printLine(result.eventId ? `Event ${result.eventId} put on the bus` : `Execution ${result.executionArn} started`);
    return 0;
  });
}

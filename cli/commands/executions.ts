/** `vod executions list [--status S]`, `vod executions show <executionArn|assetId>`. */
import type { ExecutionStatus, HistoryEvent } from '@aws-sdk/client-sfn';
import { GetExecutionHistoryCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { truncate } from '../../functions/shared/truncate';
import { UsageError, exactly, parse } from '../args';
import { getAsset } from '../follow';
import { historyRows } from '../history';
import { printJson, printTable, seconds } from '../output';
import { withReadOnlyTarget } from '../run';
import type { Target } from '../target';

const LIST_USAGE = 'vod executions list [--status RUNNING|SUCCEEDED|FAILED|TIMED_OUT|ABORTED|PENDING_REDRIVE] [--json]';
const SHOW_USAGE = 'vod executions show <executionArn|assetId> [--json]';
const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];

/** An execution ARN as given, or the execution of an asset id. */
export async function executionArnOf(target: Target, ref: string): Promise<string> {
  if (ref.startsWith('arn:')) return ref;
  const asset = await getAsset(target, ref);
  if (!asset?.executionArn) {
    throw new Error(`${ref} is neither an execution ARN nor an asset with an execution; list them with: vod assets list`);
  }
  return asset.executionArn;
}

export async function executionHistory(target: Target, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await target.clients.sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

export async function executions(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    const { global, values } = parse(rest, { status: { type: 'string' } }, LIST_USAGE);
    const status = values.status as string | undefined;
    if (status && !STATUSES.includes(status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}\nusage: ${LIST_USAGE}`);
    return withReadOnlyTarget(global, async (target) => {
      const found = [];
      let nextToken: string | undefined;
      do {
        const page = await target.clients.sfn.send(
          new ListExecutionsCommand({
            stateMachineArn: target.info.stateMachineArn,
            statusFilter: status as ExecutionStatus | undefined,
            nextToken,
          }),
        );
        found.push(...(page.executions ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
      if (global.json) printJson(found);
      else
        printTable(
          found.map((e) => ({
            name: e.name,
            status: e.status,
            started: e.startDate?.toISOString(),
            duration: e.stopDate && e.startDate ? seconds(e.stopDate.getTime() - e.startDate.getTime()) : '',
            redrives: e.redriveCount ?? 0,
            arn: e.executionArn,
          })),
          ['name', 'status', 'started', 'duration', 'redrives', 'arn'],
        );
      return 0;
    });
  }
  if (sub === 'show') {
    const { global, positionals } = parse(rest, {}, SHOW_USAGE);
    const [ref] = exactly(positionals, 1, SHOW_USAGE);
    return withReadOnlyTarget(global, async (target) => {
      const executionArn = await executionArnOf(target, ref);
      const rows = historyRows(await executionHistory(target, executionArn));
      if (global.json) {
        printJson({ executionArn, states: rows });
        return 0;
      }
      process.stdout.write(`${executionArn}\n`);
      printTable(
        rows.map((row) => ({
          state: row.state,
          type: row.type,
          status: row.status,
          duration: seconds(row.durationMs),
          error: row.error,
          cause: row.cause === undefined ? '' : truncate(row.cause, 100),
        })),
        ['state', 'type', 'status', 'duration', 'error', 'cause'],
      );
      return 0;
    });
  }
  throw new UsageError(`usage: ${LIST_USAGE}\n       ${SHOW_USAGE}`);
}

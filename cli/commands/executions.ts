/** `vod executions list [--status S]`, `vod executions show <executionArn|assetId>`. */
import type { ExecutionListItem, ExecutionStatus, HistoryEvent } from '@aws-sdk/client-sfn';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { normaliseSourceEvent } from '../../functions/shared/source-event';
import { UsageError, exactly, parse } from '../args';
import { getAsset } from '../get-asset';
import { historyRows } from '../history';
import { printJson, printLine, printTable, seconds } from '../output';
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

/**
 * The asset of each execution: from the asset table (each record names its execution), else from the
 * execution's input (an execution whose asset was never registered, such as a rejected event).
 */
export async function assetIdsOf(target: Target, found: ExecutionListItem[]): Promise<Map<string, string>> {
  const byExecution = new Map<string, string>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await target.clients.documents.send(
      new ScanCommand({ TableName: target.info.table, ProjectionExpression: 'assetId, executionArn', ExclusiveStartKey: startKey }),
    );
    for (const item of page.Items ?? []) if (typeof item.executionArn === 'string') byExecution.set(item.executionArn, String(item.assetId));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  for (const execution of found) {
    const arn = execution.executionArn;
    if (!arn || byExecution.has(arn)) continue;
    try {
      const { input } = await target.clients.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
      byExecution.set(arn, normaliseSourceEvent(JSON.parse(input ?? '{}')).assetId);
    } catch {
      // An input that names no asset: the column stays empty.
    }
  }
  return byExecution;
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
      const assets = await assetIdsOf(target, found);
      if (global.json) printJson(found.map((e) => ({ ...e, assetId: e.executionArn ? assets.get(e.executionArn) : undefined })));
      else
        printTable(
          found.map((e) => ({
            asset: e.executionArn ? assets.get(e.executionArn) : undefined,
            status: e.status,
            started: e.startDate?.toISOString(),
            duration: e.stopDate && e.startDate ? seconds(e.stopDate.getTime() - e.startDate.getTime()) : '',
            redrives: e.redriveCount ?? 0,
            arn: e.executionArn,
          })),
          ['asset', 'status', 'started', 'duration', 'redrives', 'arn'],
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
        rows.map((row) => ({ state: row.state, type: row.type, status: row.status, duration: seconds(row.durationMs), error: row.error })),
        ['state', 'type', 'status', 'duration', 'error'],
      );
      // Causes are what tell what to fix: whole, below the table, rather than cut to fit a column.
      for (const row of rows.filter((r) => r.cause !== undefined)) printLine(`\n${row.state} (${row.status}): ${row.error}\n  ${row.cause}`);
      if (rows.at(-1)?.status === 'FAILED') printLine(`\nOnce the cause is fixed, resume it at the state that failed: vod redrive ${ref} --wait`);
      return 0;
    });
  }
  throw new UsageError(`usage: ${LIST_USAGE}\n       ${SHOW_USAGE}`);
}

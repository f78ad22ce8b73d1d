/** Runs a command's body against its target, and always releases the target (an embedded local cloud stops). */
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import type { GlobalOptions } from './args';
import { exitCodeOf, followAsset } from './follow';
import { Progress, printJson, printLine } from './output';
import type { Target, TargetOptions } from './target';
import { resolveTarget } from './target';
import { describeAsset } from './describe-asset';

/**
 * An embedded local cloud stops when the command ends: what the command started (events,
 * executions, jobs) finishes first. Other targets keep running on their own.
 */
async function settle(target: Target): Promise<void> {
  const cloud = target.cloud;
  if (!cloud) return;
  for (;;) {
    await cloud.idle();
    const { executions = [] } = await target.clients.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: target.info.stateMachineArn, statusFilter: 'RUNNING', maxResults: 1 }),
    );
    if (executions.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export async function withTarget(global: GlobalOptions, body: (target: Target) => Promise<number>, options: TargetOptions = {}): Promise<number> {
  const target = await resolveTarget(global, options);
  try {
    // What an embedded cloud does as it starts (events an earlier run left undelivered, the
    // executions a crash left running resumed) is recorded before the command looks.
    await target.cloud?.idle();
    const code = await body(target);
    if (!options.readOnly) await settle(target);
    return code;
  } finally {
    await target.close();
  }
}

/** For commands that only read: an embedded local cloud runs no jobs meanwhile. */
export function withReadOnlyTarget(global: GlobalOptions, body: (target: Target) => Promise<number>): Promise<number> {
  return withTarget(global, body, { readOnly: true });
}

/**
 * Follows an asset to its final status (progress on stderr), prints its record and returns the
 * exit code: 0 COMPLETE, 1 FAILED or REJECTED.
 */
export async function followAndReport(target: Target, assetId: string, global: GlobalOptions, after?: Date): Promise<number> {
  const asset = await followAsset(target, assetId, { progress: new Progress(!global.json), after });
  if (global.json) printJson(asset);
  else printLine(describeAsset(asset));
  return exitCodeOf(asset);
}

/** Runs a command's body against its target, and always releases the target (an embedded local cloud stops). */
import type * as SfnModule from '@aws-sdk/client-sfn';
import type { GlobalOptions } from './args';
import type { Target, TargetOptions } from './target';
import { resolveTarget } from './target';

/**
 * An embedded local cloud stops when the command ends: what the command started (events,
 * executions, jobs) finishes first. Other targets keep running on their own.
 */
async function settle(target: Target): Promise<void> {
  const cloud = target.cloud;
  if (!cloud) return;
  // Only an embedded cloud needs Step Functions here: a command against a running one does not load it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const { ListExecutionsCommand } = require('@aws-sdk/client-sfn') as typeof SfnModule;
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

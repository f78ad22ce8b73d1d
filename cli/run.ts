/** Runs a command's body against its target, and always releases the target (an embedded local cloud stops). */
import type { GlobalOptions } from './args';
import type { Target, TargetOptions } from './target';
import { resolveTarget } from './target';

export async function withTarget(
  global: GlobalOptions,
  body: (target: Target) => Promise<number>,
  options: TargetOptions = {},
): Promise<number> {
  const target = await resolveTarget(global, options);
  try {
    return await body(target);
  } finally {
    await target.close();
  }
}

/**
 * An embedded local cloud stops when the command ends: let what the command started finish first
 * (events delivered, executions ended). Other targets keep running on their own.
 */
export async function settle(target: Target): Promise<void> {
  const cloud = target.cloud;
  if (!cloud) return;
  const { ListExecutionsCommand } = await import('@aws-sdk/client-sfn');
  for (;;) {
    await cloud.idle();
    const { executions = [] } = await target.clients.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: target.info.stateMachineArn, statusFilter: 'RUNNING', maxResults: 1 }),
    );
    if (executions.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** For commands that only read: an embedded local cloud runs no jobs meanwhile. */
export function withReadOnlyTarget(global: GlobalOptions, body: (target: Target) => Promise<number>): Promise<number> {
  return withTarget(global, body, { readOnly: true });
}

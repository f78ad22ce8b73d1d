/** `vod redrive <executionArn|assetId> [--wait]`: resume a failed execution at the state that failed. */
import { DescribeExecutionCommand, RedriveExecutionCommand } from '@aws-sdk/client-sfn';
import { normaliseSourceEvent } from '../../functions/shared/source-event';
import { exactly, parse } from '../args';
import { printJson } from '../output';
import { followAndReport } from '../follow-and-report';
import { withTarget } from '../run';
import type { Target } from '../target';
import { executionArnOf } from './executions';

const USAGE = 'vod redrive <executionArn|assetId> [--wait] [--json]';

export interface Redriven {
  executionArn: string;
  assetId: string;
  /** When the redrive started, as Step Functions reports it. */
  redriveDate: Date;
  /** Before the call: a record updated after this is the redriven run's. */
  redrivenAt: Date;
}

/** Redrives the execution of an asset id or ARN (the console's Redrive button calls this too). */
export async function redriveExecution(target: Target, ref: string): Promise<Redriven> {
  const executionArn = await executionArnOf(target, ref);
  const { input } = await target.clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
  const assetId = normaliseSourceEvent(JSON.parse(input ?? '{}')).assetId;
  const redrivenAt = new Date();
  const { redriveDate } = await target.clients.sfn.send(new RedriveExecutionCommand({ executionArn }));
  return { executionArn, assetId, redriveDate: redriveDate ?? redrivenAt, redrivenAt };
}

export async function redrive(args: string[]): Promise<number> {
  const { global, values, positionals } = parse(args, { wait: { type: 'boolean' } }, USAGE);
  const [ref] = exactly(positionals, 1, USAGE);
  return withTarget(global, async (target) => {
    const { executionArn, assetId, redriveDate, redrivenAt } = await redriveExecution(target, ref);
    process.stderr.write(`Redriven ${executionArn} (asset ${assetId}) at ${redriveDate.toISOString()}\n`);
    if (!values.wait) {
      if (global.json) printJson({ executionArn, assetId, redriveDate });
      return 0;
    }
    return followAndReport(target, assetId, global, redrivenAt);
  });
}

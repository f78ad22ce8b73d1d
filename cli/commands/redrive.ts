/** `vod redrive <executionArn|assetId> [--wait]`: resume a failed execution at the state that failed. */
import { RedriveExecutionCommand } from '@aws-sdk/client-sfn';
import { normaliseSourceEvent } from '../../functions/shared/source-event';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { exactly, parse } from '../args';
import { printJson } from '../output';
import { followAndReport, withTarget } from '../run';
import { executionArnOf } from './executions';

const USAGE = 'vod redrive <executionArn|assetId> [--wait] [--json]';

export async function redrive(args: string[]): Promise<number> {
  const { global, values, positionals } = parse(args, { wait: { type: 'boolean' } }, USAGE);
  const [ref] = exactly(positionals, 1, USAGE);
  return withTarget(global, async (target) => {
    const executionArn = await executionArnOf(target, ref);
    const { input } = await target.clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
    const assetId = normaliseSourceEvent(JSON.parse(input ?? '{}')).assetId;
    const redrivenAt = new Date();
    const { redriveDate } = await target.clients.sfn.send(new RedriveExecutionCommand({ executionArn }));
    process.stderr.write(`Redriven ${executionArn} (asset ${assetId}) at ${(redriveDate ?? redrivenAt).toISOString()}\n`);
    if (!values.wait) {
      if (global.json) printJson({ executionArn, assetId, redriveDate: redriveDate ?? redrivenAt });
      return 0;
    }
    return followAndReport(target, assetId, global, redrivenAt);
  });
}

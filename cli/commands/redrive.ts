/** `vod redrive <executionArn|assetId> [--wait]`: resume a failed execution at the state that failed. */
import { RedriveExecutionCommand } from '@aws-sdk/client-sfn';
import { normaliseSourceEvent } from '../../functions/shared/source-event';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { exactly, parse } from '../args';
import { exitCodeOf, followAsset } from '../follow';
import { Progress, printJson, printLine } from '../output';
import { withTarget } from '../run';
import { describeAsset } from './assets';
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
    // An embedded local cloud stops with this command: the redriven execution must finish first.
    if (!values.wait && target.kind !== 'embedded') {
      if (global.json) printJson({ executionArn, assetId, redriveDate: redriveDate ?? redrivenAt });
      return 0;
    }
    const asset = await followAsset(target, assetId, { progress: new Progress(!global.json), after: redrivenAt });
    if (global.json) printJson(asset);
    else printLine(describeAsset(asset));
    return exitCodeOf(asset);
  });
}

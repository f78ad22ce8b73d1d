/** The end of a command that starts an asset: follow it, print its record, exit by its status. */
import type { GlobalOptions } from './args';
import { describeAsset } from './describe-asset';
import { exitCodeOf, followAsset } from './follow';
import { Progress, printJson, printLine } from './output';
import type { Target } from './target';

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

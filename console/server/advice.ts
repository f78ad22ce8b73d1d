/** What an operator can do about an asset that failed or was rejected, shown beside its error. */
import type { AssetRecord } from '../../functions/shared/asset';

export function adviceFor(asset: Pick<AssetRecord, 'status' | 'error' | 'assetId'>): string | undefined {
  if (asset.status === 'FAILED') {
    const state = asset.error?.state;
    return (
      `Fix what the cause names (a missing or unreadable input, a permission, a service limit), then press Redrive: ` +
      `the execution resumes at ${state ? `the state that failed, ${state}` : 'the state that failed'}, and the same record completes. ` +
      `From a terminal: vod redrive ${asset.assetId} --wait`
    );
  }
  if (asset.status === 'REJECTED') {
    return 'The input itself cannot go through this pipeline (see the cause): redriving would fail the same way. Upload a corrected file instead.';
  }
  return undefined;
}

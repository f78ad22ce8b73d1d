/**
 * The status changes the execution's events announce, read from the record after this invocation
 * wrote its part: the final status when the execution ends (COMPLETE and REJECTED are written by
 * the run itself, FAILED here), and a redrive starting. Only the execution that owns the record
 * announces, and only the change the event is about: a late event of an earlier run announces
 * nothing new (a change announced before is not put again).
 */
import { getAsset } from '../shared/asset-table';
import { logger } from '../shared/logger';
import { publishStatusChange } from '../shared/notify';

/** The execution succeeded: its asset is COMPLETE, or REJECTED (the Rejected state succeeds). */
export async function announceFinal(assetId: string, executionArn: string, redriveCount: number): Promise<void> {
  const asset = await getAsset(assetId);
  if (!asset || asset.executionArn !== executionArn) {
    logger.info('Nothing announced: the asset is missing or belongs to another execution (a duplicate event)');
    return;
  }
  if (asset.status !== 'COMPLETE' && asset.status !== 'REJECTED') {
    logger.warn('The execution succeeded, but the asset is not COMPLETE or REJECTED; nothing announced', { assetStatus: asset.status });
    return;
  }
  await publishStatusChange(asset, { kind: 'status', status: asset.status, redriveCount });
}

/** The execution failed and the record says so, for this run. */
export async function announceFailure(assetId: string, executionArn: string, redriveCount: number): Promise<void> {
  const asset = await getAsset(assetId);
  if (!asset || asset.executionArn !== executionArn || asset.status !== 'FAILED' || (asset.redriveCount ?? 0) !== redriveCount) {
    logger.info('No failure announced: the record does not show this run failed', {
      assetStatus: asset?.status,
      assetRedriveCount: asset?.redriveCount,
    });
    return;
  }
  await publishStatusChange(asset, { kind: 'status', status: 'FAILED', redriveCount });
}

/** Redrive `redriveCount` started and the record counts it. */
export async function announceRedrive(assetId: string, executionArn: string, redriveCount: number): Promise<void> {
  const asset = await getAsset(assetId);
  if (!asset || asset.executionArn !== executionArn || (asset.redriveCount ?? 0) < redriveCount) {
    logger.info('No redrive announced: the record does not count this redrive', { assetRedriveCount: asset?.redriveCount });
    return;
  }
  await publishStatusChange(asset, { kind: 'redrive', redriveCount });
}

/**
 * Register: the first state. Normalises the triggering event, derives the asset id and registers the
 * asset with a conditional put, so a repeated event ends its execution without starting a job.
 */
import type { AssetRef } from '../shared/asset';
import { registerAsset } from '../shared/asset-table';
import { isIvsSource } from '../shared/asset';
import { loadConfig } from '../shared/config';
import { AwaitsManifest, DuplicateEvent } from '../shared/errors';
import { pipelineHandler } from '../shared/handler';
import { logger } from '../shared/logger';
import { awaitsManifest } from '../shared/manifest-key';
import { normaliseSourceEvent } from '../shared/source-event';

export interface RegisterEvent {
  /** The execution input: the EventBridge event the rule delivered. */
  event: unknown;
  executionArn: string;
  state: string;
}

export const handler = pipelineHandler(async (input: RegisterEvent): Promise<AssetRef> => {
  if (typeof input?.executionArn !== 'string' || input.executionArn === '') {
    throw new TypeError("Register: the payload has no executionArn; check the Register state's Parameters");
  }
  const asset = normaliseSourceEvent(input.event);
  logger.appendKeys({ assetId: asset.assetId });
  const { sourcesPrefix } = loadConfig();
  if (!isIvsSource(asset.source) && awaitsManifest(asset.source.key, sourcesPrefix)) {
    logger.info('The video waits for a job manifest to name it; no asset', { source: asset.source, sourcesPrefix });
    throw new AwaitsManifest(
      `s3://${asset.source.bucket}/${asset.source.key} is under ${sourcesPrefix}, where videos wait for a job manifest (.vod.json) to name them; ` +
        'it starts no asset on its own. Upload a manifest whose source is this key to process it.',
    );
  }

  const registered = await registerAsset({ ...asset, executionArn: input.executionArn });
  if (!registered) {
    throw new DuplicateEvent(`Asset ${asset.assetId} is already registered by another execution; this event is a duplicate and starts no job`);
  }
  logger.info('Asset registered', { origin: asset.origin, source: asset.source });
  return asset;
});

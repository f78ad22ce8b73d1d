/**
 * Probe: reads the input with MediaInfo through ranged reads (an upload, or the first segment of an
 * IVS recording's highest rendition), records the compact probe on the asset and returns it with
 * the source as resolved (the stored key of an upload, the master playlist of a recording).
 */
import type { AssetRef, IvsSource, Probe, UploadSource } from '../shared/asset';
import type { Fields } from '../shared/asset-ref-check';
import { assetRefProblems, isObject } from '../shared/asset-ref-check';
import { markProbing, recordProbe } from '../shared/asset-table';
import { pipelineHandler } from '../shared/handler';
import { logger } from '../shared/logger';
import type { ProbeContext } from './probe-context';
import { probeRecording } from './probe-recording';
import { probeUpload } from './probe-upload';

export interface ProbeEvent extends AssetRef {
  /** `$$.State.Name`, for error messages and the rejection record. */
  state?: string;
}

export interface ProbeResult extends AssetRef {
  probe: Probe;
}

function checkEvent(event: ProbeEvent): void {
  const found = isObject(event) ? assetRefProblems(event as unknown as Fields) : ['the payload is not an object'];
  if (found.length > 0) {
    throw new TypeError(`Probe: ${found.join('; ')} (got ${JSON.stringify(event)}); check the Probe state's Parameters`);
  }
}

export const handler = pipelineHandler(async (event: ProbeEvent): Promise<ProbeResult> => {
  checkEvent(event);
  const { assetId, origin } = event;
  const context: ProbeContext = { assetId, state: event.state ?? 'Probe' };

  if (!(await markProbing(assetId))) {
    logger.warn('The asset is missing or already final; probing anyway, later writes will not change it');
  }
  const outcome =
    origin === 'ivs' ? await probeRecording(context, event.source as IvsSource) : await probeUpload(context, event.source as UploadSource);
  await recordProbe(assetId, outcome.probe);

  const rendition = 'rendition' in outcome ? { rendition: outcome.rendition } : {};
  logger.info('Probed', { source: outcome.source, ...rendition, probe: outcome.probe, reads: outcome.stats });
  return { assetId, origin, source: outcome.source, probe: outcome.probe };
});

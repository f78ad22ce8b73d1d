/**
 * Probe: reads the input with MediaInfo through ranged reads (an upload, or the first segment of an
 * IVS recording's highest rendition), records the compact probe on the asset and returns it with
 * the source as resolved (the stored key of an upload, the master playlist of a recording).
 * A job manifest (`.vod.json`) is read and validated first; the video it names is what is probed,
 * and the manifest's settings travel on with the asset.
 */
import type { AssetRef, IvsSource, Probe, UploadSource } from '../shared/asset';
import type { Fields } from '../shared/asset-ref-check';
import { assetRefProblems, isObject } from '../shared/asset-ref-check';
import { markProbing, recordManifest, recordProbe } from '../shared/asset-table';
import { InputRejected } from '../shared/errors';
import type { ManifestSettings } from '../shared/job-manifest';
import { clipProblems } from '../shared/manifest-clip';
import { isManifestKey } from '../shared/manifest-key';
import { pipelineHandler } from '../shared/handler';
import { logger } from '../shared/logger';
import type { ProbeContext } from './probe-context';
import { probeRecording } from './probe-recording';
import { probeUpload } from './probe-upload';
import type { ManifestRead } from './read-manifest';
import { readManifest } from './read-manifest';

export interface ProbeEvent extends AssetRef {
  /** `$$.State.Name`, for error messages and the rejection record. */
  state?: string;
}

export interface ProbeResult extends AssetRef {
  probe: Probe;
  /** What the asset's job manifest asks of its jobs; `{}` without a manifest. */
  settings: ManifestSettings;
}

function manifestSettings(read: ManifestRead | undefined): ManifestSettings {
  if (!read) return {};
  const { source: _source, metadata: _metadata, ...settings } = read.manifest.settings; // the state machine carries neither
  return settings;
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
  const upload = event.source as UploadSource;
  const manifest = origin === 'upload' && isManifestKey(upload.key) ? await readManifest(context, upload) : undefined;
  if (manifest) await recordManifest(assetId, manifest.video, manifest.manifest);
  const outcome = origin === 'ivs' ? await probeRecording(context, event.source as IvsSource) : await probeUpload(context, manifest?.video ?? upload);
  await recordProbe(assetId, outcome.probe);
  const clip = clipProblems(manifest?.manifest.settings.clip, outcome.probe);
  if (manifest && clip.length > 0) {
    throw new InputRejected(
      `Asset ${assetId} (state ${context.state}): the job manifest s3://${manifest.manifest.bucket}/${manifest.manifest.key} does not fit its video: ` +
        `${clip.join('; ')}. No job was created; fix the manifest and upload it again.`,
    );
  }

  const rendition = 'rendition' in outcome ? { rendition: outcome.rendition } : {};
  logger.info('Probed', { source: outcome.source, ...rendition, probe: outcome.probe, reads: outcome.stats });
  return { assetId, origin, source: outcome.source, probe: outcome.probe, settings: manifestSettings(manifest) };
});

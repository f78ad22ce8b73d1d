/**
 * What a user needs to use a local cloud: its endpoint, buckets, the stitch branch's asset objects,
 * the asset table and the state machine. Served at GET /_vod/info and printed by `vod local info`.
 */
import type { PipelineSettings, ResourceNames } from '../infra/wiring';
import { LOCAL_DEFAULTS } from './config';
import type { AssetName, AssetState } from './default-assets';

export interface PipelineInfo {
  endpoint?: string;
  /** A local cloud's data directory (where `vod` finds its key pair). */
  dataDir?: string;
  region: string;
  buckets: { ingest: string; recordings: string; outputs: string; assets: string };
  /** s3:// URIs of the objects the stitch branch reads; replacing them changes what gets stitched. */
  assets: { preroll: string; postroll: string; overlay: string };
  /**
   * A local cloud's view of those objects: a generated default (installed at its first start), the
   * user's own upload, or missing (a stitch fails until one is uploaded).
   */
  assetStates?: Record<AssetName, AssetState>;
  table: string;
  taskTokenTable: string;
  stateMachineArn: string;
  loudnessPrefix: string;
  /** Videos under this prefix start nothing until a job manifest names them (`vod ingest --manifest` uploads there). */
  sourcesPrefix?: string;
  /** The deployed stack's playback distribution; a local cloud serves playback at `<endpoint>/_vod/play`. */
  playback?: { baseUrl: string; keyPairId?: string };
}

export function pipelineInfo(
  names: ResourceNames,
  settings: Pick<PipelineSettings, 'prerollKey' | 'postrollKey' | 'overlayKey' | 'loudnessPrefix'> & Partial<Pick<PipelineSettings, 'sourcesPrefix'>>,
  endpoint?: string,
  region: string = LOCAL_DEFAULTS.region,
  assetStates?: Record<AssetName, AssetState>,
): PipelineInfo {
  const asset = (key: string) => `s3://${names.assetsBucket}/${key}`;
  return {
    ...(endpoint ? { endpoint } : {}),
    region,
    buckets: {
      ingest: names.ingestBucket,
      recordings: names.recordingBucket,
      outputs: names.outputBucket,
      assets: names.assetsBucket,
    },
    assets: { preroll: asset(settings.prerollKey), postroll: asset(settings.postrollKey), overlay: asset(settings.overlayKey) },
    ...(assetStates ? { assetStates } : {}),
    table: names.assetTable,
    taskTokenTable: names.taskTokenTable,
    stateMachineArn: names.stateMachineArn,
    loudnessPrefix: settings.loudnessPrefix,
    ...(settings.sourcesPrefix !== undefined ? { sourcesPrefix: settings.sourcesPrefix } : {}),
  };
}

const SAMPLE_FILE: Record<AssetName, string> = { preroll: 'preroll.mp4', postroll: 'postroll.mp4', overlay: 'overlay.png' };

/**
 * How `vod local info` shows an asset object: its URI, and what the local cloud knows of it:
 * `(generated default)`, or `missing: upload one with aws s3 cp ...`.
 */
export function assetLine(info: Pick<PipelineInfo, 'assets' | 'assetStates' | 'endpoint'>, name: AssetName): string {
  const uri = info.assets[name];
  const state = info.assetStates?.[name];
  if (state === 'generated default') return `${uri}   (generated default; upload your own to replace it)`;
  if (state === 'missing') {
    const endpoint = info.endpoint ? ` --endpoint-url ${info.endpoint}` : '';
    return `${uri}   missing: upload one with aws${endpoint} s3 cp ${SAMPLE_FILE[name]} ${uri}`;
  }
  return uri;
}

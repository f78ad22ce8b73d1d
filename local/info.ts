/**
 * What a user needs to use a local cloud: its endpoint, buckets, the stitch branch's asset objects,
 * the asset table and the state machine. Served at GET /_vod/info and printed by `vod local info`.
 */
import type { PipelineSettings, ResourceNames } from '../infra/wiring';
import { LOCAL_DEFAULTS } from './config';

export interface PipelineInfo {
  endpoint?: string;
  /** A local cloud's data directory (where `vod` finds its key pair). */
  dataDir?: string;
  region: string;
  buckets: { ingest: string; recordings: string; outputs: string; assets: string };
  /** s3:// URIs of the objects the stitch branch reads; replacing them changes what gets stitched. */
  assets: { preroll: string; postroll: string; overlay: string };
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
    table: names.assetTable,
    taskTokenTable: names.taskTokenTable,
    stateMachineArn: names.stateMachineArn,
    loudnessPrefix: settings.loudnessPrefix,
    ...(settings.sourcesPrefix !== undefined ? { sourcesPrefix: settings.sourcesPrefix } : {}),
  };
}

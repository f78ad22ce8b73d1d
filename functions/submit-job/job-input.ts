/** What the settings builders work from: the asset as the state machine carries it, and the configuration they read. */
import type { AssetSource, Probe } from '../shared/asset';
import type { Config } from '../shared/config';
import type { ManifestSettings } from '../shared/job-manifest';

export interface JobInput {
  assetId: string;
  /** The state that submits the job, for error records. */
  state: string;
  source: AssetSource;
  probe: Probe;
  /** Stitch jobs: the pre-roll's duration, read by the handler from its MP4 index (it places the poster). */
  prerollMs?: number;
  /** What the asset's job manifest asks for (`{}` or unset without one). */
  settings?: ManifestSettings;
}

export type BuilderConfig = Pick<
  Config,
  'outputBucket' | 'assetsBucket' | 'prerollKey' | 'postrollKey' | 'overlayKey' | 'loudnessClipSeconds' | 'packaging' | 'thumbnailIntervalSeconds'
>;

/** The settings of a branch's job, from its template. */
import type { JobSettings } from '@aws-sdk/client-mediaconvert';
import type { Branch } from '../shared/asset';
import { buildDashSettings } from './dash-settings';
import type { BuilderConfig, JobInput } from './job-input';
import { buildLoudnessSettings } from './loudness-settings';
import { applyManifestSettings, manifestConfig } from './manifest-settings';
import { buildStitchSettings } from './stitch-settings';

function branchSettings(branch: Branch, job: JobInput, config: BuilderConfig): JobSettings {
  switch (branch) {
    case 'dash':
      return buildDashSettings(job, config);
    case 'stitch':
      return buildStitchSettings(job, config);
    case 'loudness':
      return buildLoudnessSettings(job, config);
  }
}

/** The branch's settings, with what the asset's job manifest asks for. */
export function buildJobSettings(branch: Branch, job: JobInput, config: BuilderConfig): JobSettings {
  const settings = branchSettings(branch, job, branch === 'stitch' ? config : manifestConfig(config, job.settings));
  applyManifestSettings(settings, branch, job);
  return settings;
}

/** The settings of a branch's job, from its template. */
import type { JobSettings } from '@aws-sdk/client-mediaconvert';
import type { Branch } from '../shared/asset';
import { buildDashSettings } from './dash-settings';
import type { BuilderConfig, JobInput } from './job-input';
import { buildLoudnessSettings } from './loudness-settings';
import { buildStitchSettings } from './stitch-settings';

export function buildJobSettings(branch: Branch, job: JobInput, config: BuilderConfig): JobSettings {
  switch (branch) {
    case 'dash':
      return buildDashSettings(job, config);
    case 'stitch':
      return buildStitchSettings(job, config);
    case 'loudness':
      return buildLoudnessSettings(job, config);
  }
}

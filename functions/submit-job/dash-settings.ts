/**
 * dash branch: one upload to DASH Automated ABR plus an SD proxy.
 */
import type { JobSettings } from '@aws-sdk/client-mediaconvert';
import { isIvsSource } from '../shared/asset';
import { InputRejected } from '../shared/errors';
import type { BuilderConfig, JobInput } from './job-input';
import { s3Uri } from '../shared/s3-uri';
import { malformedTemplate, templateSettings } from './templates';
import { removeAudio, setTranscodeDestinations } from './transcode-outputs';

export function buildDashSettings(job: JobInput, config: Pick<BuilderConfig, 'outputBucket'>): JobSettings {
  const { assetId, state, source, probe } = job;
  if (isIvsSource(source)) {
    throw new TypeError(`Asset ${assetId} (${state}): the dash branch takes uploads, not IVS recordings; check the ChooseBranch state`);
  }
  const input = s3Uri(source.bucket, source.key);
  if (!probe.video) {
    throw new InputRejected(
      `Asset ${assetId} (${state}): ${input} has no video track, so there is nothing to package for DASH. ` +
        'Upload audio-only files under the loudness prefix to get a loudness analysis instead.',
    );
  }

  const settings = templateSettings('dash');
  const inputs = settings.Inputs ?? [];
  if (inputs.length !== 1) throw malformedTemplate('dash', job, `it has ${inputs.length} inputs where the upload needs exactly one`);
  inputs[0].FileInput = input;
  setTranscodeDestinations(settings, 'dash', job, config.outputBucket);
  if (probe.audioCount === 0) removeAudio(settings);
  return settings;
}

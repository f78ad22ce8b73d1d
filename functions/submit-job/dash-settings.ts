/**
 * dash branch: one upload to an Automated ABR ladder (CMAF, or DASH ISO), an SD proxy, thumbnails
 * and a poster a tenth into the upload.
 */
import type { JobSettings } from '@aws-sdk/client-mediaconvert';
import { isIvsSource } from '../shared/asset';
import { InputRejected } from '../shared/errors';
import type { BuilderConfig, JobInput } from './job-input';
import { programmeSeconds } from '../shared/manifest-clip';
import { s3Uri } from '../shared/s3-uri';
import { malformedTemplate, templateSettings } from './templates';
import type { TranscodeConfig } from './transcode-outputs';
import { POSTER_SHARE, removeAudio, setTranscodeOutputs } from './transcode-outputs';

export function buildDashSettings(job: JobInput, config: Pick<BuilderConfig, keyof TranscodeConfig>): JobSettings {
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
  // The poster falls a tenth into what is transcoded: the manifest's clip, else the whole upload.
  setTranscodeOutputs(settings, 'dash', job, config, programmeSeconds(job.settings?.clip, probe) * POSTER_SHARE);
  if (probe.audioCount === 0) removeAudio(settings);
  return settings;
}

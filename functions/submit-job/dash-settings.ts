/**
 * dash branch: one upload to DASH Automated ABR plus an SD proxy.
 */
import type { JobSettings } from '@aws-sdk/client-mediaconvert';
import { isIvsSource } from '../shared/asset';
import { InputRejected } from '../shared/errors';
import type { BuilderConfig, JobInput } from './job-input';
import { transcodeLayout } from '../shared/output-layout';
import { s3Uri } from '../shared/s3-uri';
import { templateSettings } from './templates';
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
  const [first] = settings.Inputs ?? [];
  if (!first || settings.Inputs!.length !== 1) throw new Error('Job template dash: expected exactly one input; check job-templates/dash-abr.json');
  first.FileInput = input;
  setTranscodeDestinations(settings, transcodeLayout(config.outputBucket, assetId));
  if (probe.audioCount === 0) removeAudio(settings);
  return settings;
}

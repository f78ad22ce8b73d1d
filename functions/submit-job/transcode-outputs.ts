/**
 * The outputs shared by the dash and stitch templates: a DASH Automated ABR group and an SD proxy
 * file group.
 */
import type { JobSettings, OutputGroupSettings } from '@aws-sdk/client-mediaconvert';
import { transcodeLayout } from '../shared/output-layout';
import type { JobInput } from './job-input';
import { malformedTemplate } from './templates';

type TranscodeBranch = 'dash' | 'stitch';

function groupSettings(settings: JobSettings, type: 'DASH_ISO_GROUP_SETTINGS' | 'FILE_GROUP_SETTINGS', branch: TranscodeBranch, job: JobInput): OutputGroupSettings {
  const found = settings.OutputGroups?.find((g) => g.OutputGroupSettings?.Type === type)?.OutputGroupSettings;
  if (!found) throw malformedTemplate(branch, job, `it has no ${type} output group`);
  return found;
}

/** Points the DASH group and the proxy group at the asset's destinations in the outputs bucket. */
export function setTranscodeDestinations(settings: JobSettings, branch: TranscodeBranch, job: JobInput, outputBucket: string): void {
  const layout = transcodeLayout(outputBucket, job.assetId);
  const dash = groupSettings(settings, 'DASH_ISO_GROUP_SETTINGS', branch, job);
  const file = groupSettings(settings, 'FILE_GROUP_SETTINGS', branch, job);
  dash.DashIsoGroupSettings = { ...dash.DashIsoGroupSettings, Destination: layout.dashDestination };
  file.FileGroupSettings = { ...file.FileGroupSettings, Destination: layout.proxyDestination };
}

/**
 * A video-only source: without this the job would fail on audio it cannot find. Removes the audio
 * outputs of the DASH group, the audio of every other output and the inputs' audio selectors.
 */
export function removeAudio(settings: JobSettings): void {
  for (const input of settings.Inputs ?? []) delete input.AudioSelectors;
  for (const outputGroup of settings.OutputGroups ?? []) {
    outputGroup.Outputs = (outputGroup.Outputs ?? [])
      .filter((output) => output.VideoDescription !== undefined)
      .map((output) => {
        delete output.AudioDescriptions;
        return output;
      });
  }
}

/**
 * The outputs shared by the dash and stitch templates: a DASH Automated ABR group and an SD proxy
 * file group.
 */
import type { JobSettings, OutputGroup } from '@aws-sdk/client-mediaconvert';
import type { TranscodeLayout } from '../shared/output-layout';

function group(settings: JobSettings, type: 'DASH_ISO_GROUP_SETTINGS' | 'FILE_GROUP_SETTINGS'): OutputGroup {
  const found = settings.OutputGroups?.find((g) => g.OutputGroupSettings?.Type === type);
  if (!found?.OutputGroupSettings) {
    throw new Error(`Job template: no ${type} output group; check job-templates/`);
  }
  return found;
}

/** Points the DASH group and the proxy group at the asset's destinations. */
export function setTranscodeDestinations(settings: JobSettings, layout: TranscodeLayout): void {
  const dash = group(settings, 'DASH_ISO_GROUP_SETTINGS').OutputGroupSettings!;
  dash.DashIsoGroupSettings = { ...dash.DashIsoGroupSettings, Destination: layout.dashDestination };
  const file = group(settings, 'FILE_GROUP_SETTINGS').OutputGroupSettings!;
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

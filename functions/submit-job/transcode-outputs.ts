/**
 * The outputs shared by the dash and stitch templates: an Automated ABR group (CMAF, or DASH ISO
 * with packaging `dash-iso`; the template holds both and the job keeps one), an SD proxy file
 * group, and two frame-capture file groups: thumbnails every few seconds and a poster.
 */
import type { FrameCaptureSettings, JobSettings, OutputGroup, OutputGroupType } from '@aws-sdk/client-mediaconvert';
import type { Packaging } from '../shared/output-layout';
import { NAME_MODIFIERS, transcodeLayout } from '../shared/output-layout';
import type { JobInput } from './job-input';
import { malformedTemplate } from './templates';

type TranscodeBranch = 'dash' | 'stitch';

export interface TranscodeConfig {
  outputBucket: string;
  packaging: Packaging;
  thumbnailIntervalSeconds: number;
}

/** The ABR group each packaging keeps. */
export const PACKAGING_GROUP: Record<Packaging, OutputGroupType> = {
  cmaf: 'CMAF_GROUP_SETTINGS',
  'dash-iso': 'DASH_ISO_GROUP_SETTINGS',
};

const ABR_GROUPS: readonly OutputGroupType[] = Object.values(PACKAGING_GROUP);

/** Where the poster is taken: about a tenth into the programme. */
export const POSTER_SHARE = 0.1;

const isFrameCapture = (group: OutputGroup): boolean =>
  (group.Outputs ?? []).some((output) => output.VideoDescription?.CodecSettings?.Codec === 'FRAME_CAPTURE');

function frameCaptureGroup(
  settings: JobSettings,
  nameModifier: string,
  branch: TranscodeBranch,
  job: JobInput,
): { group: OutputGroup; capture: FrameCaptureSettings } {
  const group = settings.OutputGroups?.find(
    (candidate) => isFrameCapture(candidate) && candidate.Outputs?.length === 1 && candidate.Outputs[0].NameModifier === nameModifier,
  );
  const capture = group?.Outputs?.[0].VideoDescription?.CodecSettings?.FrameCaptureSettings;
  if (!group?.OutputGroupSettings?.FileGroupSettings || !capture) {
    throw malformedTemplate(branch, job, `it has no file group with one FRAME_CAPTURE output named ${nameModifier} (with FrameCaptureSettings)`);
  }
  return { group, capture };
}

/**
 * The capture rate of the poster group: captures fall at 0, 1/rate, 2/rate... so with two captures
 * the second (the poster) lands at `seconds`. A poster time under a millisecond is the first frame.
 */
export function posterCapture(seconds: number): Pick<FrameCaptureSettings, 'FramerateNumerator' | 'FramerateDenominator' | 'MaxCaptures'> {
  const ms = Math.round(seconds * 1000);
  if (!(ms >= 1)) return { FramerateNumerator: 1, FramerateDenominator: 1, MaxCaptures: 1 };
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const divisor = gcd(1000, ms);
  return { FramerateNumerator: 1000 / divisor, FramerateDenominator: ms / divisor, MaxCaptures: 2 };
}

/** One thumbnail every `interval` seconds, from the first frame. */
export function thumbnailCapture(intervalSeconds: number): Pick<FrameCaptureSettings, 'FramerateNumerator' | 'FramerateDenominator'> {
  return { FramerateNumerator: 1, FramerateDenominator: intervalSeconds };
}

/**
 * Keeps the packaging's ABR group, points every group at the asset's destinations in the outputs
 * bucket and sets the capture rates. `posterSeconds`: where the poster is taken on the job's
 * output timeline.
 */
export function setTranscodeOutputs(
  settings: JobSettings,
  branch: TranscodeBranch,
  job: JobInput,
  config: TranscodeConfig,
  posterSeconds: number,
): void {
  const layout = transcodeLayout(config.outputBucket, job.assetId);
  const kept = PACKAGING_GROUP[config.packaging];
  const abr = settings.OutputGroups?.find((group) => group.OutputGroupSettings?.Type === kept)?.OutputGroupSettings;
  if (!abr) throw malformedTemplate(branch, job, `it has no ${kept} output group (packaging ${config.packaging})`);
  settings.OutputGroups = (settings.OutputGroups ?? []).filter((group) => {
    const type = group.OutputGroupSettings?.Type;
    return type === undefined || !ABR_GROUPS.includes(type) || type === kept;
  });
  if (config.packaging === 'cmaf') abr.CmafGroupSettings = { ...abr.CmafGroupSettings, Destination: layout.cmafDestination };
  else abr.DashIsoGroupSettings = { ...abr.DashIsoGroupSettings, Destination: layout.dashDestination };

  const proxy = settings.OutputGroups.find(
    (group) => group.OutputGroupSettings?.Type === 'FILE_GROUP_SETTINGS' && !isFrameCapture(group),
  )?.OutputGroupSettings;
  if (!proxy) throw malformedTemplate(branch, job, 'it has no FILE_GROUP_SETTINGS output group for the proxy');
  proxy.FileGroupSettings = { ...proxy.FileGroupSettings, Destination: layout.proxyDestination };

  const thumbnails = frameCaptureGroup(settings, NAME_MODIFIERS.thumbnail, branch, job);
  thumbnails.group.OutputGroupSettings!.FileGroupSettings!.Destination = layout.thumbnailsDestination;
  Object.assign(thumbnails.capture, thumbnailCapture(config.thumbnailIntervalSeconds));

  const poster = frameCaptureGroup(settings, NAME_MODIFIERS.poster, branch, job);
  poster.group.OutputGroupSettings!.FileGroupSettings!.Destination = layout.posterDestination;
  Object.assign(poster.capture, posterCapture(posterSeconds));
}

/**
 * A video-only source: without this the job would fail on audio it cannot find. Removes the audio
 * outputs of the ABR group, the audio of every other output and the inputs' audio selectors.
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

/**
 * The estimated on-demand MediaConvert cost of a job, from its CreateJob request, before it is
 * created: every output's billed minutes at its tier's rate times the multipliers of the price
 * table (functions/shared/mediaconvert-prices.ts).
 *
 * What the request does not say is estimated from above, since the estimate guards the bill:
 * - an Automated ABR group makes up to MaxRenditions renditions (15 when unset), each counted at
 *   the source's size (MediaConvert may make fewer, and smaller ones);
 * - Automated ABR, any acceleration (PREFERRED included), a codec other than H.264/VP8/VP9 and an
 *   H.264 quality other than SINGLE_PASS make an output Professional tier; the rest is Basic.
 */
import type { AudioDescription, CreateJobRequest, Input, Output, OutputGroup, VideoDescription } from '@aws-sdk/client-mediaconvert';
import type { VideoTrack } from '../shared/asset';
import { displayedSize } from '../shared/asset';
import type { MediaConvertPriceTable } from '../shared/mediaconvert-prices';
import { timecodeSeconds } from './timecode';

export type Tier = 'basic' | 'professional';

export interface EstimateInput {
  request: Pick<CreateJobRequest, 'Settings' | 'AccelerationSettings'>;
  /** The duration of each of the request's inputs, in their order, before clipping. */
  inputDurationsMs: number[];
  /** The source's video: the size and frame rate of outputs that follow it. */
  video?: Pick<VideoTrack, 'width' | 'height' | 'rotation' | 'frameRate'>;
}

export interface OutputEstimate {
  /** The group's CustomName or Name, and the output's NameModifier. */
  output: string;
  tier: Tier;
  /** Billed minutes of one output (whole seconds, at least the table's minimum). */
  minutes: number;
  /** Outputs of this kind: the renditions of an Automated ABR group, else 1. */
  count: number;
  /** Multipliers applied to the rate (1 for audio-only outputs). */
  multiplier: number;
  usd: number;
}

export interface JobEstimate {
  usd: number;
  /** The job's output timeline (every input, clipped), in minutes. */
  outputMinutes: number;
  outputs: OutputEstimate[];
}

const BASIC_CODECS = ['H_264', 'VP8', 'VP9', 'FRAME_CAPTURE'];
/** MediaConvert's default for AutomatedAbrSettings.MaxRenditions. */
const DEFAULT_MAX_RENDITIONS = 15;
const HD_PIXELS = 1920 * 1080;
const SD_PIXELS = 1280 * 720;

/** The part of an input the job reads, in ms: its clippings, else all of it. */
function clippedMs(input: Input, durationMs: number, frameRate: number): number {
  const clippings = input.InputClippings ?? [];
  if (clippings.length === 0) return durationMs;
  return clippings.reduce((sum, clipping) => {
    const start = clipping.StartTimecode ? timecodeSeconds(clipping.StartTimecode, frameRate) * 1000 : 0;
    const end = clipping.EndTimecode ? Math.min(timecodeSeconds(clipping.EndTimecode, frameRate) * 1000, durationMs) : durationMs;
    return sum + Math.max(0, end - start);
  }, 0);
}

function billedMinutes(ms: number, table: MediaConvertPriceTable): number {
  return Math.max(Math.ceil(ms / 1000), table.minimumBilledSeconds) / 60;
}

function qualityOf(video: VideoDescription): string {
  const codec = video.CodecSettings;
  return codec?.H264Settings?.QualityTuningLevel ?? codec?.H265Settings?.QualityTuningLevel ?? 'SINGLE_PASS';
}

/** The output's picture, width × height: as set, else following the source's displayed aspect. */
function outputPixels(video: VideoDescription, source: EstimateInput['video'], abr: boolean): number {
  const shown = source ? displayedSize(source) : { width: 1920, height: 1080 };
  if (abr || (video.Width === undefined && video.Height === undefined)) return shown.width * shown.height;
  const aspect = shown.width / shown.height;
  const height = video.Height ?? Math.round(video.Width! / aspect);
  const width = video.Width ?? Math.round(video.Height! * aspect);
  return width * height;
}

function outputFrameRate(video: VideoDescription, source: EstimateInput['video']): number {
  const codec = video.CodecSettings;
  if (codec?.Codec === 'FRAME_CAPTURE') {
    const capture = codec.FrameCaptureSettings;
    return (capture?.FramerateNumerator ?? 1) / (capture?.FramerateDenominator ?? 1);
  }
  const settings = codec?.H264Settings ?? codec?.H265Settings;
  if (settings?.FramerateControl === 'SPECIFIED' && settings.FramerateNumerator && settings.FramerateDenominator) {
    return settings.FramerateNumerator / settings.FramerateDenominator;
  }
  return source?.frameRate ?? 30;
}

function resolutionMultiplier(pixels: number, table: MediaConvertPriceTable): number {
  const { sd, hd, uhd } = table.multipliers.resolution;
  return pixels < SD_PIXELS ? sd : pixels <= HD_PIXELS ? hd : uhd;
}

function frameRateMultiplier(fps: number, table: MediaConvertPriceTable): number {
  const { upTo30, upTo60, above60 } = table.multipliers.frameRate;
  return fps <= 30 ? upTo30 : fps <= 60 ? upTo60 : above60;
}

function normalizedTracks(output: Output): number {
  return (output.AudioDescriptions ?? []).filter((audio: AudioDescription) => audio.AudioNormalizationSettings !== undefined).length;
}

function groupName(group: OutputGroup): string {
  return group.CustomName ?? group.Name ?? group.OutputGroupSettings?.Type ?? 'group';
}

function estimateOutput(
  group: OutputGroup,
  output: Output,
  minutes: number,
  accelerated: boolean,
  input: EstimateInput,
  table: MediaConvertPriceTable,
): OutputEstimate {
  const abr = group.AutomatedEncodingSettings?.AbrSettings !== undefined;
  const name = `${groupName(group)} ${output.NameModifier ?? ''}`.trim();
  const addOn = normalizedTracks(output) * table.audioNormalizationPerMinute * minutes;
  const video = output.VideoDescription;
  if (!video) {
    const tier: Tier = accelerated || abr ? 'professional' : 'basic';
    return { output: name, tier, minutes, count: 1, multiplier: 1, usd: minutes * table.audioOnlyPerMinute[tier] + addOn };
  }
  const codec = video.CodecSettings?.Codec ?? 'other';
  const quality = qualityOf(video);
  const tier: Tier = accelerated || abr || !BASIC_CODECS.includes(codec) || quality !== 'SINGLE_PASS' ? 'professional' : 'basic';
  const { multipliers } = table;
  const multiplier =
    resolutionMultiplier(outputPixels(video, input.video, abr), table) *
    frameRateMultiplier(outputFrameRate(video, input.video), table) *
    (multipliers.codec[codec] ?? multipliers.codec.other) *
    (multipliers.quality[quality as keyof typeof multipliers.quality] ?? 1);
  const count = abr ? (group.AutomatedEncodingSettings!.AbrSettings!.MaxRenditions ?? DEFAULT_MAX_RENDITIONS) : 1;
  return { output: name, tier, minutes, count, multiplier, usd: count * minutes * table.perMinute[tier] * multiplier + addOn };
}

/** The job's estimated cost in USD, rounded to a millionth of a dollar, with each output's share. */
export function estimateJobCost(input: EstimateInput, table: MediaConvertPriceTable): JobEstimate {
  const settings = input.request.Settings ?? {};
  const inputs = settings.Inputs ?? [];
  if (inputs.length !== input.inputDurationsMs.length) {
    throw new TypeError(`Cost estimate: the job has ${inputs.length} inputs but ${input.inputDurationsMs.length} durations were given`);
  }
  const frameRate = input.video?.frameRate ?? 30;
  const timelineMs = inputs.reduce((sum, item, i) => sum + clippedMs(item, input.inputDurationsMs[i], frameRate), 0);
  const minutes = billedMinutes(timelineMs, table);
  const mode = input.request.AccelerationSettings?.Mode;
  const accelerated = mode === 'ENABLED' || mode === 'PREFERRED';
  const outputs = (settings.OutputGroups ?? []).flatMap((group) =>
    (group.Outputs ?? []).map((output) => estimateOutput(group, output, minutes, accelerated, input, table)),
  );
  const usd = outputs.reduce((sum, output) => sum + output.usd, 0);
  return { usd: roundUsd(usd), outputMinutes: timelineMs / 60000, outputs };
}

export function roundUsd(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}

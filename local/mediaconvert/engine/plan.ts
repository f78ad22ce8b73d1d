/**
 * planJob: validates job settings and translates them into the plan the engine runs. Pure: it
 * reads no media and starts no process. Anything the engine does not implement fails here with
 * an error naming the setting's path (see settings-rules.ts for what is accepted or ignored).
 */
import type {
  AudioDescription,
  H264Settings,
  Input,
  InsertableImage,
  JobSettings,
  Output,
  OutputGroup,
  VideoDescription,
} from '@aws-sdk/client-mediaconvert';
import { ABR_DEFAULTS } from './abr-ladder';
import type { AbrLimits } from './abr-ladder';
import { InvalidSettingError, UnsupportedSettingError } from './errors';
import type {
  AudioPlan,
  AudioSelectorPlan,
  ClippingPlan,
  DashGroupPlan,
  DashOutputPlan,
  FileGroupPlan,
  FileOutputPlan,
  FrameCapturePlan,
  ImagePlan,
  InputKind,
  InputPlan,
  JobPlan,
  OutputGroupPlan,
  VideoPlan,
} from './job-plan';
import { extensionOf, isS3Uri } from './s3-uri';
import { JOB_SETTINGS, checkSettings } from './settings-rules';
import { isTimecode } from './timecode';

/** Containers the engine reads by demuxing the file itself. */
const FILE_EXTENSIONS = ['mp4', 'm4v', 'mov', 'mxf', 'mkv', 'webm', 'ts', 'mpg', 'wav'];
const HLS_EXTENSIONS = ['m3u8'];
const IMAGE_EXTENSIONS = ['png', 'tga'];

export const DEFAULT_AUDIO_SELECTOR = 'Audio Selector 1';
/** MediaConvert's default GOP: 2 seconds when unset or AUTO. */
const DEFAULT_GOP = { size: 2, units: 'SECONDS' } as const;
/** DASH SegmentLength default (seconds), as MediaConvert. */
const DEFAULT_DASH_SEGMENT_LENGTH = 30;
/** CMAF SegmentLength default (seconds), as MediaConvert. */
const DEFAULT_CMAF_SEGMENT_LENGTH = 10;
/** Frame capture JPEG quality default, as MediaConvert. */
const DEFAULT_CAPTURE_QUALITY = 80;

function integer(value: number | undefined, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidSettingError(path, `must be a whole number from ${min} to ${max} (is ${JSON.stringify(value)})`);
  }
  return value;
}

function required<T>(value: T | undefined, path: string): T {
  if (value === undefined) throw new InvalidSettingError(path, 'is required');
  return value;
}

function s3Destination(value: string | undefined, path: string): string {
  const destination = required(value, path);
  if (!isS3Uri(destination)) throw new InvalidSettingError(path, `must be an s3://bucket/path URI (is ${JSON.stringify(destination)})`);
  if (destination.includes('$')) throw new UnsupportedSettingError(`${path} format identifiers ($...$)`);
  return destination;
}

function timecode(value: string | undefined, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isTimecode(value)) throw new InvalidSettingError(path, `must be a timecode HH:MM:SS:FF or HH:MM:SS;FF (is ${JSON.stringify(value)})`);
  return value;
}

function inputKind(uri: string, path: string): InputKind {
  const extension = extensionOf(uri);
  if (HLS_EXTENSIONS.includes(extension)) return 'hls';
  if (FILE_EXTENSIONS.includes(extension)) return 'file';
  throw new UnsupportedSettingError(
    `${path} with extension ${JSON.stringify(extension)}`,
    `the local MediaConvert reads ${[...FILE_EXTENSIONS, ...HLS_EXTENSIONS].join(', ')} inputs`,
  );
}

function planImage(image: InsertableImage, path: string): ImagePlan {
  const uri = required(image.ImageInserterInput, `${path}.ImageInserterInput`);
  if (!isS3Uri(uri)) throw new UnsupportedSettingError(`${path}.ImageInserterInput ${JSON.stringify(uri)}`, 'images are read from s3:// URIs');
  if (!IMAGE_EXTENSIONS.includes(extensionOf(uri))) {
    throw new InvalidSettingError(`${path}.ImageInserterInput`, `must be a PNG or TGA file (is ${JSON.stringify(uri)})`);
  }
  const plan: ImagePlan = {
    uri,
    x: required(integer(image.ImageX, `${path}.ImageX`, 0), `${path}.ImageX`),
    y: required(integer(image.ImageY, `${path}.ImageY`, 0), `${path}.ImageY`),
    opacity: integer(image.Opacity, `${path}.Opacity`, 0, 100) ?? 50,
    fadeInMs: integer(image.FadeIn, `${path}.FadeIn`, 0) ?? 0,
    fadeOutMs: integer(image.FadeOut, `${path}.FadeOut`, 0) ?? 0,
    layer: integer(image.Layer, `${path}.Layer`, 0, 99) ?? 0,
  };
  const width = integer(image.Width, `${path}.Width`, 1);
  const height = integer(image.Height, `${path}.Height`, 1);
  const durationMs = integer(image.Duration, `${path}.Duration`, 0);
  const startTimecode = timecode(image.StartTime, `${path}.StartTime`);
  if (width !== undefined) plan.width = width;
  if (height !== undefined) plan.height = height;
  if (durationMs !== undefined) plan.durationMs = durationMs;
  if (startTimecode !== undefined) plan.startTimecode = startTimecode;
  return plan;
}

function planInput(input: Input, path: string): InputPlan {
  const uri = required(input.FileInput, `${path}.FileInput`);
  if (!isS3Uri(uri)) throw new UnsupportedSettingError(`${path}.FileInput ${JSON.stringify(uri)}`, 'inputs are read from s3:// URIs');
  const clippings = (input.InputClippings ?? []).map((clipping, index): ClippingPlan => {
    const clipPath = `${path}.InputClippings[${index}]`;
    const start = timecode(clipping.StartTimecode, `${clipPath}.StartTimecode`);
    const end = timecode(clipping.EndTimecode, `${clipPath}.EndTimecode`);
    if (start === undefined && end === undefined) throw new InvalidSettingError(clipPath, 'needs a StartTimecode, an EndTimecode or both');
    return { ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) };
  });
  const audioSelectors = Object.fromEntries(
    Object.entries(input.AudioSelectors ?? {}).map(([name, selector]): [string, AudioSelectorPlan] => {
      const selectorPath = `${path}.AudioSelectors[${JSON.stringify(name)}]`;
      const tracks = (selector.Tracks ?? []).map((track, index) =>
        required(integer(track, `${selectorPath}.Tracks[${index}]`, 1), `${selectorPath}.Tracks`),
      );
      // A selector without tracks takes the input's first audio track, as MediaConvert's default selector.
      return [name, tracks.length > 0 ? { tracks, defaulted: false } : { tracks: [1], defaulted: true }];
    }),
  );
  const images = (input.ImageInserter?.InsertableImages ?? [])
    .map((image, index) => planImage(image, `${path}.ImageInserter.InsertableImages[${index}]`))
    .sort((a, b) => a.layer - b.layer);
  const timecodeSource = input.TimecodeSource ?? 'EMBEDDED';
  const autoRotate = input.VideoSelector?.Rotate === 'AUTO';
  const plan: InputPlan = { path, uri, kind: inputKind(uri, `${path}.FileInput`), timecodeSource, clippings, audioSelectors, images, autoRotate };
  if (timecodeSource === 'SPECIFIEDSTART') {
    plan.timecodeStart = required(timecode(input.TimecodeStart, `${path}.TimecodeStart`), `${path}.TimecodeStart`);
  }
  return plan;
}

const CODEC_LEVEL = /^LEVEL_(\d)(?:_(\d))?$/;

function planVideo(description: VideoDescription, path: string, abr: boolean): VideoPlan {
  const codecPath = `${path}.CodecSettings`;
  if (description.CodecSettings?.Codec !== 'H_264') throw new InvalidSettingError(`${codecPath}.Codec`, 'is required (H_264)');
  const settingsPath = `${codecPath}.H264Settings`;
  const h264: H264Settings = required(description.CodecSettings.H264Settings, settingsPath);
  const rateControl = h264.RateControlMode ?? 'CBR';
  if (rateControl !== 'CBR' && rateControl !== 'VBR' && rateControl !== 'QVBR') throw new UnsupportedSettingError(`${settingsPath}.RateControlMode`);
  if (abr && rateControl !== 'QVBR') {
    throw new InvalidSettingError(`${settingsPath}.RateControlMode`, 'must be QVBR in an Automated ABR output group');
  }
  if (abr && h264.QualityTuningLevel !== 'MULTI_PASS_HQ') {
    throw new InvalidSettingError(`${settingsPath}.QualityTuningLevel`, 'must be MULTI_PASS_HQ in an Automated ABR output group');
  }
  const scaling = description.ScalingBehavior ?? 'DEFAULT';
  if (scaling !== 'DEFAULT' && scaling !== 'STRETCH_TO_OUTPUT' && scaling !== 'FIT' && scaling !== 'FIT_NO_UPSCALE' && scaling !== 'FILL') {
    throw new UnsupportedSettingError(`${path}.ScalingBehavior = ${JSON.stringify(scaling)}`);
  }
  const video: VideoPlan = { scaling, rateControl, gop: DEFAULT_GOP };
  const width = integer(description.Width, `${path}.Width`, 2, 8192);
  const height = integer(description.Height, `${path}.Height`, 2, 8192);
  if (width !== undefined && width % 2 !== 0) throw new InvalidSettingError(`${path}.Width`, `must be even (is ${width})`);
  if (height !== undefined && height % 2 !== 0) throw new InvalidSettingError(`${path}.Height`, `must be even (is ${height})`);
  if (width !== undefined) video.width = width;
  if (height !== undefined) video.height = height;

  const bitrate = integer(h264.Bitrate, `${settingsPath}.Bitrate`, 1000, 1_152_000_000);
  const maxBitrate = integer(h264.MaxBitrate, `${settingsPath}.MaxBitrate`, 1000, 1_152_000_000);
  if (!abr && (rateControl === 'CBR' || rateControl === 'VBR')) video.bitrate = required(bitrate, `${settingsPath}.Bitrate`);
  if (!abr && rateControl === 'VBR' && maxBitrate !== undefined) video.maxBitrate = maxBitrate;
  if (!abr && rateControl === 'QVBR') {
    video.maxBitrate = required(maxBitrate, `${settingsPath}.MaxBitrate`);
    const level = integer(h264.QvbrSettings?.QvbrQualityLevel, `${settingsPath}.QvbrSettings.QvbrQualityLevel`, 1, 10) ?? 7;
    const fineTune = h264.QvbrSettings?.QvbrQualityLevelFineTune ?? 0;
    if (!(fineTune >= 0 && fineTune < 1)) {
      throw new InvalidSettingError(`${settingsPath}.QvbrSettings.QvbrQualityLevelFineTune`, `must be from 0 to 0.99 (is ${fineTune})`);
    }
    video.qvbrLevel = level + fineTune;
    const average = integer(h264.QvbrSettings?.MaxAverageBitrate, `${settingsPath}.QvbrSettings.MaxAverageBitrate`, 1000);
    if (average !== undefined) video.bitrate = average;
  }
  const bufferSize = integer(h264.HrdBufferSize, `${settingsPath}.HrdBufferSize`, 0);
  if (bufferSize !== undefined && bufferSize > 0) video.bufferSize = bufferSize;

  const units = h264.GopSizeUnits ?? 'FRAMES';
  if (h264.GopSize !== undefined && units !== 'AUTO') {
    if (!(h264.GopSize > 0)) throw new InvalidSettingError(`${settingsPath}.GopSize`, `must be above 0 (is ${h264.GopSize})`);
    video.gop = { size: h264.GopSize, units: units === 'SECONDS' ? 'SECONDS' : 'FRAMES' };
  }
  if (h264.FramerateControl === 'SPECIFIED') {
    const numerator = required(integer(h264.FramerateNumerator, `${settingsPath}.FramerateNumerator`, 1), `${settingsPath}.FramerateNumerator`);
    const denominator = required(
      integer(h264.FramerateDenominator, `${settingsPath}.FramerateDenominator`, 1),
      `${settingsPath}.FramerateDenominator`,
    );
    video.frameRate = { numerator, denominator };
  }
  if (h264.CodecProfile !== undefined) video.profile = h264.CodecProfile.toLowerCase() as VideoPlan['profile'];
  if (h264.CodecLevel !== undefined && h264.CodecLevel !== 'AUTO') {
    const match = CODEC_LEVEL.exec(h264.CodecLevel);
    if (!match) throw new UnsupportedSettingError(`${settingsPath}.CodecLevel = ${JSON.stringify(h264.CodecLevel)}`);
    video.level = match[2] ? `${match[1]}.${match[2]}` : match[1];
  }
  const bFrames = integer(h264.NumberBFramesBetweenReferenceFrames, `${settingsPath}.NumberBFramesBetweenReferenceFrames`, 0, 7);
  if (bFrames !== undefined) video.bFrames = bFrames;
  if (h264.EntropyEncoding !== undefined) video.entropy = h264.EntropyEncoding === 'CAVLC' ? 'cavlc' : 'cabac';
  return video;
}

const CHANNELS = { CODING_MODE_1_0: 1, CODING_MODE_2_0: 2, CODING_MODE_5_1: 6, CODING_MODE_AUTO: 'auto' } as const;
/** AAC bitrate defaults by coding mode when Bitrate is unset. */
const AAC_DEFAULT_BITRATE = { 1: 64_000, 2: 96_000, 6: 192_000, auto: 192_000 } as const;

function planAudio(description: AudioDescription, path: string): AudioPlan {
  const codecPath = `${path}.CodecSettings`;
  if (description.CodecSettings?.Codec !== 'AAC') throw new InvalidSettingError(`${codecPath}.Codec`, 'is required (AAC)');
  const aac = description.CodecSettings.AacSettings ?? {};
  const channels = CHANNELS[(aac.CodingMode ?? 'CODING_MODE_2_0') as keyof typeof CHANNELS];
  if (channels === undefined) throw new UnsupportedSettingError(`${codecPath}.AacSettings.CodingMode = ${JSON.stringify(aac.CodingMode)}`);
  const audio: AudioPlan = {
    path,
    selector: description.AudioSourceName ?? DEFAULT_AUDIO_SELECTOR,
    channels,
    bitrate: integer(aac.Bitrate, `${codecPath}.AacSettings.Bitrate`, 6000, 1_024_000) ?? AAC_DEFAULT_BITRATE[channels],
    sampleRate: integer(aac.SampleRate, `${codecPath}.AacSettings.SampleRate`, 8000, 96000) ?? 48000,
  };
  const normalization = description.AudioNormalizationSettings;
  if (normalization) {
    const normalizationPath = `${path}.AudioNormalizationSettings`;
    if (normalization.AlgorithmControl !== 'MEASURE_ONLY') {
      // CORRECT_AUDIO is MediaConvert's default; correcting loudness is not implemented locally.
      throw new UnsupportedSettingError(
        `${normalizationPath}.AlgorithmControl = ${JSON.stringify(normalization.AlgorithmControl ?? 'CORRECT_AUDIO')}`,
        'supported: MEASURE_ONLY',
      );
    }
    if (normalization.Algorithm === undefined) {
      throw new UnsupportedSettingError(
        `${normalizationPath}.Algorithm (unset: ITU_BS_1770_1, ungated)`,
        'supported: ITU_BS_1770_2, ITU_BS_1770_3, ITU_BS_1770_4',
      );
    }
    audio.loudness = { log: normalization.LoudnessLogging === 'LOG', truePeak: normalization.PeakCalculation === 'TRUE_PEAK' };
  }
  return audio;
}

function nameModifier(output: Output, path: string, outputs: number): string {
  const modifier = output.NameModifier;
  if (modifier === undefined || modifier === '') {
    if (outputs > 1) throw new InvalidSettingError(`${path}.NameModifier`, 'is required when an output group has several outputs');
    return '';
  }
  if (modifier.includes('$')) throw new UnsupportedSettingError(`${path}.NameModifier format identifiers ($...$)`);
  return modifier;
}

function planFrameCapture(description: VideoDescription, path: string): FrameCapturePlan {
  const settingsPath = `${path}.CodecSettings.FrameCaptureSettings`;
  const capture = description.CodecSettings?.FrameCaptureSettings ?? {};
  const plan: FrameCapturePlan = {
    // MediaConvert's defaults: one capture per second, as many as the output lasts.
    numerator: integer(capture.FramerateNumerator, `${settingsPath}.FramerateNumerator`, 1, 2147483647) ?? 1,
    denominator: integer(capture.FramerateDenominator, `${settingsPath}.FramerateDenominator`, 1, 2147483647) ?? 1,
    maxCaptures: integer(capture.MaxCaptures, `${settingsPath}.MaxCaptures`, 1, 10_000_000) ?? 10_000_000,
    quality: integer(capture.Quality, `${settingsPath}.Quality`, 1, 100) ?? DEFAULT_CAPTURE_QUALITY,
  };
  const width = integer(description.Width, `${path}.Width`, 2, 8192);
  const height = integer(description.Height, `${path}.Height`, 2, 8192);
  if (width !== undefined) plan.width = width;
  if (height !== undefined) plan.height = height;
  return plan;
}

function planFileGroup(group: OutputGroup, path: string): FileGroupPlan {
  const settingsPath = `${path}.OutputGroupSettings.FileGroupSettings`;
  const destination = s3Destination(group.OutputGroupSettings?.FileGroupSettings?.Destination, `${settingsPath}.Destination`);
  const outputs = group.Outputs ?? [];
  if (outputs.length === 0) throw new InvalidSettingError(`${path}.Outputs`, 'needs at least one output');
  return {
    type: 'FILE_GROUP',
    path,
    destination,
    outputs: outputs.map((output, index): FileOutputPlan => {
      const outputPath = `${path}.Outputs[${index}]`;
      const container = output.ContainerSettings?.Container;
      const isCapture = output.VideoDescription?.CodecSettings?.Codec === 'FRAME_CAPTURE';
      if (isCapture || container === 'RAW') {
        if (container !== 'RAW' || !isCapture) {
          throw new InvalidSettingError(`${outputPath}.ContainerSettings.Container`, 'must be RAW with a FRAME_CAPTURE video codec, and only then');
        }
        if (output.AudioDescriptions?.length)
          throw new InvalidSettingError(`${outputPath}.AudioDescriptions`, 'a frame capture output carries no audio');
        return {
          path: outputPath,
          nameModifier: nameModifier(output, outputPath, outputs.length),
          extension: 'jpg',
          faststart: false,
          audio: [],
          frameCapture: planFrameCapture(output.VideoDescription!, `${outputPath}.VideoDescription`),
        };
      }
      if (container !== 'MP4') {
        throw new InvalidSettingError(`${outputPath}.ContainerSettings.Container`, `must be MP4 in a file group (is ${JSON.stringify(container)})`);
      }
      const audio = (output.AudioDescriptions ?? []).map((description, i) => planAudio(description, `${outputPath}.AudioDescriptions[${i}]`));
      if (!output.VideoDescription && audio.length === 0) throw new InvalidSettingError(outputPath, 'needs a VideoDescription or AudioDescriptions');
      const extension = output.Extension ?? 'mp4';
      if (!/^[A-Za-z0-9]+$/.test(extension))
        throw new InvalidSettingError(`${outputPath}.Extension`, `must be letters and digits (is ${JSON.stringify(extension)})`);
      const plan: FileOutputPlan = {
        path: outputPath,
        nameModifier: nameModifier(output, outputPath, outputs.length),
        extension,
        faststart: output.ContainerSettings?.Mp4Settings?.MoovPlacement === 'PROGRESSIVE_DOWNLOAD',
        audio,
      };
      if (output.VideoDescription) plan.video = planVideo(output.VideoDescription, `${outputPath}.VideoDescription`, false);
      return plan;
    }),
  };
}

function planAbr(group: OutputGroup, path: string): AbrLimits | undefined {
  const settings = group.AutomatedEncodingSettings?.AbrSettings;
  if (!group.AutomatedEncodingSettings) return undefined;
  const abrPath = `${path}.AutomatedEncodingSettings.AbrSettings`;
  const limits: AbrLimits = {
    maxAbrBitrate: integer(settings?.MaxAbrBitrate, `${abrPath}.MaxAbrBitrate`, 100_000, 100_000_000) ?? ABR_DEFAULTS.maxAbrBitrate,
    minAbrBitrate: integer(settings?.MinAbrBitrate, `${abrPath}.MinAbrBitrate`, 100_000, 100_000_000) ?? ABR_DEFAULTS.minAbrBitrate,
    maxRenditions: integer(settings?.MaxRenditions, `${abrPath}.MaxRenditions`, 3, 15) ?? ABR_DEFAULTS.maxRenditions,
  };
  if (limits.minAbrBitrate > limits.maxAbrBitrate) {
    throw new InvalidSettingError(`${abrPath}.MinAbrBitrate`, `(${limits.minAbrBitrate}) must not exceed MaxAbrBitrate (${limits.maxAbrBitrate})`);
  }
  return limits;
}

/** A DASH ISO or CMAF group: the same plan, CMAF adding the HLS manifests over the same segments. */
function planDashGroup(group: OutputGroup, path: string, cmaf: boolean): DashGroupPlan {
  const settingsPath = `${path}.OutputGroupSettings.${cmaf ? 'CmafGroupSettings' : 'DashIsoGroupSettings'}`;
  const dash = cmaf ? group.OutputGroupSettings?.CmafGroupSettings : group.OutputGroupSettings?.DashIsoGroupSettings;
  const expectedContainer = cmaf ? 'CMFC' : 'MPD';
  const groupName = cmaf ? 'a CMAF group' : 'a DASH ISO group';
  const destination = s3Destination(dash?.Destination, `${settingsPath}.Destination`);
  const abr = planAbr(group, path);
  const outputs = group.Outputs ?? [];
  if (outputs.length === 0) throw new InvalidSettingError(`${path}.Outputs`, 'needs at least one output');
  const plans = outputs.map((output, index): DashOutputPlan => {
    const outputPath = `${path}.Outputs[${index}]`;
    const container = output.ContainerSettings?.Container;
    if (container !== expectedContainer) {
      throw new InvalidSettingError(
        `${outputPath}.ContainerSettings.Container`,
        `must be ${expectedContainer} in ${groupName} (is ${JSON.stringify(container)})`,
      );
    }
    const descriptions = output.AudioDescriptions ?? [];
    if ((output.VideoDescription ? 1 : 0) + descriptions.length !== 1) {
      throw new InvalidSettingError(outputPath, `must carry exactly one stream in ${groupName}: a VideoDescription or one AudioDescription`);
    }
    const plan: DashOutputPlan = { path: outputPath, nameModifier: nameModifier(output, outputPath, outputs.length) };
    if (output.VideoDescription) plan.video = planVideo(output.VideoDescription, `${outputPath}.VideoDescription`, abr !== undefined);
    else plan.audio = planAudio(descriptions[0], `${outputPath}.AudioDescriptions[0]`);
    return plan;
  });
  if (abr && plans.filter((plan) => plan.video).length !== 1) {
    throw new InvalidSettingError(`${path}.Outputs`, 'must have exactly one video output (the Automated ABR base output) in an Automated ABR group');
  }
  const cmafSettings = group.OutputGroupSettings?.CmafGroupSettings;
  const manifests = cmaf
    ? { hls: (cmafSettings?.WriteHlsManifest ?? 'ENABLED') === 'ENABLED', dash: (cmafSettings?.WriteDashManifest ?? 'ENABLED') === 'ENABLED' }
    : { hls: false, dash: true };
  if (!manifests.hls && !manifests.dash) {
    throw new InvalidSettingError(settingsPath, 'writes no manifest: enable WriteHlsManifest, WriteDashManifest or both');
  }
  return {
    type: cmaf ? 'CMAF_GROUP' : 'DASH_ISO_GROUP',
    path,
    destination,
    manifests,
    segmentLengthSeconds:
      integer(dash?.SegmentLength, `${settingsPath}.SegmentLength`, 1, 3600) ?? (cmaf ? DEFAULT_CMAF_SEGMENT_LENGTH : DEFAULT_DASH_SEGMENT_LENGTH),
    singleFile: !cmaf && (group.OutputGroupSettings?.DashIsoGroupSettings?.SegmentControl ?? 'SINGLE_FILE') === 'SINGLE_FILE',
    ...(abr ? { abr } : {}),
    outputs: plans,
  };
}

function planOutputGroup(group: OutputGroup, path: string): OutputGroupPlan {
  const type = group.OutputGroupSettings?.Type;
  const settings = group.OutputGroupSettings;
  if (type === 'FILE_GROUP_SETTINGS') {
    if (settings?.DashIsoGroupSettings)
      throw new InvalidSettingError(`${path}.OutputGroupSettings.DashIsoGroupSettings`, 'does not belong to a FILE_GROUP_SETTINGS group');
    if (settings?.CmafGroupSettings)
      throw new InvalidSettingError(`${path}.OutputGroupSettings.CmafGroupSettings`, 'does not belong to a FILE_GROUP_SETTINGS group');
    if (group.AutomatedEncodingSettings)
      throw new InvalidSettingError(`${path}.AutomatedEncodingSettings`, 'applies to ABR groups only, not to a FILE_GROUP_SETTINGS group');
    return planFileGroup(group, path);
  }
  if (type === 'DASH_ISO_GROUP_SETTINGS' || type === 'CMAF_GROUP_SETTINGS') {
    const others = (['FileGroupSettings', 'DashIsoGroupSettings', 'CmafGroupSettings'] as const).filter(
      (member) => settings?.[member] !== undefined && member !== (type === 'CMAF_GROUP_SETTINGS' ? 'CmafGroupSettings' : 'DashIsoGroupSettings'),
    );
    if (others.length > 0) throw new InvalidSettingError(`${path}.OutputGroupSettings.${others[0]}`, `does not belong to a ${type} group`);
    return planDashGroup(group, path, type === 'CMAF_GROUP_SETTINGS');
  }
  throw new InvalidSettingError(`${path}.OutputGroupSettings.Type`, 'is required');
}

export function planJob(settings: JobSettings): JobPlan {
  const ignoredSettings = checkSettings(settings, { object: JOB_SETTINGS }, 'Settings');
  const inputs = (settings.Inputs ?? []).map((input, index) => planInput(input, `Settings.Inputs[${index}]`));
  if (inputs.length === 0) throw new InvalidSettingError('Settings.Inputs', 'needs at least one input');
  const followSource = integer(settings.FollowSource, 'Settings.FollowSource', 1, inputs.length) ?? 1;
  const outputGroups = (settings.OutputGroups ?? []).map((group, index) => planOutputGroup(group, `Settings.OutputGroups[${index}]`));
  if (outputGroups.length === 0) throw new InvalidSettingError('Settings.OutputGroups', 'needs at least one output group');

  // Every audio track an output takes must come from a selector some input defines.
  for (const group of outputGroups) {
    const audio =
      group.type === 'FILE_GROUP'
        ? group.outputs.flatMap((output) => output.audio)
        : group.outputs.flatMap((output) => (output.audio ? [output.audio] : []));
    for (const track of audio) {
      if (!inputs.some((input) => track.selector in input.audioSelectors)) {
        throw new InvalidSettingError(
          `${track.path}.AudioSourceName`,
          `names ${JSON.stringify(track.selector)}, which no input's AudioSelectors defines`,
        );
      }
    }
  }
  return { inputs, followInput: followSource - 1, outputGroups, ignoredSettings };
}

/**
 * Which job settings the local engine runs, which it accepts and ignores, and (by omission) which it
 * rejects. Every member of the settings is checked against these rules before planning, so nothing
 * is ignored silently: a member that is not listed fails with an error naming its path.
 *
 * - 'handled': the engine implements it (its value is checked when the plan is built).
 * - { values }: an enumeration the engine implements for these values only.
 * - { ignored }: accepted and without effect locally; the reason says why that is harmless.
 */
import { isPlainObject } from '../wire-case';
import { InvalidSettingError, UnsupportedSettingError } from './errors';

export type Rule =
  | 'handled'
  | { readonly ignored: string }
  | { readonly values: readonly string[] }
  | { readonly object: Spec }
  | { readonly list: Rule }
  | { readonly map: Rule };

export type Spec = Readonly<Record<string, Rule>>;

const ignored = (why: string): Rule => ({ ignored: why });
const values = (...allowed: string[]): Rule => ({ values: allowed });

const QUALITY = ignored('an encoder quality knob: the local engine encodes every output with one fixed x264 preset');
const METADATA = ignored('signalling or metadata only; the local outputs carry none of it');
const ACCESS = ignored('local S3 has no ACLs, storage classes or server-side encryption');

const S3_DESTINATION: Spec = {
  S3Settings: { object: { AccessControl: ACCESS, StorageClass: ACCESS, Encryption: ACCESS } },
};

const INSERTABLE_IMAGE: Spec = {
  ImageInserterInput: 'handled',
  ImageX: 'handled',
  ImageY: 'handled',
  Width: 'handled',
  Height: 'handled',
  Opacity: 'handled',
  StartTime: 'handled',
  Duration: 'handled',
  FadeIn: 'handled',
  FadeOut: 'handled',
  Layer: 'handled',
};

const AUDIO_SELECTOR: Spec = {
  Tracks: 'handled',
  SelectorType: values('TRACK'),
  DefaultSelection: values('DEFAULT', 'NOT_DEFAULT'),
  LanguageCode: METADATA,
  CustomLanguageCode: METADATA,
  AudioDurationCorrection: ignored('the local engine keeps the audio timestamps of the input'),
};

const VIDEO_SELECTOR: Spec = {
  Rotate: values('DEGREE_0', 'AUTO'),
  ColorSpace: values('FOLLOW'),
  ColorSpaceUsage: ignored('no colour space conversion is done locally'),
  SampleRange: ignored('no colour range conversion is done locally'),
  AlphaBehavior: values('DISCARD'),
  PadVideo: values('DISABLED'),
  EmbeddedTimecodeOverride: values('NONE'),
  MaxLuminance: METADATA,
};

const INPUT: Spec = {
  FileInput: 'handled',
  TimecodeSource: values('EMBEDDED', 'ZEROBASED', 'SPECIFIEDSTART'),
  TimecodeStart: 'handled',
  InputClippings: { list: { object: { StartTimecode: 'handled', EndTimecode: 'handled' } } },
  AudioSelectors: { map: { object: AUDIO_SELECTOR } },
  VideoSelector: { object: VIDEO_SELECTOR },
  ImageInserter: {
    object: {
      InsertableImages: { list: { object: INSERTABLE_IMAGE } },
      SdrReferenceWhiteLevel: ignored('only applies to HDR outputs, which the local engine does not write'),
    },
  },
  DeblockFilter: values('DISABLED'),
  DenoiseFilter: values('DISABLED'),
  FilterEnable: values('AUTO', 'DISABLE'),
  FilterStrength: ignored('input filters are disabled, so their strength has no effect'),
  InputScanType: values('AUTO'),
  PsiControl: ignored('applies to MPEG-TS program tables; the local demuxer reads the first program'),
};

const H264: Spec = {
  RateControlMode: values('CBR', 'VBR', 'QVBR'),
  Bitrate: 'handled',
  MaxBitrate: 'handled',
  QvbrSettings: { object: { QvbrQualityLevel: 'handled', QvbrQualityLevelFineTune: 'handled', MaxAverageBitrate: 'handled' } },
  GopSize: 'handled',
  GopSizeUnits: values('FRAMES', 'SECONDS', 'AUTO'),
  FramerateControl: values('INITIALIZE_FROM_SOURCE', 'SPECIFIED'),
  FramerateNumerator: 'handled',
  FramerateDenominator: 'handled',
  FramerateConversionAlgorithm: ignored('frames are dropped or repeated to convert the frame rate'),
  CodecProfile: values('BASELINE', 'MAIN', 'HIGH'),
  CodecLevel: 'handled',
  NumberBFramesBetweenReferenceFrames: 'handled',
  EntropyEncoding: values('CABAC', 'CAVLC'),
  HrdBufferSize: 'handled',
  HrdBufferInitialFillPercentage: QUALITY,
  InterlaceMode: values('PROGRESSIVE'),
  ParControl: values('INITIALIZE_FROM_SOURCE'),
  Telecine: values('NONE'),
  SlowPal: values('DISABLED'),
  FieldEncoding: values('PAFF'),
  QualityTuningLevel: QUALITY,
  SceneChangeDetect: QUALITY,
  AdaptiveQuantization: QUALITY,
  SpatialAdaptiveQuantization: QUALITY,
  TemporalAdaptiveQuantization: QUALITY,
  FlickerAdaptiveQuantization: QUALITY,
  Softness: QUALITY,
  Slices: QUALITY,
  Syntax: values('DEFAULT'),
  GopClosedCadence: QUALITY,
  GopBReference: QUALITY,
  MinIInterval: QUALITY,
  NumberReferenceFrames: QUALITY,
  DynamicSubGop: QUALITY,
  BandwidthReductionFilter: QUALITY,
  SaliencyAwareEncoding: QUALITY,
  RepeatPps: METADATA,
  UnregisteredSeiTimecode: METADATA,
  WriteMp4PackagingType: METADATA,
  EndOfStreamMarkers: METADATA,
  ScanTypeConversionMode: ignored('applies to interlaced outputs only, which the local engine does not write'),
};

const VIDEO_DESCRIPTION: Spec = {
  Width: 'handled',
  Height: 'handled',
  ScalingBehavior: values('DEFAULT', 'STRETCH_TO_OUTPUT', 'FIT', 'FIT_NO_UPSCALE', 'FILL'),
  CodecSettings: {
    object: {
      Codec: values('H_264', 'FRAME_CAPTURE'),
      H264Settings: { object: H264 },
      FrameCaptureSettings: {
        object: { FramerateNumerator: 'handled', FramerateDenominator: 'handled', MaxCaptures: 'handled', Quality: 'handled' },
      },
    },
  },
  AntiAlias: QUALITY,
  Sharpness: QUALITY,
  AfdSignaling: METADATA,
  FixedAfd: METADATA,
  RespondToAfd: values('NONE'),
  ColorMetadata: METADATA,
  ChromaPositionLocation: METADATA,
  DropFrameTimecode: METADATA,
  TimecodeInsertion: values('DISABLED'),
  TimecodeTrack: values('DISABLED'),
};

const AUDIO_DESCRIPTION: Spec = {
  AudioSourceName: 'handled',
  CodecSettings: {
    object: {
      Codec: values('AAC'),
      AacSettings: {
        object: {
          Bitrate: 'handled',
          CodingMode: values('CODING_MODE_1_0', 'CODING_MODE_2_0', 'CODING_MODE_5_1', 'CODING_MODE_AUTO'),
          SampleRate: 'handled',
          CodecProfile: values('LC'),
          RateControlMode: values('CBR', 'VBR'),
          VbrQuality: ignored('the local AAC encoder codes the bitrate; VBR quality has no counterpart'),
          RawFormat: values('NONE'),
          Specification: METADATA,
          AudioDescriptionBroadcasterMix: values('NORMAL'),
        },
      },
    },
  },
  AudioNormalizationSettings: {
    object: {
      // BS.1770-2 to -4 share the gated measurement of ffmpeg's ebur128 filter; -1 is ungated.
      Algorithm: values('ITU_BS_1770_2', 'ITU_BS_1770_3', 'ITU_BS_1770_4'),
      AlgorithmControl: values('MEASURE_ONLY'),
      LoudnessLogging: values('LOG', 'DONT_LOG'),
      PeakCalculation: values('NONE', 'TRUE_PEAK'),
      TargetLkfs: ignored('a correction target; MEASURE_ONLY does not correct'),
      CorrectionGateLevel: ignored('a correction gate; MEASURE_ONLY does not correct'),
      TruePeakLimiterThreshold: ignored('a correction limiter; MEASURE_ONLY does not correct'),
    },
  },
  LanguageCode: METADATA,
  LanguageCodeControl: METADATA,
  CustomLanguageCode: METADATA,
  AudioType: METADATA,
  AudioTypeControl: METADATA,
  StreamName: METADATA,
  AudioChannelTaggingSettings: METADATA,
};

const OUTPUT: Spec = {
  NameModifier: 'handled',
  Extension: 'handled',
  ContainerSettings: {
    object: {
      Container: values('MP4', 'MPD', 'CMFC', 'RAW'),
      CmfcSettings: {
        object: {
          AudioDuration: ignored('audio keeps its own duration in the local outputs'),
          AudioGroupId: METADATA,
          AudioRenditionSets: METADATA,
          AudioTrackType: METADATA,
          DescriptiveVideoServiceFlag: METADATA,
          IFrameOnlyManifest: values('EXCLUDE'),
          KlvMetadata: METADATA,
          ManifestMetadataSignaling: METADATA,
          Scte35Esam: METADATA,
          Scte35Source: METADATA,
          TimedMetadata: METADATA,
          TimedMetadataBoxVersion: METADATA,
          TimedMetadataSchemeIdUri: METADATA,
          TimedMetadataValue: METADATA,
        },
      },
      Mp4Settings: {
        object: {
          MoovPlacement: values('PROGRESSIVE_DOWNLOAD', 'NORMAL'),
          CslgAtom: METADATA,
          CttsVersion: METADATA,
          FreeSpaceBox: METADATA,
          Mp4MajorBrand: METADATA,
          AudioDuration: ignored('audio keeps its own duration in the local outputs'),
          C2paManifest: METADATA,
        },
      },
      MpdSettings: {
        object: {
          AccessibilityCaptionHints: METADATA,
          AudioDuration: ignored('audio keeps its own duration in the local outputs'),
          CaptionContainerType: METADATA,
          KlvMetadata: METADATA,
          ManifestMetadataSignaling: METADATA,
          Scte35Esam: METADATA,
          Scte35Source: METADATA,
          TimedMetadata: METADATA,
          TimedMetadataBoxVersion: METADATA,
          TimedMetadataSchemeIdUri: METADATA,
          TimedMetadataValue: METADATA,
        },
      },
    },
  },
  VideoDescription: { object: VIDEO_DESCRIPTION },
  AudioDescriptions: { list: { object: AUDIO_DESCRIPTION } },
};

const DASH_GROUP: Spec = {
  Destination: 'handled',
  DestinationSettings: { object: S3_DESTINATION },
  SegmentLength: 'handled',
  SegmentControl: values('SINGLE_FILE', 'SEGMENTED_FILES'),
  FragmentLength: ignored('the local packager writes one fragment per segment'),
  SegmentLengthControl: ignored('segments end on the keyframes placed at every segment length'),
  MpdProfile: values('MAIN_PROFILE', 'ON_DEMAND_PROFILE'),
  HbbtvCompliance: values('NONE'),
  ImageBasedTrickPlay: values('NONE'),
  MinBufferTime: METADATA,
  MinFinalSegmentLength: ignored('a short final segment is kept as it is'),
  WriteSegmentTimelineInRepresentation: METADATA,
  PtsOffsetHandlingForBFrames: METADATA,
  MpdManifestBandwidthType: METADATA,
  AudioChannelConfigSchemeIdUri: METADATA,
  DashManifestStyle: METADATA,
};

const CMAF_GROUP: Spec = {
  Destination: 'handled',
  DestinationSettings: { object: S3_DESTINATION },
  SegmentLength: 'handled',
  SegmentControl: values('SEGMENTED_FILES'),
  FragmentLength: ignored('the local packager writes one fragment per segment'),
  SegmentLengthControl: ignored('segments end on the keyframes placed at every segment length'),
  WriteHlsManifest: values('ENABLED', 'DISABLED'),
  WriteDashManifest: values('ENABLED', 'DISABLED'),
  MpdProfile: values('MAIN_PROFILE', 'ON_DEMAND_PROFILE'),
  CodecSpecification: METADATA,
  ManifestDurationFormat: METADATA,
  ManifestCompression: values('NONE'),
  StreamInfResolution: METADATA,
  ClientCache: METADATA,
  MinBufferTime: METADATA,
  MinFinalSegmentLength: ignored('a short final segment is kept as it is'),
  WriteSegmentTimelineInRepresentation: METADATA,
  PtsOffsetHandlingForBFrames: METADATA,
  MpdManifestBandwidthType: METADATA,
  TargetDurationCompatibilityMode: METADATA,
  ImageBasedTrickPlay: values('NONE'),
  DashManifestStyle: METADATA,
};

const OUTPUT_GROUP: Spec = {
  Name: ignored('a display name'),
  CustomName: ignored('a display name'),
  OutputGroupSettings: {
    object: {
      Type: values('FILE_GROUP_SETTINGS', 'DASH_ISO_GROUP_SETTINGS', 'CMAF_GROUP_SETTINGS'),
      FileGroupSettings: { object: { Destination: 'handled', DestinationSettings: { object: S3_DESTINATION } } },
      DashIsoGroupSettings: { object: DASH_GROUP },
      CmafGroupSettings: { object: CMAF_GROUP },
    },
  },
  AutomatedEncodingSettings: {
    object: {
      AbrSettings: {
        object: {
          MaxAbrBitrate: 'handled',
          MinAbrBitrate: 'handled',
          MaxRenditions: 'handled',
          MaxQualityLevel: ignored('renditions are encoded to their ladder bitrates, not to a QVBR level'),
        },
      },
    },
  },
  Outputs: { list: { object: OUTPUT } },
};

export const JOB_SETTINGS: Spec = {
  Inputs: { list: { object: INPUT } },
  OutputGroups: { list: { object: OUTPUT_GROUP } },
  FollowSource: 'handled',
  TimecodeConfig: {
    object: {
      Source: ignored('the local outputs carry no timecode track, so the output timecode source has no effect'),
      Start: ignored('the local outputs carry no timecode track'),
      Anchor: ignored('the local outputs carry no timecode track'),
      TimestampOffset: ignored('the local outputs carry no timecode track'),
    },
  },
};

const memberPath = (path: string, key: string): string =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;

/**
 * Checks `value` against `rule`; throws UnsupportedSettingError / InvalidSettingError naming the
 * path of the first member it cannot run. Returns the paths it accepted and ignored, with why.
 */
export function checkSettings(value: unknown, rule: Rule, path: string, ignoredPaths: string[] = []): string[] {
  if (value === undefined || value === null) return ignoredPaths;
  if (rule === 'handled') return ignoredPaths;
  if ('ignored' in rule) {
    ignoredPaths.push(`${path}: ${rule.ignored}`);
    return ignoredPaths;
  }
  if ('values' in rule) {
    if (typeof value !== 'string' || !rule.values.includes(value)) {
      throw new UnsupportedSettingError(`${path} = ${JSON.stringify(value)}`, `supported: ${rule.values.join(', ')}`);
    }
    return ignoredPaths;
  }
  if ('list' in rule) {
    if (!Array.isArray(value)) throw new InvalidSettingError(path, 'must be a list');
    value.forEach((item, index) => checkSettings(item, rule.list, `${path}[${index}]`, ignoredPaths));
    return ignoredPaths;
  }
  if (!isPlainObject(value)) throw new InvalidSettingError(path, 'must be an object');
  if ('map' in rule) {
    for (const [key, item] of Object.entries(value)) checkSettings(item, rule.map, memberPath(path, key), ignoredPaths);
    return ignoredPaths;
  }
  const present = Object.entries(value).filter(([, item]) => item !== undefined && item !== null);
  // Unknown members first: `HlsGroupSettings` says more than the `Type` value that goes with it.
  const unknown = present.find(([key]) => rule.object[key] === undefined);
  if (unknown) throw new UnsupportedSettingError(memberPath(path, unknown[0]));
  for (const [key, item] of present) checkSettings(item, rule.object[key], memberPath(path, key), ignoredPaths);
  return ignoredPaths;
}

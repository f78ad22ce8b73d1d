/**
 * A job as the local engine runs it: the settings, validated, with MediaConvert's defaults
 * applied. Planning needs no media; what depends on the inputs (frame rates, clip points in
 * seconds, the ABR ladder) is resolved when the job runs.
 */
import type { AbrLimits } from './abr-ladder';
import type { FrameRate } from './timecode';

export type InputKind = 'file' | 'hls';
export type TimecodeSource = 'EMBEDDED' | 'ZEROBASED' | 'SPECIFIEDSTART';

export interface ClippingPlan {
  /** Timecodes as written in the settings; at least one is set. */
  start?: string;
  end?: string;
}

export interface AudioSelectorPlan {
  /** Audio tracks of the input, numbered from 1; several are merged into one multichannel track. */
  tracks: number[];
  /** No Tracks in the settings: track 1 if the input has audio, silence if it has none. */
  defaulted: boolean;
}

export interface ImagePlan {
  uri: string;
  x: number;
  y: number;
  /** Unset: the image's own size. */
  width?: number;
  height?: number;
  /** 0 (transparent) to 100 (opaque). */
  opacity: number;
  /** Timecode on the input's timeline; unset: from the input's first frame. */
  startTimecode?: string;
  /** Unset: to the end of the input. Includes the fade-in, not the fade-out. */
  durationMs?: number;
  fadeInMs: number;
  fadeOutMs: number;
  layer: number;
}

export interface InputPlan {
  /** Settings path, for messages: `Settings.Inputs[1]`. */
  path: string;
  uri: string;
  kind: InputKind;
  timecodeSource: TimecodeSource;
  timecodeStart?: string;
  /** VideoSelector Rotate AUTO: turn the picture as its rotation metadata says (MediaConvert's default is not to). */
  autoRotate: boolean;
  clippings: ClippingPlan[];
  audioSelectors: Record<string, AudioSelectorPlan>;
  /** Overlays of this input, bottom layer first. */
  images: ImagePlan[];
}

export type ScalingBehavior = 'DEFAULT' | 'STRETCH_TO_OUTPUT' | 'FIT' | 'FIT_NO_UPSCALE' | 'FILL';

export interface VideoPlan {
  /** Unset: follow the source (both unset), or keep the source's aspect ratio (one set). */
  width?: number;
  height?: number;
  scaling: ScalingBehavior;
  rateControl: 'CBR' | 'VBR' | 'QVBR';
  /** Average bitrate (CBR, VBR). */
  bitrate?: number;
  /** Peak bitrate (VBR, QVBR). */
  maxBitrate?: number;
  /** QVBR quality level, 1-10 with the fine tune added. */
  qvbrLevel?: number;
  bufferSize?: number;
  gop: { size: number; units: 'FRAMES' | 'SECONDS' };
  /** Unset: the followed input's frame rate. */
  frameRate?: FrameRate;
  profile?: 'baseline' | 'main' | 'high';
  /** x264 level, e.g. '4.1'; unset: automatic. */
  level?: string;
  bFrames?: number;
  entropy?: 'cabac' | 'cavlc';
}

export interface LoudnessPlan {
  /** Write the CSV loudness log (LoudnessLogging LOG). */
  log: boolean;
  truePeak: boolean;
}

export interface AudioPlan {
  /** Settings path, for messages. */
  path: string;
  /** The audio selector (AudioSourceName) this track takes. */
  selector: string;
  bitrate: number;
  sampleRate: number;
  /** Output channels; 'auto': as the selected audio, within 1.0, 2.0 and 5.1. */
  channels: 1 | 2 | 6 | 'auto';
  loudness?: LoudnessPlan;
}

/** A FRAME_CAPTURE output (Container RAW): JPEG stills at a rate, from the first frame. */
export interface FrameCapturePlan {
  /** Captures per second: numerator / denominator. */
  numerator: number;
  denominator: number;
  maxCaptures: number;
  /** JPEG quality, 1-100. */
  quality: number;
  /** Unset: as the source (one set: the source's aspect ratio). */
  width?: number;
  height?: number;
}

export interface FileOutputPlan {
  path: string;
  nameModifier: string;
  extension: string;
  /** Set for a frame capture output, which has no `video` plan and no audio. */
  frameCapture?: FrameCapturePlan;
  /** Moov before the media (MoovPlacement PROGRESSIVE_DOWNLOAD). */
  faststart: boolean;
  video?: VideoPlan;
  audio: AudioPlan[];
}

export interface FileGroupPlan {
  type: 'FILE_GROUP';
  path: string;
  destination: string;
  outputs: FileOutputPlan[];
}

export interface DashOutputPlan {
  path: string;
  nameModifier: string;
  /** A DASH output carries one video or one audio stream. */
  video?: VideoPlan;
  audio?: AudioPlan;
}

export interface DashGroupPlan {
  /** CMAF: the same fMP4 segments listed by an HLS master playlist and a DASH manifest. */
  type: 'DASH_ISO_GROUP' | 'CMAF_GROUP';
  path: string;
  destination: string;
  /** Which manifests are written (DASH ISO: the MPD only). */
  manifests: { hls: boolean; dash: boolean };
  segmentLengthSeconds: number;
  singleFile: boolean;
  /** Automated ABR: the group's one video output becomes a ladder of renditions. */
  abr?: AbrLimits;
  outputs: DashOutputPlan[];
}

export type OutputGroupPlan = FileGroupPlan | DashGroupPlan;

export interface JobPlan {
  /** In order: their timelines are concatenated. */
  inputs: InputPlan[];
  /** Index (from 0) of the input whose resolution and frame rate outputs follow (FollowSource). */
  followInput: number;
  outputGroups: OutputGroupPlan[];
  /** Settings accepted without local effect, each with why that is harmless. */
  ignoredSettings: string[];
}

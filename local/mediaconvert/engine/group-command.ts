/**
 * The ffmpeg commands of a job: every segment of the timeline read once (with its overlays),
 * brought to the canvas, concatenated, then split to the outputs, each scaled and encoded; loudness
 * is measured in the same pass with the ebur128 filter. groupCommand makes one command per output
 * group (each decoding the inputs); onePassCommand makes one command for all the groups, which
 * decodes the inputs once and writes every group's outputs. Pure: they build the argument lists
 * and say which local files the commands write.
 */
import type { Rendition } from './abr-ladder';
import { abrLadder } from './abr-ladder';
import { ERROR_CODES, JobFailedError } from './errors';
import type { AudioPlan, DashGroupPlan, FileGroupPlan, FrameCapturePlan, JobPlan, OutputGroupPlan, VideoPlan } from './job-plan';
import { displaySize } from './media-info';
import type { MediaInfo } from './media-info';
import type { Canvas, Segment, SegmentImage, Timeline } from './timeline';
import type { FrameRate } from './timecode';
import { framesPerSecond } from './timecode';

/** x264 speed preset for every output: the local engine favours turnaround over compression. */
export const X264_PRESET = 'veryfast';
/** The sample rate the timeline's audio is joined at. */
const TIMELINE_SAMPLE_RATE = 48000;
/** Local base name of DASH files; renamed to the destination's base name on upload. */
export const DASH_LOCAL_BASE = 'stream';
/** The HLS master playlist and media playlists the dash muxer writes with `-hls_playlist 1`. */
export const HLS_LOCAL_MASTER = 'master.m3u8';
export const HLS_LOCAL_MEDIA = /^media_(\d+)\.m3u8$/;

export interface CommandContext {
  plan: JobPlan;
  timeline: Timeline;
  infos: MediaInfo[];
  /** Local file ffmpeg reads per input. */
  inputPaths: string[];
  /** Local image files per input, in the order of the input plan's images. */
  imagePaths: string[][];
  /** Folder the group's files are written to. */
  outputFolder: string;
  /** Folder of the loudness measurements. */
  measureFolder: string;
}

/** A loudness measurement the command writes: ebur128 frames printed by ametadata. */
export interface LoudnessMeasure {
  file: string;
  /** Output index in the group, audio track in that output (from 1) and the output's track count. */
  output: number;
  track: number;
  trackCount: number;
  truePeak: boolean;
  log: boolean;
}

export interface VideoResult {
  width: number;
  height: number;
}

export interface FileOutputResult {
  output: number;
  /** A frame capture output: the image2 pattern of its numbered JPEG files. */
  file: string;
  video?: VideoResult;
  /** Frame captures: the files are `<prefix><7-digit counter>.jpg`, counted from 0. */
  capturePrefix?: string;
}

/** What one output group's part of a command writes. */
export interface GroupFiles {
  /** FILE_GROUP: one file per output. */
  files: FileOutputResult[];
  /** DASH and CMAF: the manifest, and per output its representations (the ABR ladder for the ABR output). */
  manifest?: string;
  /** CMAF: the HLS master playlist the packager writes beside the manifest (media playlists `media_<n>.m3u8`). */
  hlsMaster?: string;
  dashOutputs?: { output: number; videos: VideoResult[]; audio: boolean }[];
  loudness: LoudnessMeasure[];
}

export interface GroupCommand extends GroupFiles {
  args: string[];
}

/** One ffmpeg command writing the outputs of every group: `groups[i]` is what it writes for group i. */
export interface OnePassCommand {
  args: string[];
  groups: GroupFiles[];
}

/** A group's part of a command: its output options and files, after the shared inputs and filter graph. */
interface GroupOutputs extends GroupFiles {
  outputArgs: string[];
}

/** How many labels of the joined picture and of each audio selector a group's outputs take. */
interface Needs {
  video: number;
  audio: Record<string, number>;
}

const even = (value: number): number => Math.max(2, Math.round(value / 2) * 2);
const seconds = (value: number): string => value.toFixed(6).replace(/\.?0+$/, '') || '0';
const rate = (frameRate: FrameRate): string => `${frameRate.numerator}/${frameRate.denominator}`;

function layoutName(channels: number): string {
  const names: Record<number, string> = { 1: 'mono', 2: 'stereo', 3: '3.0', 4: 'quad', 5: '5.0', 6: '5.1', 7: '6.1', 8: '7.1' };
  return names[channels] ?? `${channels}c`;
}

/** A path inside a filter argument: the engine's own folders, checked to need no escaping. */
function filterPath(file: string): string {
  if (!/^[\w/.-]+$/.test(file))
    throw new Error(`Work folder path ${JSON.stringify(file)} has characters a filter graph would need escaped; use a plain work folder`);
  return file;
}

class Graph {
  readonly inputs: string[] = [];
  readonly filters: string[] = [];
  private inputCount = 0;
  private labelCount = 0;

  input(args: string[]): number {
    this.inputs.push(...args);
    return this.inputCount++;
  }

  label(prefix: string): string {
    return `[${prefix}${this.labelCount++}]`;
  }

  add(filter: string): void {
    this.filters.push(filter);
  }

  /** `count` labels carrying `source` (split when more than one). */
  fanOut(source: string, count: number, audio: boolean): string[] {
    if (count === 1) return [source];
    const outputs = Array.from({ length: count }, () => this.label(audio ? 'as' : 'vs'));
    this.add(`${source}${audio ? 'asplit' : 'split'}=${count}${outputs.join('')}`);
    return outputs;
  }
}

/** An overlay on one segment's picture, in the input's own resolution and frame rate. */
function overlay(graph: Graph, picture: string, placed: SegmentImage, imagePath: string, segment: Segment, inputRate: FrameRate): string {
  const { image, start, end } = placed;
  const visibleUntil = Math.min(end, segment.duration);
  const length = visibleUntil - start;
  const imageInput = graph.input(['-loop', '1', '-framerate', rate(inputRate), '-t', seconds(length), '-i', imagePath]);
  const chain = ['format=rgba'];
  if (image.width !== undefined || image.height !== undefined) chain.push(`scale=w=${image.width ?? 'iw'}:h=${image.height ?? 'ih'}`);
  chain.push(`colorchannelmixer=aa=${(image.opacity / 100).toFixed(4)}`);
  if (image.fadeInMs > 0) chain.push(`fade=t=in:st=0:d=${seconds(image.fadeInMs / 1000)}:alpha=1`);
  if (image.fadeOutMs > 0 && image.durationMs !== undefined)
    chain.push(`fade=t=out:st=${seconds(image.durationMs / 1000)}:d=${seconds(image.fadeOutMs / 1000)}:alpha=1`);
  if (start < 0) chain.push(`trim=start=${seconds(-start)}`, 'setpts=PTS-STARTPTS');
  else if (start > 0) chain.push(`setpts=PTS+${seconds(start)}/TB`);
  const layer = graph.label('img');
  graph.add(`[${imageInput}:v]${chain.join(',')}${layer}`);
  const from = Math.max(0, start);
  const enable = Number.isFinite(end) ? `between(t,${seconds(from)},${seconds(visibleUntil)})` : `gte(t,${seconds(from)})`;
  const result = graph.label('ov');
  graph.add(`${picture}${layer}overlay=x=${image.x}:y=${image.y}:eof_action=pass:enable='${enable}'${result}`);
  return result;
}

/** The size an input picture takes on the canvas: fitted inside it, keeping its display aspect. */
function fitted(info: MediaInfo, autoRotate: boolean, canvas: Canvas): { width: number; height: number } {
  const shown = displaySize(info.video!, autoRotate);
  const aspect = shown.width / shown.height;
  const scale = Math.min(canvas.width / aspect, canvas.height);
  return { width: Math.min(canvas.width, even(scale * aspect)), height: Math.min(canvas.height, even(scale)) };
}

function segmentVideo(graph: Graph, context: CommandContext, segment: Segment, segmentInput: number): string {
  const canvas = context.timeline.canvas!;
  const info = context.infos[segment.input];
  const output = graph.label('v');
  if (!info.video) {
    graph.add(
      `color=c=black:s=${canvas.width}x${canvas.height}:r=${rate(canvas.frameRate)}:d=${seconds(segment.duration)},format=yuv420p,setsar=1${output}`,
    );
    return output;
  }
  let picture = `[${segmentInput}:v:0]`;
  const input = context.plan.inputs[segment.input];
  for (const placed of segment.images) {
    const imagePath = context.imagePaths[segment.input][input.images.indexOf(placed.image)];
    picture = overlay(graph, picture, placed, imagePath, segment, info.video.frameRate);
  }
  const size = fitted(info, input.autoRotate, canvas);
  graph.add(
    `${picture}scale=${size.width}:${size.height},setsar=1,pad=${canvas.width}:${canvas.height}:(ow-iw)/2:(oh-ih)/2,` +
      `fps=${rate(canvas.frameRate)},format=yuv420p${output}`,
  );
  return output;
}

function segmentAudio(graph: Graph, context: CommandContext, segment: Segment, selector: string, segmentInput: number): string {
  const channels = context.timeline.selectorChannels[selector];
  const selected = context.timeline.audio[segment.input][selector];
  const output = graph.label('a');
  const format = `aformat=sample_fmts=fltp:sample_rates=${TIMELINE_SAMPLE_RATE}:channel_layouts=${layoutName(channels)}`;
  if (!selected || selected.tracks.length === 0) {
    graph.add(`anullsrc=r=${TIMELINE_SAMPLE_RATE}:cl=${layoutName(channels)},atrim=0:${seconds(segment.duration)}${output}`);
    return output;
  }
  const sources = selected.tracks.map((track) => `[${segmentInput}:a:${track - 1}]`).join('');
  const merge = selected.tracks.length > 1 ? `amerge=inputs=${selected.tracks.length},` : '';
  // Mono into more channels: the same signal in every channel, as a dual-mono track.
  const upmix =
    selected.channels === 1 && channels > 1 ? `pan=${layoutName(channels)}|${Array.from({ length: channels }, (_, c) => `c${c}=c0`).join('|')},` : '';
  graph.add(
    `${sources}${merge}aresample=${TIMELINE_SAMPLE_RATE},${upmix}${format},apad,atrim=0:${seconds(segment.duration)},asetpts=PTS-STARTPTS${output}`,
  );
  return output;
}

/** Output picture size and the scale filter for a non-ABR output (MediaConvert's scaling behaviours). */
export function outputPicture(
  video: Pick<VideoPlan, 'width' | 'height' | 'scaling'>,
  canvas: Canvas,
): { filter: string; width: number; height: number } {
  const aspect = canvas.width / canvas.height;
  if (video.width === undefined && video.height === undefined) {
    return { filter: `scale=${canvas.width}:${canvas.height}`, width: canvas.width, height: canvas.height };
  }
  if (video.width === undefined || video.height === undefined) {
    const width = video.width ?? even(video.height! * aspect);
    const height = video.height ?? even(video.width! / aspect);
    return { filter: `scale=${width}:${height}`, width, height };
  }
  const { width, height } = video;
  switch (video.scaling) {
    case 'STRETCH_TO_OUTPUT':
      return { filter: `scale=${width}:${height}`, width, height };
    case 'FIT':
    case 'FIT_NO_UPSCALE': {
      let scale = Math.min(width / canvas.width, height / canvas.height);
      if (video.scaling === 'FIT_NO_UPSCALE') scale = Math.min(scale, 1);
      const w = even(canvas.width * scale);
      const h = even(canvas.height * scale);
      return { filter: `scale=${w}:${h}`, width: w, height: h };
    }
    case 'FILL': {
      const scale = Math.max(width / canvas.width, height / canvas.height);
      return { filter: `scale=${even(canvas.width * scale)}:${even(canvas.height * scale)},crop=${width}:${height}`, width, height };
    }
    case 'DEFAULT': {
      const scale = Math.min(width / canvas.width, height / canvas.height);
      const w = Math.min(width, even(canvas.width * scale));
      const h = Math.min(height, even(canvas.height * scale));
      return { filter: `scale=${w}:${h},pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2`, width, height };
    }
  }
}

/** Seconds between keyframes. */
function gopSeconds(video: VideoPlan, frameRate: FrameRate): number {
  return video.gop.units === 'SECONDS' ? video.gop.size : video.gop.size / framesPerSecond(frameRate);
}

/** QVBR quality level (1-10) as an x264 constant rate factor: level 10 ~ crf 18, level 7 ~ 25.5, level 1 ~ 40.5. */
export function qvbrCrf(level: number): number {
  return Math.round((18 + (10 - level) * 2.5) * 10) / 10;
}

function videoCodecArgs(index: number, video: VideoPlan, frameRate: FrameRate, segmentAligned: boolean, rendition?: Rendition): string[] {
  const s = `:v:${index}`;
  const args = [`-c${s}`, 'libx264', `-preset${s}`, X264_PRESET];
  if (rendition) {
    args.push(
      `-b${s}`,
      String(rendition.bitrate),
      `-maxrate${s}`,
      String(Math.round(rendition.bitrate * 1.5)),
      `-bufsize${s}`,
      String(rendition.bitrate * 2),
    );
  } else if (video.rateControl === 'CBR') {
    const bitrate = String(video.bitrate);
    args.push(`-b${s}`, bitrate, `-minrate${s}`, bitrate, `-maxrate${s}`, bitrate, `-bufsize${s}`, String(video.bufferSize ?? video.bitrate! * 2));
  } else if (video.rateControl === 'VBR') {
    args.push(`-b${s}`, String(video.bitrate));
    if (video.maxBitrate !== undefined)
      args.push(`-maxrate${s}`, String(video.maxBitrate), `-bufsize${s}`, String(video.bufferSize ?? video.maxBitrate * 2));
  } else {
    args.push(
      `-crf${s}`,
      String(qvbrCrf(video.qvbrLevel ?? 7)),
      `-maxrate${s}`,
      String(video.maxBitrate),
      `-bufsize${s}`,
      String(video.bufferSize ?? video.maxBitrate! * 2),
    );
  }
  const gop = gopSeconds(video, frameRate);
  args.push(`-g${s}`, String(Math.max(1, Math.round(gop * framesPerSecond(frameRate)))));
  if (segmentAligned) args.push(`-force_key_frames${s}`, `expr:gte(t,n_forced*${seconds(gop)})`, `-sc_threshold${s}`, '0');
  if (video.profile) args.push(`-profile${s}`, video.profile);
  if (video.level) args.push(`-level${s}`, video.level);
  if (video.bFrames !== undefined) args.push(`-bf${s}`, String(video.bFrames));
  if (video.entropy) args.push(`-coder${s}`, video.entropy);
  return args;
}

function outputChannels(audio: AudioPlan, selectorChannels: number): number {
  if (audio.channels !== 'auto') return audio.channels;
  if (selectorChannels >= 6) return 6;
  return selectorChannels === 1 ? 1 : 2;
}

function audioChain(audio: AudioPlan, selectorChannels: number): string {
  const channels = outputChannels(audio, selectorChannels);
  const upmix =
    selectorChannels === 1 && channels > 1 ? `pan=${layoutName(channels)}|${Array.from({ length: channels }, (_, c) => `c${c}=c0`).join('|')},` : '';
  return `${upmix}aformat=sample_fmts=fltp:sample_rates=${audio.sampleRate}:channel_layouts=${layoutName(channels)}`;
}

function audioCodecArgs(index: number, audio: AudioPlan): string[] {
  const s = `:a:${index}`;
  // The two-loop coder spends the bitrate it is given, as MediaConvert's CBR AAC does; the default
  // fast coder leaves simple signals (a test tone) far under it.
  return [`-c${s}`, 'aac', `-aac_coder${s}`, 'twoloop', `-b${s}`, String(audio.bitrate), `-ar${s}`, String(audio.sampleRate)];
}

interface Sources {
  video: string[];
  audio: Record<string, string[]>;
}

/** Reads and joins the timeline: returns one label per consumer of the picture and of each selector. */
function joinTimeline(graph: Graph, context: CommandContext, needs: Needs): Sources {
  const { timeline } = context;
  const videoConsumers = needs.video;
  const audioConsumers = needs.audio;
  const selectors = Object.keys(audioConsumers);
  const pieces: string[] = [];
  timeline.segments.forEach((segment) => {
    const args = ['-t', seconds(segment.duration), '-i', context.inputPaths[segment.input]];
    if (segment.start > 0) args.unshift('-ss', seconds(segment.start));
    // MediaConvert rotates only with Rotate AUTO; ffmpeg would follow the rotation metadata.
    if (!context.plan.inputs[segment.input].autoRotate) args.unshift('-noautorotate');
    const segmentInput = graph.input(args);
    if (videoConsumers > 0) pieces.push(segmentVideo(graph, context, segment, segmentInput));
    for (const selector of selectors) pieces.push(segmentAudio(graph, context, segment, selector, segmentInput));
  });
  const video = videoConsumers > 0 ? graph.label('cv') : undefined;
  const audio = selectors.map(() => graph.label('ca'));
  const joined = [...(video ? [video] : []), ...audio];
  const concat = timeline.segments.length > 1 ? `concat=n=${timeline.segments.length}:v=${video ? 1 : 0}:a=${audio.length}` : undefined;
  if (concat) {
    graph.add(`${pieces.join('')}${concat}${joined.join('')}`);
  } else {
    joined.forEach((label, i) => graph.add(`${pieces[i]}${i === 0 && video ? 'null' : 'anull'}${label}`));
  }
  return {
    video: video ? graph.fanOut(video, videoConsumers, false) : [],
    audio: Object.fromEntries(selectors.map((selector, i) => [selector, graph.fanOut(audio[i], audioConsumers[selector], true)])),
  };
}

function measure(graph: Graph, source: string, file: string, truePeak: boolean): void {
  graph.add(`${source}ebur128=metadata=1${truePeak ? ':peak=true' : ''},ametadata=mode=print:file=${filterPath(file)},anullsink`);
}

function consumers(audio: AudioPlan[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const track of audio) counts[track.selector] = (counts[track.selector] ?? 0) + 1 + (track.loudness?.log ? 1 : 0);
  return counts;
}

function requireCanvas(context: CommandContext, group: OutputGroupPlan): Canvas {
  if (!context.timeline.canvas) {
    throw new JobFailedError(
      ERROR_CODES.missingVideo,
      `${group.path} has video outputs, but no input has video that the transcoder can consume. Add an input with video, or remove the VideoDescription, and resubmit the job.`,
    );
  }
  return context.timeline.canvas;
}

/** JPEG quality (1-100) as the mjpeg encoder's quantiser scale (2 best, 31 worst). */
export function jpegQscale(quality: number): number {
  return Math.round(2 + ((100 - quality) * 29) / 99);
}

function frameCaptureArgs(
  graph: Graph,
  source: string,
  capture: FrameCapturePlan,
  canvas: Canvas,
  file: string,
): { args: string[]; video: VideoResult } {
  const picture = outputPicture(
    { ...(capture.width ? { width: capture.width } : {}), ...(capture.height ? { height: capture.height } : {}), scaling: 'DEFAULT' },
    canvas,
  );
  const label = graph.label('fc');
  // Captures at 0, 1/rate, 2/rate...: the first frame at or after each of those times, none past the end.
  const r = `${capture.numerator}/${capture.denominator}`;
  graph.add(`${source}select='eq(n\\,0)+gt(floor(t*${r})\\,floor(prev_t*${r}))',${picture.filter},setsar=1,format=yuvj420p${label}`);
  return {
    args: [
      '-map',
      label,
      '-vsync',
      '0',
      '-c:v',
      'mjpeg',
      '-q:v',
      String(jpegQscale(capture.quality)),
      '-frames:v',
      String(capture.maxCaptures),
      '-f',
      'image2',
      '-start_number',
      '0',
      '-y',
      file,
    ],
    video: { width: picture.width, height: picture.height },
  };
}

function fileGroupNeeds(group: FileGroupPlan, context: CommandContext): Needs {
  const video = group.outputs.filter((output) => output.video || output.frameCapture).length;
  if (video > 0) requireCanvas(context, group);
  return { video, audio: consumers(group.outputs.flatMap((output) => output.audio)) };
}

function fileGroupOutputs(group: FileGroupPlan, context: CommandContext, graph: Graph, sources: Sources): GroupOutputs {
  const canvas = group.outputs.some((output) => output.video || output.frameCapture) ? requireCanvas(context, group) : undefined;
  const outputArgs: string[] = [];
  const files: FileOutputResult[] = [];
  const loudness: LoudnessMeasure[] = [];
  let videoIndex = 0;
  const audioIndex: Record<string, number> = {};
  group.outputs.forEach((output, o) => {
    if (output.frameCapture && canvas) {
      const capturePrefix = `${context.outputFolder}/output${o}.`;
      const capture = frameCaptureArgs(graph, sources.video[videoIndex++], output.frameCapture, canvas, `${capturePrefix}%07d.jpg`);
      outputArgs.push(...capture.args);
      files.push({ output: o, file: `${capturePrefix}%07d.jpg`, video: capture.video, capturePrefix });
      return;
    }
    const file = `${context.outputFolder}/output${o}.${output.extension}`;
    const args: string[] = [];
    const result: FileOutputResult = { output: o, file };
    if (output.video && canvas) {
      const picture = outputPicture(output.video, canvas);
      const frameRate = output.video.frameRate ?? canvas.frameRate;
      const label = graph.label('ov');
      graph.add(
        `${sources.video[videoIndex++]}${picture.filter},setsar=1${output.video.frameRate ? `,fps=${rate(frameRate)}` : ''},format=yuv420p${label}`,
      );
      args.push('-map', label, ...videoCodecArgs(0, output.video, frameRate, false));
      result.video = { width: picture.width, height: picture.height };
    }
    output.audio.forEach((audio, t) => {
      const taken = audioIndex[audio.selector] ?? 0;
      const selectorChannels = context.timeline.selectorChannels[audio.selector];
      const label = graph.label('oa');
      graph.add(`${sources.audio[audio.selector][taken]}${audioChain(audio, selectorChannels)}${label}`);
      args.push('-map', label, ...audioCodecArgs(t, audio));
      let next = taken + 1;
      if (audio.loudness?.log) {
        const measureFile = `${context.measureFolder}/g-${o}-${t + 1}.txt`;
        measure(graph, sources.audio[audio.selector][next], measureFile, audio.loudness.truePeak);
        loudness.push({
          file: measureFile,
          output: o,
          track: t + 1,
          trackCount: output.audio.length,
          truePeak: audio.loudness.truePeak,
          log: audio.loudness.log,
        });
        next += 1;
      }
      audioIndex[audio.selector] = next;
    });
    if (output.faststart) args.push('-movflags', '+faststart');
    args.push('-max_muxing_queue_size', '4096', '-f', 'mp4', '-y', file);
    outputArgs.push(...args);
    files.push(result);
  });
  return { outputArgs, files, loudness };
}

/** Per output, the ABR ladder of an Automated ABR group's video output. */
function dashLadders(group: DashGroupPlan, context: CommandContext): (Rendition[] | undefined)[] {
  const canvas = group.outputs.some((output) => output.video) ? requireCanvas(context, group) : undefined;
  return group.outputs.map((output) =>
    output.video && group.abr && canvas
      ? abrLadder(canvas, group.abr, {
          ...(output.video.width ? { width: output.video.width } : {}),
          ...(output.video.height ? { height: output.video.height } : {}),
        })
      : undefined,
  );
}

function dashGroupNeeds(group: DashGroupPlan, context: CommandContext): Needs {
  const ladders = dashLadders(group, context);
  const video = group.outputs.reduce((sum, output, o) => sum + (output.video ? (ladders[o]?.length ?? 1) : 0), 0);
  return { video, audio: consumers(group.outputs.flatMap((output) => (output.audio ? [output.audio] : []))) };
}

function dashGroupOutputs(group: DashGroupPlan, context: CommandContext, graph: Graph, sources: Sources): GroupOutputs {
  const canvas = group.outputs.some((output) => output.video) ? requireCanvas(context, group) : undefined;
  const ladders = dashLadders(group, context);
  const maps: string[] = [];
  const codecArgs: string[] = [];
  const loudness: LoudnessMeasure[] = [];
  const dashOutputs: NonNullable<GroupCommand['dashOutputs']> = [];
  let videoIndex = 0;
  let audioStream = 0;
  const audioIndex: Record<string, number> = {};
  // The packager numbers representations in stream order: video streams first, then audio.
  group.outputs.forEach((output, o) => {
    if (!output.video || !canvas) return;
    const frameRate = output.video.frameRate ?? canvas.frameRate;
    const fps = output.video.frameRate ? `,fps=${rate(frameRate)}` : '';
    const videos: VideoResult[] = [];
    const ladder = ladders[o];
    const renditions: (Rendition | undefined)[] = ladder ?? [undefined];
    for (const rendition of renditions) {
      const picture = rendition
        ? { filter: `scale=${rendition.width}:${rendition.height}`, width: rendition.width, height: rendition.height }
        : outputPicture(output.video, canvas);
      const label = graph.label('ov');
      graph.add(`${sources.video[videoIndex]}${picture.filter},setsar=1${fps},format=yuv420p${label}`);
      maps.push('-map', label);
      codecArgs.push(...videoCodecArgs(videoIndex, output.video, frameRate, true, rendition));
      videos.push({ width: picture.width, height: picture.height });
      videoIndex += 1;
    }
    dashOutputs.push({ output: o, videos, audio: false });
  });
  group.outputs.forEach((output, o) => {
    const audio = output.audio;
    if (!audio) return;
    const taken = audioIndex[audio.selector] ?? 0;
    const label = graph.label('oa');
    graph.add(`${sources.audio[audio.selector][taken]}${audioChain(audio, context.timeline.selectorChannels[audio.selector])}${label}`);
    maps.push('-map', label);
    codecArgs.push(...audioCodecArgs(audioStream, audio));
    let next = taken + 1;
    if (audio.loudness?.log) {
      const measureFile = `${context.measureFolder}/d-${o}-1.txt`;
      measure(graph, sources.audio[audio.selector][next], measureFile, audio.loudness.truePeak);
      loudness.push({ file: measureFile, output: o, track: 1, trackCount: 1, truePeak: audio.loudness.truePeak, log: audio.loudness.log });
      next += 1;
    }
    audioIndex[audio.selector] = next;
    audioStream += 1;
    dashOutputs.push({ output: o, videos: [], audio: true });
  });
  const sets = [...(videoIndex > 0 ? ['id=0,streams=v'] : []), ...(audioStream > 0 ? [`id=${videoIndex > 0 ? 1 : 0},streams=a`] : [])];
  const naming = group.singleFile
    ? ['-single_file', '1', '-single_file_name', `${DASH_LOCAL_BASE}_$RepresentationID$.mp4`]
    : [
        '-init_seg_name',
        `${DASH_LOCAL_BASE}_$RepresentationID$_init.mp4`,
        '-media_seg_name',
        `${DASH_LOCAL_BASE}_$RepresentationID$_$Number%09d$.mp4`,
      ];
  const manifest = `${context.outputFolder}/${DASH_LOCAL_BASE}.mpd`;
  // CMAF: the dash muxer's HLS playlists list the very fMP4 segments of the MPD.
  const cmaf = group.type === 'CMAF_GROUP';
  dashOutputs.sort((a, b) => a.output - b.output);
  return {
    outputArgs: [
      ...maps,
      ...codecArgs,
      '-max_muxing_queue_size',
      '4096',
      '-f',
      'dash',
      '-seg_duration',
      String(group.segmentLengthSeconds),
      '-use_template',
      '1',
      '-use_timeline',
      '1',
      ...naming,
      ...(cmaf ? ['-hls_playlist', '1'] : []),
      '-adaptation_sets',
      sets.join(' '),
      '-y',
      manifest,
    ],
    files: [],
    manifest,
    ...(cmaf ? { hlsMaster: `${context.outputFolder}/${HLS_LOCAL_MASTER}` } : {}),
    dashOutputs,
    loudness,
  };
}

function groupNeeds(group: OutputGroupPlan, context: CommandContext): Needs {
  return group.type === 'FILE_GROUP' ? fileGroupNeeds(group, context) : dashGroupNeeds(group, context);
}

function groupOutputs(group: OutputGroupPlan, context: CommandContext, graph: Graph, sources: Sources): GroupOutputs {
  return group.type === 'FILE_GROUP' ? fileGroupOutputs(group, context, graph, sources) : dashGroupOutputs(group, context, graph, sources);
}

/** Takes the next `needs` labels off the joined sources, for one group. */
function take(sources: Sources, needs: Needs): Sources {
  const audio: Record<string, string[]> = {};
  for (const [selector, count] of Object.entries(needs.audio)) audio[selector] = sources.audio[selector].splice(0, count);
  return { video: sources.video.splice(0, needs.video), audio };
}

function sumNeeds(all: Needs[]): Needs {
  const audio: Record<string, number> = {};
  for (const needs of all) for (const [selector, count] of Object.entries(needs.audio)) audio[selector] = (audio[selector] ?? 0) + count;
  return { video: all.reduce((sum, needs) => sum + needs.video, 0), audio };
}

function withoutOutputArgs({ outputArgs: _, ...files }: GroupOutputs): GroupFiles {
  return files;
}

/** The command of one output group: it reads and decodes the timeline for this group alone. */
export function groupCommand(group: OutputGroupPlan, context: CommandContext): GroupCommand {
  const graph = new Graph();
  const sources = joinTimeline(graph, context, groupNeeds(group, context));
  const outputs = groupOutputs(group, context, graph, sources);
  return { args: [...graph.inputs, '-filter_complex', graph.filters.join(';'), ...outputs.outputArgs], ...withoutOutputArgs(outputs) };
}

/**
 * One command for every group (`contexts[i]` is group i's, differing only in its folders): the
 * timeline is read and decoded once, split to all the groups' outputs, and each group's outputs
 * follow with their options, as several outputs of one ffmpeg.
 */
export function onePassCommand(groups: OutputGroupPlan[], contexts: CommandContext[]): OnePassCommand {
  const graph = new Graph();
  const needs = groups.map((group, index) => groupNeeds(group, contexts[index]));
  const joined = joinTimeline(graph, contexts[0], sumNeeds(needs));
  const outputs = groups.map((group, index) => groupOutputs(group, contexts[index], graph, take(joined, needs[index])));
  return {
    args: [...graph.inputs, '-filter_complex', graph.filters.join(';'), ...outputs.flatMap((output) => output.outputArgs)],
    groups: outputs.map(withoutOutputArgs),
  };
}

/**
 * The outputs of a completed job, from the COMPLETE event's `outputGroupDetails`, as MediaConvert
 * reports each group type:
 * - CMAF_GROUP: `playlistFilePaths` holds the top-level .m3u8 (HLS) and .mpd (DASH); no output files;
 * - DASH_ISO_GROUP: `playlistFilePaths` holds the .mpd; HLS_GROUP: the multivariant .m3u8;
 * - FILE_GROUP: each output's file; a frame capture output lists only its last capture.
 * An ABR group lists its audio outputs beside the video ones (without `videoDetails`): a ladder
 * with none is video only.
 */
import type { Outputs } from '../shared/asset';
import { NAME_MODIFIERS } from '../shared/output-layout';
import { frameSeries, type FrameSeries } from './frame-captures';
import type { JobResult } from './job-result';
import type { OutputDetail, OutputGroupDetail } from './job-state-change';
import { completeTranscodeValues } from './record-values';

const isMp4 = (path: string): boolean => /\.mp4$/i.test(path);
const LADDER_GROUPS = ['CMAF_GROUP', 'DASH_ISO_GROUP', 'HLS_GROUP'];

function playlist(groups: OutputGroupDetail[], type: string, extension: RegExp): string | undefined {
  for (const group of groups) {
    if (group.type !== type) continue;
    const found = group.playlistFilePaths?.find((path) => extension.test(path));
    if (found) return found;
  }
  return undefined;
}

const M3U8 = /\.m3u8$/i;
const MPD = /\.mpd$/i;

/** CMAF's .m3u8, else an HLS group's. */
function hlsManifest(groups: OutputGroupDetail[]): string | undefined {
  return playlist(groups, 'CMAF_GROUP', M3U8) ?? playlist(groups, 'HLS_GROUP', M3U8);
}

/** CMAF's .mpd, else the DASH ISO group's (its first playlist if none ends in .mpd). */
function dashManifest(groups: OutputGroupDetail[]): string | undefined {
  return (
    playlist(groups, 'CMAF_GROUP', MPD) ??
    playlist(groups, 'DASH_ISO_GROUP', MPD) ??
    groups.find((group) => group.type === 'DASH_ISO_GROUP' && group.playlistFilePaths?.[0])?.playlistFilePaths?.[0]
  );
}

function fileOutputs(groups: OutputGroupDetail[]): { path: string; output: OutputDetail }[] {
  return groups
    .filter((group) => group.type === 'FILE_GROUP')
    .flatMap((group) => group.outputDetails ?? [])
    .flatMap((output) => (output.outputFilePaths ?? []).map((path) => ({ path, output })));
}

/**
 * The proxy: an MP4 of a file group. An output with video wins over an audio-only MP4, so the
 * per-track audio outputs of a loudness job are never taken for the proxy.
 */
function proxyOutput(groups: OutputGroupDetail[]): { path: string; output: OutputDetail } | undefined {
  const candidates = fileOutputs(groups).filter((candidate) => isMp4(candidate.path));
  return candidates.find((candidate) => candidate.output.videoDetails !== undefined) ?? candidates[0];
}

/** The last capture of the frame capture output whose name modifier is `modifier`. */
function lastCapture(groups: OutputGroupDetail[], modifier: string): { path: string; output: OutputDetail } | undefined {
  const pattern = new RegExp(`${modifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d+\\.jpg$`, 'i');
  return fileOutputs(groups).find((candidate) => pattern.test(candidate.path));
}

/** The thumbnail captures, when the job made them. */
export function thumbnailFrames(groups: OutputGroupDetail[] = []): FrameSeries | undefined {
  const last = lastCapture(groups, NAME_MODIFIERS.thumbnail);
  return last ? frameSeries(last.path, last.output.durationInMs) : undefined;
}

/** Whether the ABR ladder has audio; undefined without a ladder that lists its outputs. */
function ladderAudio(groups: OutputGroupDetail[]): boolean | undefined {
  const ladder = groups.find((group) => LADDER_GROUPS.includes(group.type ?? '') && (group.outputDetails ?? []).length > 0);
  return ladder ? ladder.outputDetails!.some((output) => output.videoDetails === undefined) : undefined;
}

function allFiles(groups: OutputGroupDetail[]): string[] {
  const files = groups.flatMap((group) => [
    ...(group.playlistFilePaths ?? []),
    ...(group.outputDetails ?? []).flatMap((output) => output.outputFilePaths ?? []),
  ]);
  return [...new Set(files)];
}

const durationOf = (outputs: OutputDetail[]): number | undefined => {
  const durations = outputs.map((output) => output.durationInMs).filter((ms): ms is number => typeof ms === 'number' && Number.isFinite(ms));
  return durations.length > 0 ? Math.max(...durations) : undefined;
};

/**
 * The proxy's duration, else the longest ladder output's, else the longest output's (frame
 * captures report captures over capture rate, which can overshoot the media).
 */
export function jobDurationMs(groups: OutputGroupDetail[] = []): number | undefined {
  const outputsOf = (types?: string[]) =>
    groups.filter((group) => types === undefined || types.includes(group.type ?? '')).flatMap((group) => group.outputDetails ?? []);
  const proxy = proxyOutput(groups)?.output;
  return (proxy && durationOf([proxy])) ?? durationOf(outputsOf(LADDER_GROUPS)) ?? durationOf(outputsOf());
}

/** Everything the event names; `thumbnails` is added once the track is written. */
export function jobOutputs(groups: OutputGroupDetail[] = []): Outputs {
  const outputs: Outputs = {};
  const hls = hlsManifest(groups);
  const dash = dashManifest(groups);
  const proxy = proxyOutput(groups)?.path;
  const poster = lastCapture(groups, NAME_MODIFIERS.poster)?.path;
  const audio = ladderAudio(groups);
  if (hls) outputs.hls = hls;
  if (dash) outputs.dash = dash;
  if (proxy) outputs.proxy = proxy;
  if (poster) outputs.poster = poster;
  if (audio !== undefined) outputs.audio = audio;
  return outputs;
}

export interface JobResultOptions {
  /** s3:// URI of the thumbnails track written for this job. */
  thumbnails?: string;
  /** Where players fetch the outputs bucket; unset gives no playback URLs. */
  playback?: { baseUrl: string; outputBucket: string };
}

/** The `SendTaskSuccess` output of a COMPLETE event. */
export function jobResult(jobId: string, groups: OutputGroupDetail[] = [], options: JobResultOptions = {}): JobResult {
  const outputs = jobOutputs(groups);
  if (options.thumbnails) outputs.thumbnails = options.thumbnails;
  const result: JobResult = {
    jobId,
    status: 'COMPLETE',
    outputs,
    outputFiles: allFiles(groups),
    record: completeTranscodeValues(outputs, options.playback),
  };
  const durationMs = jobDurationMs(groups);
  if (durationMs !== undefined) result.durationMs = durationMs;
  return result;
}

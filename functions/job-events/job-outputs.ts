/**
 * The outputs of a completed job, from the COMPLETE event's `outputGroupDetails`: the DASH
 * manifest (a DASH_ISO_GROUP's first playlist; DASH outputs list no files) and the proxy (the MP4
 * of a FILE_GROUP).
 */
import type { Outputs } from '../shared/asset';
import type { JobResult } from './job-result';
import type { OutputDetail, OutputGroupDetail } from './job-state-change';

const isMp4 = (path: string): boolean => /\.mp4$/i.test(path);

function dashManifest(groups: OutputGroupDetail[]): string | undefined {
  for (const group of groups) {
    if (group.type !== 'DASH_ISO_GROUP') continue;
    const manifest = group.playlistFilePaths?.find((path) => /\.mpd$/i.test(path)) ?? group.playlistFilePaths?.[0];
    if (manifest) return manifest;
  }
  return undefined;
}

/**
 * The proxy: an MP4 of a file group. An output with video wins over an audio-only MP4, so the
 * per-track audio outputs of a loudness job are never taken for the proxy.
 */
function proxyOutput(groups: OutputGroupDetail[]): { path: string; output: OutputDetail } | undefined {
  const candidates = groups
    .filter((group) => group.type === 'FILE_GROUP')
    .flatMap((group) => group.outputDetails ?? [])
    .flatMap((output) => (output.outputFilePaths ?? []).filter(isMp4).map((path) => ({ path, output })));
  return candidates.find((candidate) => candidate.output.videoDetails !== undefined) ?? candidates[0];
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

/** The proxy's duration, else the longest DASH output's, else the longest output's (frame captures report odd ones). */
function duration(groups: OutputGroupDetail[]): number | undefined {
  const outputsOf = (type?: string) => groups.filter((group) => type === undefined || group.type === type).flatMap((group) => group.outputDetails ?? []);
  const proxy = proxyOutput(groups)?.output;
  return (proxy && durationOf([proxy])) ?? durationOf(outputsOf('DASH_ISO_GROUP')) ?? durationOf(outputsOf());
}

export function jobOutputs(groups: OutputGroupDetail[] = []): Outputs {
  const outputs: Outputs = {};
  const dash = dashManifest(groups);
  const proxy = proxyOutput(groups)?.path;
  if (dash) outputs.dash = dash;
  if (proxy) outputs.proxy = proxy;
  return outputs;
}

/** The `SendTaskSuccess` output of a COMPLETE event. */
export function jobResult(jobId: string, groups: OutputGroupDetail[] = []): JobResult {
  const result: JobResult = { jobId, status: 'COMPLETE', outputs: jobOutputs(groups), outputFiles: allFiles(groups) };
  const durationMs = duration(groups);
  if (durationMs !== undefined) result.durationMs = durationMs;
  return result;
}

/**
 * runJob: runs a planned job with ffmpeg. Inputs and images come from S3 through the injected
 * storage into a work folder; each output group is one ffmpeg command (commands share the
 * runner's bounded queue), or with `passes: 'one'` one command decodes the inputs once and writes
 * every group; outputs and loudness logs go back to S3 under MediaConvert's names. The result is
 * the `outputGroupDetails` of MediaConvert's COMPLETE event.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ERROR_CODES, JobCanceledError, JobFailedError } from './errors';
import { fetchImage, fetchInput } from './fetch-inputs';
import { FfmpegError, sharedFfmpegRunner } from './ffmpeg-runner';
import type { FfmpegRunner } from './ffmpeg-runner';
import { DASH_LOCAL_BASE, HLS_LOCAL_MEDIA, groupCommand, onePassCommand } from './group-command';
import type { CommandContext, GroupFiles } from './group-command';
import type { FrameCapturePlan, JobPlan, OutputGroupPlan } from './job-plan';
import { loudnessLog, parseLoudnessFrames } from './loudness-log';
import type { LoudnessSummary } from './loudness-log';
import { parseMediaInfo } from './media-info';
import type { MediaInfo } from './media-info';
import {
  contentTypeOf,
  dashManifestUri,
  fileOutputUri,
  frameCaptureUri,
  hlsManifestUri,
  loudnessLogUri,
  outputBase,
  siblingUri,
} from './output-naming';
import { extensionOf, fileName } from './s3-uri';
import type { JobStorage } from './storage';
import { resolveTimeline } from './timeline';
import { pool } from '../../pool';

/** One output of a COMPLETE event's output group (camelCase, as the event carries it). */
export interface OutputDetail {
  outputFilePaths?: string[];
  durationInMs?: number;
  videoDetails?: { widthInPx: number; heightInPx: number };
}

export interface OutputGroupDetail {
  type: 'FILE_GROUP' | 'DASH_ISO_GROUP' | 'CMAF_GROUP';
  outputDetails: OutputDetail[];
  playlistFilePaths?: string[];
}

export interface LoudnessLogResult {
  /** Where the CSV was written. */
  uri: string;
  /** Output group and output (from 0), audio track of that output (from 1). */
  outputGroup: number;
  output: number;
  track: number;
  summary: LoudnessSummary;
}

export interface JobResult {
  outputGroupDetails: OutputGroupDetail[];
  loudnessLogs: LoudnessLogResult[];
}

export interface RunJobOptions {
  /** Whole percents, increasing, 100 once every output is written. */
  onProgress?: (percent: number) => void;
  /** Aborting cancels the job: its ffmpeg processes are killed and runJob rejects with JobCanceledError. */
  signal?: AbortSignal;
  /** Defaults to the process-wide runner (one queue, one process per core). */
  ffmpeg?: FfmpegRunner;
  /** Where job work folders are made; defaults to the system's temporary folder. */
  workFolder?: string;
  /** Keep the work folder (inputs, local outputs, ffmpeg measurements) after the job. */
  keepWorkFolder?: boolean;
  /**
   * 'per-group' (the default): one ffmpeg per output group, each decoding the inputs; 'one': one
   * ffmpeg decodes the inputs once for all output groups (`npm run bench` compares the two).
   */
  passes?: JobPasses;
}

export type JobPasses = 'one' | 'per-group';

/**
 * A pass per group: one pass spends less CPU (the dash job's source decoded once instead of four
 * times) but was no faster in wall time on two cores, where the groups' processes run side by side
 * and one process's filter graph runs on one thread (bench row one-pass).
 */
export const DEFAULT_PASSES: JobPasses = 'per-group';

/** An ffmpeg command of the job and the groups whose outputs it writes. */
interface JobCommand {
  args: string[];
  groups: { index: number; files: GroupFiles }[];
}

async function probe(ffmpeg: FfmpegRunner, file: string, signal?: AbortSignal): Promise<{ info?: MediaInfo; log: string }> {
  const { stderr } = await ffmpeg.run(['-i', file], { signal, allowFailure: true });
  return { info: parseMediaInfo(stderr), log: stderr };
}

function openError(uri: string, log: string): JobFailedError {
  const reason = log.trim().split('\n').pop() ?? 'unknown error';
  return new JobFailedError(
    ERROR_CODES.fileAccess,
    `Unable to open input file [${uri}]: [Failed probe/open: [${reason}]]. Check that it is a media file the transcoder reads.`,
  );
}

/** Seconds of an ISO 8601 duration such as `PT1M2.5S`. */
export function isoDurationSeconds(text: string): number | undefined {
  const match = /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(text);
  if (!match) return undefined;
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}

const xmlEscape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The manifest with the local base name of its files replaced by the destination's (as a relative URL). */
export function renameManifestFiles(manifest: string, baseName: string): string {
  const reference = xmlEscape(encodeURIComponent(baseName));
  return manifest.replace(new RegExp(`(initialization="|media="|<BaseURL>)${DASH_LOCAL_BASE}_`, 'g'), `$1${reference}_`);
}

/** An HLS playlist of the packager with its local names replaced by the destination's (relative URIs). */
export function renamePlaylistFiles(playlist: string, baseName: string): string {
  const reference = encodeURIComponent(baseName);
  return playlist
    .replace(new RegExp(`(^|URI=")${DASH_LOCAL_BASE}_`, 'gm'), `$1${reference}_`)
    .replace(/(^|URI=")media_(\d+)\.m3u8/gm, `$1${reference}_$2.m3u8`);
}

class Progress {
  private readonly fractions: number[];
  private reported = -1;

  constructor(
    commands: number,
    private readonly report?: (percent: number) => void,
  ) {
    this.fractions = new Array<number>(commands).fill(0);
  }

  update(command: number, fraction: number): void {
    this.fractions[command] = Math.min(1, Math.max(this.fractions[command], fraction));
    const mean = this.fractions.reduce((sum, value) => sum + value, 0) / this.fractions.length;
    // 100 is kept for the end of the uploads.
    this.emit(Math.min(99, Math.floor(mean * 100)));
  }

  emit(percent: number): void {
    if (percent <= this.reported) return;
    this.reported = percent;
    this.report?.(percent);
  }
}

/**
 * Files of a group put to S3 at once: a ladder's segments are many small objects, and one at a time
 * the job would hold its place in the queue waiting on requests while the cores idle.
 */
const UPLOAD_CONCURRENCY = 8;

async function upload(storage: JobStorage, file: string, uri: string, contentType?: string): Promise<void> {
  try {
    await storage.upload(file, uri, contentType);
  } catch (error) {
    throw new JobFailedError(ERROR_CODES.s3Write, `Unable to write to output file [${uri}]: [Failed to write data: ${(error as Error).message}]`);
  }
}

async function outputDetail(ffmpeg: FfmpegRunner, file: string, signal?: AbortSignal): Promise<Pick<OutputDetail, 'durationInMs' | 'videoDetails'>> {
  const { info } = await probe(ffmpeg, file, signal);
  const detail: Pick<OutputDetail, 'durationInMs' | 'videoDetails'> = {};
  if (info?.durationSeconds !== undefined) detail.durationInMs = Math.round(info.durationSeconds * 1000);
  if (info?.video) detail.videoDetails = { widthInPx: info.video.width, heightInPx: info.video.height };
  return detail;
}

interface Finished {
  group: OutputGroupPlan;
  index: number;
  command: GroupFiles;
}

async function writeLoudnessLogs(finished: Finished, base: string, duration: number, storage: JobStorage): Promise<LoudnessLogResult[]> {
  const results: LoudnessLogResult[] = [];
  for (const measure of finished.command.loudness) {
    if (!measure.log) continue;
    const frames = parseLoudnessFrames(await readFile(measure.file, 'utf8'));
    const { csv, summary } = loudnessLog(frames, duration, measure.truePeak);
    const csvFile = `${measure.file}.csv`;
    await writeFile(csvFile, csv);
    const output = finished.group.outputs[measure.output];
    const uri = loudnessLogUri(base, output.nameModifier, measure.track, measure.trackCount);
    await upload(storage, csvFile, uri, contentTypeOf(uri));
    results.push({ uri, outputGroup: finished.index, output: measure.output, track: measure.track, summary });
  }
  return results;
}

async function publishGroup(
  finished: Finished,
  plan: JobPlan,
  storage: JobStorage,
  ffmpeg: FfmpegRunner,
  signal?: AbortSignal,
): Promise<OutputGroupDetail> {
  const { group, command } = finished;
  const base = outputBase(group.destination, plan.inputs[0].uri);
  if (group.type === 'FILE_GROUP') {
    const outputDetails: OutputDetail[] = [];
    for (const file of command.files) {
      const output = group.outputs[file.output];
      if (file.capturePrefix !== undefined) {
        outputDetails.push(await publishCaptures(file.capturePrefix, base, output.nameModifier, storage, file.video, output.frameCapture));
        continue;
      }
      const uri = fileOutputUri(base, output.nameModifier, output.extension);
      const detail = await outputDetail(ffmpeg, file.file, signal);
      await upload(storage, file.file, uri, output.video ? 'video/mp4' : 'audio/mp4');
      outputDetails.push({ outputFilePaths: [uri], ...detail });
    }
    return { type: 'FILE_GROUP', outputDetails };
  }
  const folder = path.dirname(command.manifest!);
  const manifest = await readFile(command.manifest!, 'utf8');
  const durationSeconds = isoDurationSeconds(/mediaPresentationDuration="([^"]+)"/.exec(manifest)?.[1] ?? '');
  const durationInMs = durationSeconds === undefined ? undefined : Math.round(durationSeconds * 1000);
  const baseName = fileName(base);
  const manifestUri = dashManifestUri(base);
  const masterName = command.hlsMaster ? path.basename(command.hlsMaster) : undefined;
  const playlists: string[] = [];
  const uploads: (() => Promise<void>)[] = [];
  for (const name of (await readdir(folder)).sort()) {
    if (name === path.basename(command.manifest!) || name === masterName) continue;
    const media = HLS_LOCAL_MEDIA.exec(name);
    if (media) {
      if (!group.manifests.hls) continue;
      const renamed = path.join(folder, `${name}.renamed`);
      uploads.push(async () => {
        await writeFile(renamed, renamePlaylistFiles(await readFile(path.join(folder, name), 'utf8'), baseName));
        await upload(storage, renamed, siblingUri(base, `${baseName}_${media[1]}.m3u8`), contentTypeOf(name));
      });
      continue;
    }
    if (name.endsWith('.renamed')) continue;
    const uri = siblingUri(base, `${baseName}${name.slice(DASH_LOCAL_BASE.length)}`);
    uploads.push(() => upload(storage, path.join(folder, name), uri, contentTypeOf(name)));
  }
  await pool(uploads, UPLOAD_CONCURRENCY);
  // The manifests last: once one is there, everything it lists is too.
  if (group.manifests.dash) {
    const renamed = `${command.manifest!}.renamed`;
    await writeFile(renamed, renameManifestFiles(manifest, baseName));
    await upload(storage, renamed, manifestUri, contentTypeOf(manifestUri));
    playlists.push(manifestUri);
  }
  if (group.manifests.hls && command.hlsMaster) {
    const masterUri = hlsManifestUri(base);
    const renamed = `${command.hlsMaster}.renamed`;
    await writeFile(renamed, renamePlaylistFiles(await readFile(command.hlsMaster, 'utf8'), baseName));
    await upload(storage, renamed, masterUri, contentTypeOf(masterUri));
    playlists.push(masterUri);
  }
  const outputDetails = (command.dashOutputs ?? []).flatMap((output): OutputDetail[] => {
    const duration = durationInMs === undefined ? {} : { durationInMs };
    if (output.audio) return [duration];
    return output.videos.map((video) => ({ ...duration, videoDetails: { widthInPx: video.width, heightInPx: video.height } }));
  });
  return { type: group.type, playlistFilePaths: playlists, outputDetails };
}

/**
 * The JPEGs of a frame capture output, under MediaConvert's names (`<base><modifier>.<counter>.jpg`).
 * As MediaConvert, the output's detail names the final capture only.
 */
async function publishCaptures(
  prefix: string,
  base: string,
  nameModifier: string,
  storage: JobStorage,
  video?: { width: number; height: number },
  capture?: FrameCapturePlan,
): Promise<OutputDetail> {
  const folder = path.dirname(prefix);
  const local = path.basename(prefix);
  const names = (await readdir(folder)).filter((name) => name.startsWith(local) && name.endsWith('.jpg')).sort();
  if (names.length === 0) throw new JobFailedError(ERROR_CODES.unexpected, `The frame capture output ${nameModifier} captured no frame`);
  const uris = names.map((name) => frameCaptureUri(base, nameModifier, Number(name.slice(local.length, -'.jpg'.length))));
  await pool(
    names.map((name, index) => () => upload(storage, path.join(folder, name), uris[index], contentTypeOf(uris[index]))),
    UPLOAD_CONCURRENCY,
  );
  const last = uris[uris.length - 1];
  // As MediaConvert reports a frame capture output: its duration is the captures over the capture rate.
  const durationInMs = capture ? Math.round((names.length * capture.denominator * 1000) / capture.numerator) : undefined;
  return {
    outputFilePaths: [last],
    ...(durationInMs !== undefined ? { durationInMs } : {}),
    ...(video ? { videoDetails: { widthInPx: video.width, heightInPx: video.height } } : {}),
  };
}

/**
 * Like Promise.all, but settles only once every task has: a failing job leaves no download or
 * process running behind it. Rejects with the first failure.
 */
async function allSettledOrThrow<T>(tasks: Promise<T>[]): Promise<T[]> {
  let first: { error: unknown } | undefined;
  const noteFailure = (error: unknown): never => {
    first ??= { error };
    throw error;
  };
  const settled = await Promise.allSettled(tasks.map((task) => task.catch(noteFailure)));
  if (first) throw first.error;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
}

function runFailure(error: unknown, groups: OutputGroupPlan[]): Error {
  if (error instanceof JobFailedError || error instanceof JobCanceledError) return error;
  const what = groups.map((group) => group.path).join(', ');
  if (error instanceof FfmpegError) {
    return new JobFailedError(ERROR_CODES.unexpected, `Transcoding ${what} failed: ${FfmpegError.reason(error.stderr)}`);
  }
  return new JobFailedError(ERROR_CODES.unexpected, `Transcoding ${what} failed: ${(error as Error).message}`);
}

/** The job's commands: one for every group, or one per group. */
function jobCommands(plan: JobPlan, contexts: CommandContext[], passes: JobPasses): JobCommand[] {
  if (passes === 'one') {
    const command = onePassCommand(plan.outputGroups, contexts);
    return [{ args: command.args, groups: command.groups.map((files, index) => ({ index, files })) }];
  }
  return plan.outputGroups.map((group, index) => {
    const { args, ...files } = groupCommand(group, contexts[index]);
    return { args, groups: [{ index, files }] };
  });
}

export async function runJob(plan: JobPlan, storage: JobStorage, options: RunJobOptions = {}): Promise<JobResult> {
  const ffmpeg = options.ffmpeg ?? sharedFfmpegRunner();
  // One controller for the job: the caller's abort, or the first failing command, stops the rest.
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) controller.abort();
  const { signal } = controller;
  const work = await mkdtemp(path.join(options.workFolder ?? tmpdir(), 'vod-mediaconvert-'));
  try {
    const inputPaths = await allSettledOrThrow(
      plan.inputs.map((input, index) => fetchInput(input, index, path.join(work, `input${index}`), storage, signal)),
    );
    const imagePaths = await allSettledOrThrow(
      plan.inputs.map((input, i) =>
        allSettledOrThrow(
          input.images.map(async (image, j) => {
            const file = path.join(work, 'images', `image${i}-${j}.${extensionOf(image.uri)}`);
            await fetchImage(image, file, storage, signal);
            const { info } = await probe(ffmpeg, file, signal);
            if (!info?.video)
              throw new JobFailedError(ERROR_CODES.fileAccess, `Failed to download ${image.uri}: it is not a PNG or TGA image the transcoder reads.`);
            return file;
          }),
        ),
      ),
    );
    const infos = await allSettledOrThrow(
      inputPaths.map(async (file, index) => {
        const { info, log } = await probe(ffmpeg, file, signal);
        if (!info || (!info.video && info.audio.length === 0)) throw openError(plan.inputs[index].uri, log);
        return info;
      }),
    );
    const timeline = resolveTimeline(plan, infos);
    const measureFolder = path.join(work, 'measure');
    await mkdir(measureFolder, { recursive: true });
    const contexts = await Promise.all(
      plan.outputGroups.map(async (_, index): Promise<CommandContext> => {
        const outputFolder = path.join(work, `group${index}`);
        const groupMeasureFolder = path.join(measureFolder, `group${index}`);
        await mkdir(outputFolder, { recursive: true });
        await mkdir(groupMeasureFolder, { recursive: true });
        return { plan, timeline, infos, inputPaths, imagePaths, outputFolder, measureFolder: groupMeasureFolder };
      }),
    );
    const commands = jobCommands(plan, contexts, options.passes ?? DEFAULT_PASSES);

    // One overall percent: the mean of the commands' progress through the timeline.
    const progress = new Progress(commands.length, options.onProgress);
    progress.emit(0);
    let firstFailure: Error | undefined;
    const settled = await Promise.allSettled(
      commands.map(async (command, index): Promise<Finished[]> => {
        const groups = command.groups.map(({ index: group }) => plan.outputGroups[group]);
        try {
          await ffmpeg.run(command.args, { signal, onProgress: (seconds) => progress.update(index, seconds / timeline.duration) });
        } catch (error) {
          firstFailure ??= options.signal?.aborted ? new JobCanceledError() : runFailure(error, groups);
          controller.abort();
          throw error;
        }
        progress.update(index, 1);
        return command.groups.map(({ index: group, files }) => ({ group: plan.outputGroups[group], index: group, command: files }));
      }),
    );
    // Every process has exited by now: a failed or cancelled job leaves none running.
    if (firstFailure) throw firstFailure;
    const finished = settled.flatMap((outcome) => (outcome as PromiseFulfilledResult<Finished[]>).value).sort((a, b) => a.index - b.index);

    const outputGroupDetails: OutputGroupDetail[] = [];
    const loudnessLogs: LoudnessLogResult[] = [];
    for (const group of finished) {
      if (signal.aborted) throw new JobCanceledError();
      const base = outputBase(group.group.destination, plan.inputs[0].uri);
      loudnessLogs.push(...(await writeLoudnessLogs(group, base, timeline.duration, storage)));
      outputGroupDetails.push(await publishGroup(group, plan, storage, ffmpeg, signal));
    }
    progress.emit(100);
    return { outputGroupDetails, loudnessLogs };
  } catch (error) {
    if (options.signal?.aborted && !(error instanceof JobCanceledError)) throw new JobCanceledError();
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (!options.keepWorkFolder) await rm(work, { recursive: true, force: true });
  }
}

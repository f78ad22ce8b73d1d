/**
 * Brings a job's inputs and overlay images from S3 to the job's work folder, failing with
 * MediaConvert's error codes: 1404 for a missing object, 1056 for a missing HLS segment, 3400 for
 * an HLS input the engine cannot read, 1010 for an image that fails to download.
 *
 * An HLS input is mirrored object by object (`<folder>/<bucket>/<key>`), so the relative references
 * of its playlists resolve locally as they do on S3; ffmpeg reads the chosen variant playlist.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ERROR_CODES, JobCanceledError, JobFailedError } from './errors';
import { parsePlaylist } from './hls-playlist';
import type { Playlist } from './hls-playlist';
import type { ImagePlan, InputPlan } from './job-plan';
import { extensionOf, parseS3Uri, resolveReference } from './s3-uri';
import type { JobStorage } from './storage';

/** Segments fetched at once from one HLS input. */
const SEGMENT_DOWNLOADS = 8;

function checkAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new JobCanceledError();
}

function notFound(uri: string, what: string): JobFailedError {
  return new JobFailedError(
    ERROR_CODES.fileNotFound,
    `Unable to open input file [${uri}]: [Failed probe/open: [Can't read input stream: [Failed to read data: HeadObject failed]]]. ` +
      `${what} does not exist: upload it, or correct the URI, and resubmit the job.`,
  );
}

async function download(storage: JobStorage, uri: string, localPath: string): Promise<void> {
  await mkdir(path.dirname(localPath), { recursive: true });
  await storage.download(uri, localPath);
}

/** Mirror path of an object under `folder`. */
function mirrorPath(folder: string, uri: string): string {
  const { bucket, key } = parseS3Uri(uri);
  return path.join(folder, bucket, ...key.split('/').filter((part) => part !== '' && part !== '.' && part !== '..'));
}

function hlsError(input: string, reason: string): JobFailedError {
  return new JobFailedError(ERROR_CODES.hlsManifest, `3400: MediaConvert can't open the following HLS input: ${input}. ${reason}`);
}

async function readPlaylist(storage: JobStorage, uri: string, folder: string, input: string): Promise<{ playlist: Playlist; localPath: string }> {
  const localPath = mirrorPath(folder, uri);
  await download(storage, uri, localPath);
  try {
    return { playlist: parsePlaylist(await readFile(localPath, 'utf8')), localPath };
  } catch (error) {
    throw hlsError(input, `This manifest is malformed: ${uri} (${(error as Error).message}). Fix the manifest and then resubmit your job.`);
  }
}

async function fetchHls(input: InputPlan, folder: string, storage: JobStorage, signal?: AbortSignal): Promise<string> {
  const master = await readPlaylist(storage, input.uri, folder, input.uri);
  let mediaUri = input.uri;
  let media = master;
  if (master.playlist.variants.length > 0) {
    // MediaConvert ingests one variant of a multivariant playlist: the highest bandwidth.
    const variant = [...master.playlist.variants].sort((a, b) => b.bandwidth - a.bandwidth)[0];
    const separateAudio = master.playlist.renditions.find((rendition) => rendition.type === 'AUDIO' && rendition.groupId === variant.audioGroup && rendition.uri);
    if (separateAudio) {
      throw hlsError(input.uri, `Its variant ${variant.uri} plays with a separate audio rendition (${separateAudio.uri}), which the local MediaConvert does not read; use a playlist whose segments carry the audio.`);
    }
    const resolved = resolveReference(input.uri, variant.uri);
    if (!resolved) throw hlsError(input.uri, `Its variant ${variant.uri} is not on S3; the local MediaConvert reads s3:// inputs only.`);
    checkAborted(signal);
    if (!(await storage.exists(resolved))) throw notFound(resolved, `The variant playlist ${resolved} listed in ${input.uri}`);
    mediaUri = resolved;
    media = await readPlaylist(storage, resolved, folder, input.uri);
  }
  if (media.playlist.encryption) throw hlsError(input.uri, `Its segments are encrypted (${media.playlist.encryption}), which the local MediaConvert does not decrypt.`);
  if (!media.playlist.ended) throw hlsError(input.uri, `The playlist ${mediaUri} has no #EXT-X-ENDLIST: the recording is not finished. Resubmit the job once it is.`);
  if (media.playlist.files.length === 0) throw hlsError(input.uri, `The playlist ${mediaUri} lists no media segments.`);

  const files = media.playlist.files.map((reference) => {
    const resolved = resolveReference(mediaUri, reference);
    if (!resolved) throw hlsError(input.uri, `The segment ${reference} is not on S3; the local MediaConvert reads s3:// inputs only.`);
    return resolved;
  });
  for (let start = 0; start < files.length; start += SEGMENT_DOWNLOADS) {
    checkAborted(signal);
    await Promise.all(
      files.slice(start, start + SEGMENT_DOWNLOADS).map(async (uri) => {
        if (!(await storage.exists(uri))) {
          throw new JobFailedError(
            ERROR_CODES.fileOpen,
            `Demuxer: [The transcoder can't read this media segment: [${uri}]. The segment is listed in this HLS child manifest: [${mediaUri}]. ` +
              'Check that the segment exists and is not corrupt, then resubmit the job.]',
          );
        }
        await download(storage, uri, mirrorPath(folder, uri));
      }),
    );
  }
  return media.localPath;
}

/**
 * Fetches input `index` into `folder`; returns the local path ffmpeg reads (the file, or the HLS
 * media playlist).
 */
export async function fetchInput(input: InputPlan, index: number, folder: string, storage: JobStorage, signal?: AbortSignal): Promise<string> {
  checkAborted(signal);
  if (!(await storage.exists(input.uri))) throw notFound(input.uri, `Input ${index + 1} (${input.path}.FileInput) ${input.uri}`);
  if (input.kind === 'hls') return fetchHls(input, folder, storage, signal);
  // A plain local name: keys may hold characters ffmpeg would read as a protocol or an option.
  const localPath = path.join(folder, `input.${extensionOf(input.uri)}`);
  await download(storage, input.uri, localPath);
  return localPath;
}

/** Fetches an overlay image; MediaConvert reports a missing one as 1010 "Failed to download". */
export async function fetchImage(image: ImagePlan, localPath: string, storage: JobStorage, signal?: AbortSignal): Promise<void> {
  checkAborted(signal);
  if (!(await storage.exists(image.uri))) {
    throw new JobFailedError(ERROR_CODES.fileAccess, `Failed to download ${image.uri}: the overlay image does not exist. Upload it, or correct ImageInserterInput, and resubmit the job.`);
  }
  await download(storage, image.uri, localPath);
}

/**
 * Brings a job's inputs and overlay images from S3 to the job's work folder, failing with
 * MediaConvert's error codes: 1404 for a missing object, 1056 for a missing HLS segment, 3400 for
 * an HLS input the engine cannot read, 1010 for an image that fails to download.
 *
 * An HLS input's segments and initialisation sections are fetched from the keys their URIs name
 * (a playlist URI is a URI: `%20` is a space in the key) into files named by their order, and
 * ffmpeg reads a local copy of the chosen media playlist that names those files: ffmpeg takes the
 * URIs of a local playlist as literal file names, so it could follow neither escapes nor absolute
 * paths and s3:// URIs itself.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Playlist } from '../../../functions/shared/hls-playlist';
import { PlaylistError, isAbsoluteUrl, mediaUris, parsePlaylist, replaceMediaUris, resolveUri } from '../../../functions/shared/hls-playlist';
import { ERROR_CODES, JobCanceledError, JobFailedError } from './errors';
import type { ImagePlan, InputPlan } from './job-plan';
import { extensionOf, isS3Uri, parseS3Uri } from './s3-uri';
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

function hlsError(input: string, reason: string): JobFailedError {
  return new JobFailedError(ERROR_CODES.hlsManifest, `3400: MediaConvert can't open the following HLS input: ${input}. ${reason}`);
}

interface FetchedPlaylist {
  uri: string;
  text: string;
  playlist: Playlist;
}

async function readPlaylist(storage: JobStorage, uri: string, localPath: string, input: string): Promise<FetchedPlaylist> {
  await download(storage, uri, localPath);
  try {
    const text = await readFile(localPath, 'utf8');
    return { uri, text, playlist: parsePlaylist(text) };
  } catch (error) {
    throw hlsError(input, `This manifest is malformed: ${uri} (${(error as Error).message}). Fix the manifest and then resubmit your job.`);
  }
}

/**
 * The object a URI in a playlist names: an s3:// URI as it is, a relative one resolved against the
 * playlist's key; undefined for other schemes (http, https, ...).
 */
function objectUri(playlistUri: string, reference: string, input: string): string | undefined {
  if (isS3Uri(reference)) return reference;
  if (isAbsoluteUrl(reference)) return undefined;
  const { bucket, key } = parseS3Uri(playlistUri);
  try {
    return `s3://${bucket}/${resolveUri(key, reference)}`;
  } catch (error) {
    if (!(error instanceof PlaylistError)) throw error;
    throw hlsError(input, `The playlist ${playlistUri} references ${error.message}.`);
  }
}

async function fetchHls(input: InputPlan, folder: string, storage: JobStorage, signal?: AbortSignal): Promise<string> {
  const master = await readPlaylist(storage, input.uri, path.join(folder, 'playlists', 'input.m3u8'), input.uri);
  let media = master;
  if (master.playlist.kind === 'multivariant') {
    // MediaConvert ingests one variant of a multivariant playlist: the highest bandwidth.
    const variant = [...master.playlist.variants].sort((a, b) => (b.bandwidth ?? 0) - (a.bandwidth ?? 0))[0];
    const separateAudio = master.playlist.renditions.find(
      (rendition) => rendition.type === 'AUDIO' && rendition.groupId === variant.audioGroup && rendition.uri,
    );
    if (separateAudio) {
      throw hlsError(
        input.uri,
        `Its variant ${variant.uri} plays with a separate audio rendition (${separateAudio.uri}), which the local MediaConvert does not read; use a playlist whose segments carry the audio.`,
      );
    }
    const resolved = objectUri(input.uri, variant.uri, input.uri);
    if (!resolved) throw hlsError(input.uri, `Its variant ${variant.uri} is not on S3; the local MediaConvert reads s3:// inputs only.`);
    checkAborted(signal);
    if (!(await storage.exists(resolved))) throw notFound(resolved, `The variant playlist ${resolved} listed in ${input.uri}`);
    media = await readPlaylist(storage, resolved, path.join(folder, 'playlists', 'variant.m3u8'), input.uri);
  }
  const { playlist } = media;
  if (playlist.kind !== 'media') throw hlsError(input.uri, `The variant playlist ${media.uri} lists variants, not media segments.`);
  if (playlist.encryption)
    throw hlsError(input.uri, `Its segments are encrypted (${playlist.encryption}), which the local MediaConvert does not decrypt.`);
  if (!playlist.ended)
    throw hlsError(input.uri, `The playlist ${media.uri} has no #EXT-X-ENDLIST: the recording is not finished. Resubmit the job once it is.`);
  if (playlist.segments.length === 0) throw hlsError(input.uri, `The playlist ${media.uri} lists no media segments.`);

  const objects = new Map<string, string>();
  for (const reference of mediaUris(playlist)) {
    const resolved = objectUri(media.uri, reference, input.uri);
    if (!resolved) throw hlsError(input.uri, `The segment ${reference} is not on S3; the local MediaConvert reads s3:// inputs only.`);
    objects.set(reference, resolved);
  }
  // Plain local names: keys may hold characters ffmpeg would misread in a playlist.
  const hlsFolder = path.join(folder, 'hls');
  const localNames = new Map(
    [...new Set(objects.values())].map((uri, index) => [uri, extensionOf(uri) ? `${index}.${extensionOf(uri)}` : String(index)]),
  );
  const files = [...localNames];
  for (let start = 0; start < files.length; start += SEGMENT_DOWNLOADS) {
    checkAborted(signal);
    await Promise.all(
      files.slice(start, start + SEGMENT_DOWNLOADS).map(async ([uri, name]) => {
        if (!(await storage.exists(uri))) {
          throw new JobFailedError(
            ERROR_CODES.fileOpen,
            `Demuxer: [The transcoder can't read this media segment: [${uri}]. The segment is listed in this HLS child manifest: [${media.uri}]. ` +
              'Check that the segment exists and is not corrupt, then resubmit the job.]',
          );
        }
        await download(storage, uri, path.join(hlsFolder, name));
      }),
    );
  }
  const localPlaylist = path.join(hlsFolder, 'playlist.m3u8');
  // An EXT-X-MAP that no segment follows was not fetched; ffmpeg never opens it.
  await writeFile(
    localPlaylist,
    replaceMediaUris(media.text, (reference) => localNames.get(objects.get(reference) ?? '') ?? reference),
  );
  return localPlaylist;
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
    throw new JobFailedError(
      ERROR_CODES.fileAccess,
      `Failed to download ${image.uri}: the overlay image does not exist. Upload it, or correct ImageInserterInput, and resubmit the job.`,
    );
  }
  await download(storage, image.uri, localPath);
}

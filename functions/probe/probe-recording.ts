/**
 * Probes an IVS recording: its metadata says whether it ended well and where the HLS playlists are;
 * the highest rendition's playlist gives the duration and its first segment the codecs, picture
 * size and audio tracks. IVS may report the end before these objects land, so anything missing is
 * RecordingNotReady, which the state machine retries.
 */
import type { IvsSource, Probe } from '../shared/asset';
import { InputRejected, NotMedia, RecordingNotReady } from '../shared/errors';
import type { HlsMetadata, RecordingMetadata } from '../shared/ivs-recording';
import {
  ENDED_METADATA,
  FAILED_METADATA,
  MetadataError,
  hlsOf,
  highestRendition,
  joinKey,
  masterPlaylistKey,
  parseRecordingMetadata,
  recordingFailure,
  renditionPlaylistKey,
} from '../shared/ivs-recording';
import type { InitSection, MediaPlaylist } from '../shared/hls-playlist';
import { PlaylistError, parsePlaylist, playlistDurationMs, resolveUri } from '../shared/hls-playlist';
import type { ProbeContext } from './probe-context';
import { subject } from './probe-context';
import type { ObjectProbe } from './probe-object';
import { probeObject } from './probe-object';
import { readText } from '../shared/s3-objects';
import { findObject, s3Location } from './s3-object';

export const HLS_CONTAINER = 'HLS';

export interface RecordingProbe {
  source: IvsSource;
  probe: Probe;
  stats: ObjectProbe['stats'];
  /** Key of the rendition playlist that was probed. */
  rendition: string;
}

const RETRY_HINT =
  "The state machine retries; if it never appears, check the channel's recording configuration and the bucket, then redrive the execution.";

function notReady(context: ProbeContext, what: string, bucket: string, key: string): RecordingNotReady {
  return new RecordingNotReady(`${subject(context)}: ${what} ${s3Location(bucket, key)} is not there yet. ${RETRY_HINT}`);
}

async function readMetadata(context: ProbeContext, source: IvsSource): Promise<RecordingMetadata> {
  const endedKey = joinKey(source.prefix, ENDED_METADATA);
  const failedKey = joinKey(source.prefix, FAILED_METADATA);
  const ended = await readText(source.bucket, endedKey);
  // IVS writes recording-failed.json instead when a recording fails; it is final.
  const [text, key] = ended !== undefined ? [ended, endedKey] : [await readText(source.bucket, failedKey), failedKey];
  if (text === undefined) throw notReady(context, 'the recording metadata', source.bucket, endedKey);

  let metadata: RecordingMetadata;
  try {
    metadata = parseRecordingMetadata(text);
  } catch (error) {
    if (!(error instanceof MetadataError)) throw error;
    throw new InputRejected(
      `${subject(context)}: the recording metadata ${s3Location(source.bucket, key)} is unusable: ${error.message}. The recording cannot be processed.`,
    );
  }
  const failure = recordingFailure(metadata);
  if (failure !== undefined) {
    throw new InputRejected(
      `${subject(context)}: the IVS recording at ${s3Location(source.bucket, source.prefix)} did not end well (${failure}, per ${key}); ` +
        'its media may be incomplete, so it is not processed. Check the channel and record again.',
    );
  }
  return metadata;
}

function hlsSection(context: ProbeContext, source: IvsSource, metadata: RecordingMetadata): HlsMetadata {
  try {
    return hlsOf(metadata);
  } catch (error) {
    if (!(error instanceof MetadataError)) throw error;
    throw new InputRejected(
      `${subject(context)}: the recording metadata under ${s3Location(source.bucket, source.prefix)} is unusable: ${error.message}. The recording cannot be processed.`,
    );
  }
}

async function readPlaylist(context: ProbeContext, bucket: string, key: string, what: string) {
  const text = await readText(bucket, key);
  if (text === undefined) throw notReady(context, what, bucket, key);
  try {
    return parsePlaylist(text);
  } catch (error) {
    if (!(error instanceof PlaylistError)) throw error;
    throw new InputRejected(
      `${subject(context)}: ${what} ${s3Location(bucket, key)} is not a valid HLS playlist: ${error.message}. The recording cannot be processed.`,
    );
  }
}

function resolve(context: ProbeContext, bucket: string, playlistKey: string, uri: string): string {
  try {
    return resolveUri(playlistKey, uri);
  } catch (error) {
    if (!(error instanceof PlaylistError)) throw error;
    throw new InputRejected(
      `${subject(context)}: ${s3Location(bucket, playlistKey)} references ${error.message}. The recording cannot be processed.`,
    );
  }
}

/** The rendition playlist: the metadata's highest rendition, else the master's highest variant. */
async function highestMediaPlaylist(
  context: ProbeContext,
  source: IvsSource,
  hls: HlsMetadata,
  masterKey: string,
): Promise<{ key: string; playlist: MediaPlaylist }> {
  const master = await readPlaylist(context, source.bucket, masterKey, 'the master playlist');
  const rendition = highestRendition(hls.renditions);
  let key: string;
  if (rendition !== undefined) {
    key = renditionPlaylistKey(source.prefix, hls, rendition);
  } else if (master.kind === 'multivariant') {
    const variant = [...master.variants].sort((a, b) => (b.height ?? 0) - (a.height ?? 0) || (b.bandwidth ?? 0) - (a.bandwidth ?? 0))[0];
    key = resolve(context, source.bucket, masterKey, variant.uri);
  } else {
    return { key: masterKey, playlist: master };
  }
  const playlist = await readPlaylist(context, source.bucket, key, 'the rendition playlist');
  if (playlist.kind !== 'media') {
    throw new InputRejected(
      `${subject(context)}: ${s3Location(source.bucket, key)} lists variants, not segments. The recording cannot be processed.`,
    );
  }
  return { key, playlist };
}

export async function probeRecording(context: ProbeContext, source: IvsSource): Promise<RecordingProbe> {
  const metadata = await readMetadata(context, source);
  const hls = hlsSection(context, source, metadata);
  const masterKey = masterPlaylistKey(source.prefix, hls);
  const rendition = await highestMediaPlaylist(context, source, hls, masterKey);

  // Fragmented-MP4 renditions describe their tracks in the initialisation section.
  const first: InitSection | undefined = rendition.playlist.map ?? rendition.playlist.segments[0];
  if (first === undefined) {
    if (!rendition.playlist.ended) throw notReady(context, 'a first segment in', source.bucket, rendition.key);
    throw new InputRejected(
      `${subject(context)}: the rendition playlist ${s3Location(source.bucket, rendition.key)} ended with no segments; the recording is empty and is not processed.`,
    );
  }
  const segmentKey = resolve(context, source.bucket, rendition.key, first.uri);
  const segment = await findObject(source.bucket, [segmentKey]);
  if (segment === undefined) throw notReady(context, 'the first segment', source.bucket, segmentKey);

  const { result, stats } = await probeObject(segment, context.limits, first.byteRange);
  if (!result.ok) {
    throw new NotMedia(
      `${subject(context)}: the first segment ${s3Location(source.bucket, segmentKey)} of the recording is not media MediaInfo recognises ` +
        `(MediaInfo saw ${result.seen}). The recording cannot be processed; check the channel's output.`,
    );
  }
  const durationMs =
    typeof hls.duration_ms === 'number' && hls.duration_ms > 0 ? Math.round(hls.duration_ms) : playlistDurationMs(rendition.playlist);
  return {
    source: { ...source, playlist: masterKey },
    probe: { ...result.probe, container: HLS_CONTAINER, durationMs },
    stats,
    rendition: rendition.key,
  };
}

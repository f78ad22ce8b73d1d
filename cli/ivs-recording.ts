/**
 * What IVS does at the end of a recording, for a local HLS folder: the recording prefix, the
 * objects to upload under it, the `events/recording-ended.json` IVS writes (when the folder has
 * none) and the `Recording End` event.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { RecordingMetadata, Rendition } from '../functions/shared/ivs-recording';
import { ENDED_METADATA } from '../functions/shared/ivs-recording';
import { parsePlaylist, playlistDurationMs, resolveUri } from '../functions/shared/hls-playlist';
import { eventTime } from '../local/eventbridge/types';

export const DEFAULT_CHANNEL_ARN = 'arn:aws:ivs:us-east-1:000000000000:channel/vodLocalChannel';
const HLS_PATH = 'media/hls';

/** IVS's layout: `ivs/v1/<account>/<channel id>/<yyyy>/<m>/<d>/<h>/<mm>/<recording id>` (not zero-padded). */
export function recordingPrefix(channelArn: string, at: Date, recordingId = randomBytes(6).toString('hex')): string {
  const match = /^arn:aws[\w-]*:ivs:[^:]*:(\d{12}):channel\/([A-Za-z0-9]+)$/.exec(channelArn);
  if (!match) throw new Error(`${channelArn} is not an IVS channel ARN (arn:aws:ivs:<region>:<account>:channel/<id>)`);
  const [, account, channel] = match;
  const parts = [at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes()];
  return ['ivs/v1', account, channel, ...parts, recordingId].join('/');
}

export interface FolderLayout {
  /** Object key (under the prefix) of each file, by its path in the folder. */
  keys: Map<string, string>;
  /** Whether the folder brought its own recording metadata. */
  hasMetadata: boolean;
  /** Key (under the prefix) of the master playlist. */
  masterPlaylist: string;
}

/**
 * A folder is either an IVS recording already (`media/hls/…`, maybe `events/…`) or a bare HLS folder
 * with `master.m3u8` at its root, which goes under `media/hls/` as IVS lays it out.
 */
export function layoutFolder(files: string[]): FolderLayout {
  const normalised = files.map((file) => file.split('\\').join('/'));
  const ivsLayout = normalised.some((file) => file.startsWith(`${HLS_PATH}/`));
  if (!ivsLayout && !normalised.includes('master.m3u8')) {
    throw new Error('The folder has no master.m3u8 (nor media/hls/master.m3u8): it is not an HLS recording');
  }
  const keys = new Map(normalised.map((file) => [file, ivsLayout ? file : `${HLS_PATH}/${file}`]));
  return { keys, hasMetadata: normalised.includes(ENDED_METADATA), masterPlaylist: `${HLS_PATH}/master.m3u8` };
}

/**
 * `recording-ended.json` as IVS writes it, from the master playlist and the rendition playlists
 * (read through `read`, by key under the prefix).
 */
export function recordingMetadata(
  channelArn: string,
  startedAt: Date,
  endedAt: Date,
  read: (key: string) => string,
): RecordingMetadata & { recording_ended_at: string; recording_started_at: string } {
  const masterKey = `${HLS_PATH}/master.m3u8`;
  const master = parsePlaylist(read(masterKey));
  if (master.kind !== 'multivariant' || master.variants.length === 0) {
    throw new Error(`${masterKey} lists no renditions; IVS recordings have a multivariant playlist`);
  }
  let durationMs = 0;
  const renditions: Rendition[] = master.variants.map((variant) => {
    const key = resolveUri(masterKey, variant.uri);
    const relative = key.slice(HLS_PATH.length + 1).split('/');
    const playlist = parsePlaylist(read(key));
    if (playlist.kind === 'media') durationMs = Math.max(durationMs, playlistDurationMs(playlist));
    return {
      path: relative.slice(0, -1).join('/'),
      playlist: relative.at(-1)!,
      ...(variant.height ? { resolution_height: variant.height } : {}),
      ...(variant.width ? { resolution_width: variant.width } : {}),
    };
  });
  return {
    version: 'v1',
    channel_arn: channelArn,
    recording_ended_at: eventTime(endedAt),
    recording_started_at: eventTime(startedAt),
    recording_status: 'RECORDING_ENDED',
    media: { hls: { duration_ms: durationMs, path: HLS_PATH, playlist: 'master.m3u8', renditions } },
  };
}

/** The `IVS Recording State Change` event IVS sends when the recording ends. */
export function recordingEndEvent(options: { channelArn: string; bucket: string; prefix: string; durationMs: number; at: Date; region: string }) {
  const account = options.channelArn.split(':')[4];
  const sessionId = randomBytes(8).toString('base64url').slice(0, 16);
  const streamId = `st-${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 22)}`;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'IVS Recording State Change',
    source: 'aws.ivs',
    account,
    time: eventTime(options.at),
    region: options.region,
    resources: [options.channelArn],
    detail: {
      channel_name: options.channelArn.split('/').pop(),
      stream_id: streamId,
      recording_status: 'Recording End',
      recording_status_reason: '',
      recording_s3_bucket_name: options.bucket,
      recording_s3_key_prefix: options.prefix,
      recording_duration_ms: options.durationMs,
      recording_session_id: sessionId,
      recording_session_stream_ids: [streamId],
    },
  };
}

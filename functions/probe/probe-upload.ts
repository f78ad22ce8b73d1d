/**
 * Probes an uploaded object: finds the stored key the event named (raw or form-encoded), then reads
 * it through MediaInfo.
 */
import type { Probe, UploadSource } from '../shared/asset';
import { InputRejected, NotMedia } from '../shared/errors';
import { keyCandidates } from './object-key';
import type { ProbeContext } from './probe-context';
import { subject } from './probe-context';
import type { ObjectProbe } from './probe-object';
import { probeObject } from './probe-object';
import { findObject, s3Location } from './s3-object';

export interface UploadProbe {
  source: UploadSource;
  probe: Probe;
  stats: ObjectProbe['stats'];
}

export async function probeUpload(context: ProbeContext, source: UploadSource): Promise<UploadProbe> {
  const candidates = keyCandidates(source.key);
  const object = await findObject(source.bucket, candidates, source.versionId);
  if (object === undefined) {
    const tried = candidates.map((key) => JSON.stringify(key)).join(' and ');
    throw new InputRejected(
      `${subject(context)}: ${s3Location(source.bucket, source.key)} does not exist (tried the keys ${tried}); ` +
        'it was deleted or renamed after the upload. Upload the file again to start a new asset.',
    );
  }
  const location = s3Location(object.bucket, object.key);
  const resolved: UploadSource = { ...source, key: object.key, size: object.size };
  if (object.etag !== undefined) resolved.etag = object.etag;

  if (object.size === 0) {
    throw new NotMedia(
      `${subject(context)}: ${location} is empty (0 bytes), so it is not a media file. Upload the complete video or audio file again.`,
    );
  }
  const { result, stats } = await probeObject(object, context.limits);
  if (!result.ok) {
    throw new NotMedia(
      `${subject(context)}: ${location} is not a media file MediaInfo recognises (MediaInfo saw ${result.seen}). ` +
        'Upload a video or audio file (for example MP4, MOV, MXF or MPEG-TS); this asset is rejected.',
    );
  }
  const short = tooShort(result.probe);
  if (short) {
    throw new InputRejected(
      `${subject(context)}: ${location} is ${short}, too short to stream: it would play as an empty presentation. ` +
        'Upload a video at least two frames long; for a still picture, use an image instead.',
    );
  }
  return { source: resolved, probe: result.probe, stats };
}

/** Frames per second assumed when MediaInfo gives none. */
const FALLBACK_FRAME_RATE = 25;

/**
 * Why a video is too short to package, or undefined: one frame (or less) of picture and nothing
 * longer beside it. The ABR packagers cut segments on frames, so a one-frame file gives a
 * presentation of no duration (`PT0S`).
 */
export function tooShort(probe: Probe): string | undefined {
  if (!probe.video) return undefined;
  const frameMs = 1000 / (probe.video.frameRate && probe.video.frameRate > 0 ? probe.video.frameRate : FALLBACK_FRAME_RATE);
  if (probe.durationMs >= 1.5 * frameMs) return undefined;
  return `a single frame long (${probe.durationMs} ms)`;
}

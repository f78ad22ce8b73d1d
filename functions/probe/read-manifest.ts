/**
 * Reads an uploaded job manifest: its size first (HeadObject; over 64 KiB it is refused unread), then
 * its bytes (one ranged GET), then JSON, the schema and the limits, then the video it names. Any of
 * these failing is the uploader's to fix: InputRejected, with the JSON path, what was found and what
 * is allowed, or the key of the missing video. No job is created.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { UploadSource } from '../shared/asset';
import { s3 } from '../shared/clients';
import { InputRejected } from '../shared/errors';
import type { JobManifest, ManifestRef } from '../shared/job-manifest';
import { MANIFEST_MAX_BYTES, sizeProblem } from '../shared/manifest-limits';
import { checkManifestText } from '../shared/manifest-schema';
import { keyCandidates } from './object-key';
import type { ProbeContext } from './probe-context';
import { subject } from './probe-context';
import type { StoredObject } from './s3-object';
import { findObject, s3Location } from './s3-object';

export interface ManifestRead {
  manifest: ManifestRef;
  /** The video the manifest names, as stored. */
  video: UploadSource;
}

function rejected(context: ProbeContext, location: string, problems: string[]): InputRejected {
  return new InputRejected(
    `${subject(context)}: the job manifest ${location} is not valid: ${problems.join('; ')}. ` +
      'No job was created; fix the manifest (see job-templates/manifest.schema.json) and upload it again.',
  );
}

async function readBytes(object: StoredObject): Promise<Uint8Array> {
  const response = await s3().send(
    new GetObjectCommand({ Bucket: object.bucket, Key: object.key, VersionId: object.versionId, Range: `bytes=0-${MANIFEST_MAX_BYTES}` }),
  );
  return response.Body ? response.Body.transformToByteArray() : new Uint8Array(0);
}

export async function readManifest(context: ProbeContext, source: UploadSource): Promise<ManifestRead> {
  const object = await findObject(source.bucket, keyCandidates(source.key), source.versionId);
  if (object === undefined) {
    throw new InputRejected(
      `${subject(context)}: the job manifest ${s3Location(source.bucket, source.key)} does not exist; ` +
        'it was deleted or renamed after the upload. Upload it again to start a new asset.',
    );
  }
  const location = s3Location(object.bucket, object.key);
  const tooLarge = sizeProblem(object.size);
  if (tooLarge) throw rejected(context, location, [tooLarge]);

  // One byte past the limit is asked for, so an object that grew since the HeadObject is still refused.
  const check = checkManifestText(await readBytes(object));
  if (!check.ok) throw rejected(context, location, check.problems);
  const settings: JobManifest = check.manifest;

  const video = await findObject(source.bucket, [settings.source]);
  if (video === undefined) {
    throw new InputRejected(
      `${subject(context)}: the job manifest ${location} names the video ${s3Location(source.bucket, settings.source)} ($.source), which does not exist. ` +
        'No job was created; upload the video first, then the manifest (vod ingest FILE --manifest M.json does both in that order).',
    );
  }
  const resolved: UploadSource = { bucket: video.bucket, key: video.key, size: video.size };
  if (video.etag !== undefined) resolved.etag = video.etag;
  return { manifest: { bucket: object.bucket, key: object.key, settings }, video: resolved };
}

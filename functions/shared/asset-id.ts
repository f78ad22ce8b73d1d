/**
 * Deterministic asset ids: the same upload or recording always maps to the same id, so a repeated
 * event finds its asset already registered. Ids are readable (a slug of the file or recording
 * name) and unique (a hash of what identifies the object).
 */
import { createHash } from 'node:crypto';

function hash(parts: string[], length = 16): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, length);
}

/** Lower-case ASCII letters, digits and dashes; accents folded, everything else collapsed. */
export function slug(text: string, maxLength = 40): string {
  const folded = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const cleaned = folded
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return cleaned.slice(0, maxLength).replace(/-+$/g, '') || 'asset';
}

/**
 * An upload: bucket + key + the write that created this version of the object. S3 gives every
 * write a new sequencer (and, on versioned buckets, a version id); redelivered events repeat it.
 */
export function uploadAssetId(bucket: string, key: string, sequencer: string): string {
  const name = key.split('/').pop() ?? key;
  return `${slug(name)}-${hash(['s3', bucket, key, sequencer])}`;
}

/** An IVS recording: the recording prefix, unique per channel and recording session. */
export function recordingAssetId(bucket: string, prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, '');
  const recordingId = trimmed.split('/').pop() ?? trimmed;
  return `ivs-${slug(recordingId, 24)}-${hash(['ivs', bucket, trimmed])}`;
}

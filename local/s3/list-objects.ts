/**
 * ListObjectsV2 and ListObjects (V1), answered here rather than by s3rver, which drops every common
 * prefix that holds only sub-folders (so `aws s3 ls s3://bucket/` listed nothing) and signs its
 * continuation tokens with a cipher Node 20 keeps behind a legacy flag.
 *
 * As S3 does: keys in UTF-8 byte order; with a delimiter, keys that share a prefix up to the
 * delimiter roll up into one `CommonPrefixes` entry; MaxKeys (at most 1,000) counts keys and common
 * prefixes together; `encoding-type=url` URL-encodes the keys and prefixes in the answer.
 */
import S3Error from 's3rver/lib/models/error';
import { escapeXml } from './xml';

export interface ListedObject {
  key: string;
  size: number;
  etag: string;
  lastModified: string;
}

export interface ListSource {
  /** Keys with `prefix` after `startAfter`, in S3's order. */
  keysAfter(prefix: string, startAfter: string): Iterable<string>;
  object(key: string): ListedObject | undefined;
}

export type ListQuery = Record<string, string | undefined>;

interface Entry {
  kind: 'key' | 'prefix';
  value: string;
}

interface Page {
  entries: Entry[];
  truncated: boolean;
}

const MAX_KEYS = 1000;

/** Where a listing resumes: after a key, or after everything under a common prefix. */
interface Resume {
  after: string;
  skipPrefix?: string;
}

function encodeToken(resume: Resume): string {
  return Buffer.from(JSON.stringify(resume), 'utf8').toString('base64url');
}

function decodeToken(token: string): Resume {
  try {
    const resume = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Resume;
    if (typeof resume.after === 'string') return resume;
  } catch {
    // falls through to the error below
  }
  throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', { ArgumentName: 'continuation-token' });
}

function page(source: ListSource, prefix: string, delimiter: string, resume: Resume, maxKeys: number): Page {
  const entries: Entry[] = [];
  let lastPrefix: string | undefined;
  for (const key of source.keysAfter(prefix, resume.after)) {
    if (resume.skipPrefix && key.startsWith(resume.skipPrefix)) continue;
    let entry: Entry = { kind: 'key', value: key };
    if (delimiter) {
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) {
        const common = key.slice(0, at + delimiter.length);
        if (common === lastPrefix) continue;
        lastPrefix = common;
        entry = { kind: 'prefix', value: common };
      }
    }
    if (entries.length === maxKeys) return { entries, truncated: true };
    entries.push(entry);
  }
  return { entries, truncated: false };
}

function resumeAfter(entry: Entry): Resume {
  return entry.kind === 'prefix' ? { after: entry.value, skipPrefix: entry.value } : { after: entry.value };
}

function maxKeysOf(query: ListQuery): number {
  const raw = query['max-keys'];
  if (raw === undefined || raw === '') return MAX_KEYS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new S3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', {
      ArgumentName: 'max-keys',
      ArgumentValue: raw,
    });
  }
  return Math.min(MAX_KEYS, value);
}

/** The ListBucketResult XML document for a GET on a bucket. */
export function listBucket(bucket: string, source: ListSource, query: ListQuery): string {
  const v2 = query['list-type'] === '2';
  const prefix = query.prefix ?? '';
  const delimiter = query.delimiter ?? '';
  const maxKeys = maxKeysOf(query);
  const urlEncoded = query['encoding-type'] === 'url';
  if (query['encoding-type'] !== undefined && !urlEncoded) {
    throw new S3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', { ArgumentName: 'encoding-type' });
  }
  const text = (value: string) => escapeXml(urlEncoded ? encodeURIComponent(value) : value);

  let resume: Resume;
  if (v2) {
    const token = query['continuation-token'];
    resume = token ? decodeToken(token) : { after: query['start-after'] ?? '' };
  } else {
    const marker = query.marker ?? '';
    resume = delimiter && marker.endsWith(delimiter) ? { after: marker, skipPrefix: marker } : { after: marker };
  }
  const { entries, truncated } = maxKeys === 0 ? { entries: [], truncated: false } : page(source, prefix, delimiter, resume, maxKeys);

  const parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'];
  parts.push(`<Name>${escapeXml(bucket)}</Name>`, `<Prefix>${text(prefix)}</Prefix>`);
  if (v2) {
    if (query['continuation-token']) parts.push(`<ContinuationToken>${escapeXml(query['continuation-token'])}</ContinuationToken>`);
    else if (query['start-after']) parts.push(`<StartAfter>${text(query['start-after'])}</StartAfter>`);
    parts.push(`<KeyCount>${entries.length}</KeyCount>`);
    if (truncated) parts.push(`<NextContinuationToken>${encodeToken(resumeAfter(entries[entries.length - 1]))}</NextContinuationToken>`);
  } else {
    parts.push(`<Marker>${text(query.marker ?? '')}</Marker>`);
    if (truncated && delimiter) parts.push(`<NextMarker>${text(entries[entries.length - 1].value)}</NextMarker>`);
  }
  parts.push(`<MaxKeys>${maxKeys}</MaxKeys>`);
  if (delimiter) parts.push(`<Delimiter>${text(delimiter)}</Delimiter>`);
  if (urlEncoded) parts.push('<EncodingType>url</EncodingType>');
  parts.push(`<IsTruncated>${truncated}</IsTruncated>`);
  for (const entry of entries) {
    if (entry.kind === 'prefix') continue;
    const object = source.object(entry.value);
    if (!object) continue;
    parts.push(
      '<Contents>',
      `<Key>${text(object.key)}</Key>`,
      `<LastModified>${object.lastModified}</LastModified>`,
      `<ETag>${escapeXml(object.etag)}</ETag>`,
      `<Size>${object.size}</Size>`,
      ...(v2 && query['fetch-owner'] !== 'true' ? [] : ['<Owner><ID>local</ID><DisplayName>local</DisplayName></Owner>']),
      '<StorageClass>STANDARD</StorageClass>',
      '</Contents>',
    );
  }
  for (const entry of entries) {
    if (entry.kind === 'prefix') parts.push(`<CommonPrefixes><Prefix>${text(entry.value)}</Prefix></CommonPrefixes>`);
  }
  parts.push('</ListBucketResult>');
  return parts.join('');
}

/**
 * The local S3's storage, in place of s3rver's own (which joins keys to paths and writes objects in
 * place). It implements the store interface s3rver's controllers call, with S3's guarantees:
 *
 * - Keys never become paths (key-paths.ts): any key S3 takes is stored and read back unchanged, and
 *   nothing is written outside `<data>/s3/<bucket>/`.
 * - Writes are atomic. An upload is staged in a temporary file and renamed into a data file of its
 *   own; the object's record is then renamed over the old one, which is the moment the new object
 *   exists. An interrupted upload (a client gone, a crash) leaves no object, or the old one whole.
 * - `Object Created` goes out once the object is whole, and survives a crash: the record keeps the
 *   event (with its sequencer, so the asset id is the same) until the bus has taken it, and the next
 *   start announces what a crash left pending.
 *
 * Records are also kept in memory, sorted by key in UTF-8 byte order as S3 lists them.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable, Transform, pipeline } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import S3Bucket from 's3rver/lib/models/bucket';
import { getConfigModel } from 's3rver/lib/models/config';
import S3Error from 's3rver/lib/models/error';
import S3Object from 's3rver/lib/models/object';
import { writeJsonFile } from '../json-files';
import { bucketDir, isValidBucketName, objectFiles, objectsDir, partFile, stagingDir, subresourceFile, uploadDir } from './key-paths';

/** S3's limit on one PUT (and on one part of a multipart upload). */
export const MAX_PUT_BYTES = 5 * 1024 ** 3;

/** Metadata S3 keeps with an object (besides `x-amz-meta-*`). */
const STORED_HEADERS = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-type',
  'expires',
  'x-amz-storage-class',
  'x-amz-website-redirect-location',
];

export type CreatedEventName = 'ObjectCreated:Put' | 'ObjectCreated:Post' | 'ObjectCreated:Copy' | 'ObjectCreated:CompleteMultipartUpload';

export interface ObjectRecord {
  key: string;
  size: number;
  /** Quoted, as S3 sends it: `"<md5>"`, or `"<md5 of the parts' md5s>-<parts>"` after a multipart upload. */
  etag: string;
  lastModified: string;
  metadata: Record<string, string>;
  /** File name of the data file holding the bytes, beside the record. */
  data: string;
  /** The write's sequencer (S3 events order writes by it). */
  sequencer: string;
  /** The `Object Created` event not yet taken by the bus. */
  pendingEvent?: CreatedEventName;
}

export interface StoreEvents {
  /** Puts an `Object Created` event; resolves once the bus holds it durably. */
  created(bucket: string, record: ObjectRecord, eventName: CreatedEventName): Promise<void>;
  /** An `Object Deleted` event (best effort, as nothing depends on it). */
  deleted(bucket: string, key: string, sequencer: string): void;
  /** Buckets whose writes are announced. */
  notifying(bucket: string): boolean;
}

export interface ObjectStoreOptions {
  root: string;
  events: StoreEvents;
  nextSequencer: () => string;
  /** Which API call a `putObject` serves (PutObject or a browser form POST): set by the request's context. */
  putEventName?: () => CreatedEventName;
  onError: (error: unknown) => void;
}

interface BucketIndex {
  keys: string[];
  records: Map<string, ObjectRecord>;
}

const utf8Order = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** First position in sorted `keys` whose key is not before `key`. */
function lowerBound(keys: string[], key: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (utf8Order(keys[middle], key) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

const ignoreMissing = (error: NodeJS.ErrnoException) => {
  if (error.code !== 'ENOENT') throw error;
};

function pickMetadata(headers: Record<string, string | number | undefined>): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (STORED_HEADERS.includes(lower) || lower.startsWith('x-amz-meta-')) metadata[lower] = String(value);
  }
  metadata['content-type'] ??= 'binary/octet-stream';
  return metadata;
}

/** Counts and hashes what passes, and refuses more than `limit` bytes. */
class Measure extends Transform {
  readonly md5 = createHash('md5');
  size = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.limit) {
      callback(new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', { MaxSizeAllowed: this.limit }));
      return;
    }
    this.md5.update(chunk);
    callback(null, chunk);
  }
}

export class ObjectStore {
  private readonly buckets = new Map<string, BucketIndex>();
  /** Commits (record renames and their index updates) run one at a time. */
  private commits: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ObjectStoreOptions) {}

  /** Loads every bucket's records and removes what interrupted writes left (staged files, data files no record names). */
  open(buckets: string[]): void {
    fs.mkdirSync(this.options.root, { recursive: true });
    for (const bucket of buckets) fs.mkdirSync(bucketDir(this.options.root, bucket), { recursive: true });
    for (const name of fs.readdirSync(this.options.root)) {
      if (!isValidBucketName(name)) continue;
      this.buckets.set(name, this.loadBucket(name));
    }
  }

  /**
   * Announces the objects a crash left whole but unannounced (call once the bus has its rules).
   * Returns how many.
   */
  announcePending(): number {
    let count = 0;
    for (const [bucket, index] of this.buckets) {
      for (const record of index.records.values()) {
        if (!record.pendingEvent) continue;
        void this.announce(bucket, record, record.pendingEvent);
        count += 1;
      }
    }
    return count;
  }

  /**
   * Moves the objects of a data directory written by s3rver's own store (`<key path>._S3rver_object`
   * with its metadata and md5 files) into this layout, once: nothing an earlier version kept is lost.
   */
  private importLegacy(bucket: string): void {
    const dir = bucketDir(this.options.root, bucket);
    const own = new Set(['objects', 'staging', 'uploads', 'config']);
    const suffix = '._S3rver_object';
    const walk = (folder: string, prefix: string): void => {
      for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
        if (prefix === '' && own.has(entry.name)) continue;
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) {
          walk(full, `${prefix}${entry.name}/`);
          fs.rmSync(full, { recursive: true, force: true });
        } else if (entry.name.endsWith(suffix)) {
          const key = `${prefix}${entry.name.slice(0, -suffix.length)}`;
          const read = (name: string) => (fs.existsSync(name) ? fs.readFileSync(name, 'utf8') : undefined);
          const stored = JSON.parse(read(full.replace(/object$/, 'metadata.json')) ?? '{}') as Record<string, string>;
          const md5 = read(`${full}.md5`) ?? createHash('md5').update(fs.readFileSync(full)).digest('hex');
          const files = objectFiles(this.options.root, bucket, key);
          fs.mkdirSync(path.dirname(files.record), { recursive: true });
          const data = `${path.basename(files.dataPrefix)}.imported.data`;
          const stat = fs.statSync(full);
          fs.renameSync(full, path.join(path.dirname(files.record), data));
          const record: ObjectRecord = {
            key,
            size: stat.size,
            etag: JSON.stringify(md5),
            lastModified: stat.mtime.toISOString(),
            metadata: pickMetadata(stored),
            data,
            sequencer: this.options.nextSequencer(),
          };
          writeJsonFile(files.record, record);
        }
      }
    };
    if (fs.readdirSync(dir).some((name) => !own.has(name))) walk(dir, '');
    for (const name of fs.readdirSync(dir)) if (!own.has(name)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }

  private loadBucket(bucket: string): BucketIndex {
    this.importLegacy(bucket);
    const index: BucketIndex = { keys: [], records: new Map() };
    fs.rmSync(stagingDir(this.options.root, bucket), { recursive: true, force: true });
    const dir = objectsDir(this.options.root, bucket);
    if (!fs.existsSync(dir)) return index;
    for (const shard of fs.readdirSync(dir)) {
      const shardDir = path.join(dir, shard);
      const names = fs.readdirSync(shardDir);
      const referenced = new Set<string>();
      for (const name of names.filter((n) => n.endsWith('.json'))) {
        try {
          const record = JSON.parse(fs.readFileSync(path.join(shardDir, name), 'utf8')) as ObjectRecord;
          index.records.set(record.key, record);
          referenced.add(record.data);
        } catch (error) {
          this.options.onError(new Error(`Local S3: skipped the unreadable object record ${path.join(shardDir, name)}: ${String(error)}`));
        }
      }
      for (const name of names) {
        if (name.endsWith('.data') && !referenced.has(name)) fs.rmSync(path.join(shardDir, name), { force: true });
        if (name.endsWith('.tmp')) fs.rmSync(path.join(shardDir, name), { force: true });
      }
    }
    index.keys = [...index.records.keys()].sort(utf8Order);
    return index;
  }

  private index(bucket: string): BucketIndex | undefined {
    return this.buckets.get(bucket);
  }

  private requireIndex(bucket: string): BucketIndex {
    const index = this.index(bucket);
    if (!index) throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
    return index;
  }

  /** The record of an object, or undefined. */
  record(bucket: string, key: string): ObjectRecord | undefined {
    return this.index(bucket)?.records.get(key);
  }

  /** The data file of a record. */
  dataFile(bucket: string, record: ObjectRecord): string {
    return path.join(path.dirname(objectFiles(this.options.root, bucket, record.key).record), record.data);
  }

  private serially<T>(work: () => T | Promise<T>): Promise<T> {
    const run = this.commits.then(work, work);
    this.commits = run.catch(() => undefined);
    return run;
  }

  /** Stages a stream into a temporary file: its size and MD5, or the stream's error with nothing left behind. */
  private async stage(bucket: string, content: Readable | Buffer, limit = MAX_PUT_BYTES): Promise<{ file: string; size: number; md5: Buffer }> {
    const dir = stagingDir(this.options.root, bucket);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${randomBytes(12).toString('hex')}.tmp`);
    const measure = new Measure(limit);
    const source = Buffer.isBuffer(content) ? Readable.from([content]) : content;
    try {
      await new Promise<void>((resolve, reject) => {
        pipeline(source, measure, fs.createWriteStream(file), (error) => (error ? reject(error) : resolve()));
      });
    } catch (error) {
      fs.rmSync(file, { force: true });
      throw error;
    }
    return { file, size: measure.size, md5: measure.md5.digest() };
  }

  /** Makes a staged file the object's bytes: the record's rename is the commit. */
  private commit(
    bucket: string,
    key: string,
    staged: { file: string; size: number },
    etag: string,
    metadata: Record<string, string>,
    eventName: CreatedEventName,
  ): Promise<ObjectRecord> {
    return this.serially(() => {
      const index = this.requireIndex(bucket);
      const files = objectFiles(this.options.root, bucket, key);
      fs.mkdirSync(path.dirname(files.record), { recursive: true });
      const data = `${path.basename(files.dataPrefix)}.${Date.now().toString(36)}${randomBytes(4).toString('hex')}.data`;
      fs.renameSync(staged.file, path.join(path.dirname(files.record), data));
      const notify = this.options.events.notifying(bucket);
      const record: ObjectRecord = {
        key,
        size: staged.size,
        etag,
        lastModified: new Date().toISOString(),
        metadata,
        data,
        sequencer: this.options.nextSequencer(),
        ...(notify ? { pendingEvent: eventName } : {}),
      };
      const previous = index.records.get(key);
      writeJsonFile(files.record, record);
      if (previous) fs.rmSync(this.dataFile(bucket, previous), { force: true });
      else index.keys.splice(lowerBound(index.keys, key), 0, key);
      index.records.set(key, record);
      return record;
    }).then(async (record) => {
      // Before the client hears of its upload, as S3 orders it: the event is on the bus by then.
      if (record.pendingEvent) await this.announce(bucket, record, record.pendingEvent);
      return record;
    });
  }

  /** Puts the event on the bus, then clears it from the record (unless the object changed since). */
  private announce(bucket: string, record: ObjectRecord, eventName: CreatedEventName): Promise<void> {
    return this.options.events
      .created(bucket, record, eventName)
      .then(() =>
        this.serially(() => {
          const current = this.index(bucket)?.records.get(record.key);
          if (current?.sequencer !== record.sequencer || !current.pendingEvent) return;
          const { pendingEvent: _announced, ...settled } = current;
          writeJsonFile(objectFiles(this.options.root, bucket, record.key).record, settled);
          this.index(bucket)?.records.set(record.key, settled);
        }),
      )
      .catch(this.options.onError);
  }

  private objectOf(bucket: string, record: ObjectRecord, content: Readable | null): S3Object {
    return new S3Object(bucket, record.key, content, {
      ...record.metadata,
      etag: record.etag,
      'last-modified': new Date(record.lastModified).toUTCString(),
      'content-length': record.size,
    });
  }

  // The store interface s3rver's controllers call.

  reset(): void {
    throw new Error('Local S3: reset is not supported');
  }

  async listBuckets(): Promise<S3Bucket[]> {
    const names = [...this.buckets.keys()].sort();
    return names.map((name) => new S3Bucket(name, fs.statSync(bucketDir(this.options.root, name)).birthtime));
  }

  async getBucket(bucket: string): Promise<S3Bucket | null> {
    if (!this.buckets.has(bucket)) return null;
    return new S3Bucket(bucket, fs.statSync(bucketDir(this.options.root, bucket)).birthtime);
  }

  async putBucket(bucket: string): Promise<S3Bucket | null> {
    fs.mkdirSync(bucketDir(this.options.root, bucket), { recursive: true });
    if (!this.buckets.has(bucket)) this.buckets.set(bucket, { keys: [], records: new Map() });
    return this.getBucket(bucket);
  }

  async deleteBucket(bucket: string): Promise<void> {
    fs.rmSync(bucketDir(this.options.root, bucket), { recursive: true, force: true });
    this.buckets.delete(bucket);
  }

  /** Keys in S3's order after `startAfter`, with `prefix`; s3rver's controllers use it to check a bucket is empty. */
  keysAfter(bucket: string, prefix: string, startAfter: string): Iterable<string> {
    const index = this.requireIndex(bucket);
    const from = Math.max(lowerBound(index.keys, prefix), startAfter ? lowerBound(index.keys, startAfter) : 0);
    return (function* () {
      for (let i = from; i < index.keys.length; i += 1) {
        const key = index.keys[i];
        if (!key.startsWith(prefix)) return;
        if (startAfter && utf8Order(key, startAfter) <= 0) continue;
        yield key;
      }
    })();
  }

  async listObjects(
    bucket: string,
    options: { prefix?: string; startAfter?: string; maxKeys?: number },
  ): Promise<{ objects: S3Object[]; commonPrefixes: string[]; isTruncated: boolean }> {
    const index = this.requireIndex(bucket);
    const objects: S3Object[] = [];
    const max = options.maxKeys ?? 1000;
    for (const key of this.keysAfter(bucket, options.prefix ?? '', options.startAfter ?? '')) {
      if (objects.length >= max) return { objects, commonPrefixes: [], isTruncated: true };
      const record = index.records.get(key);
      if (record) objects.push(this.objectOf(bucket, record, null));
    }
    return { objects, commonPrefixes: [], isTruncated: false };
  }

  async existsObject(bucket: string, key: string): Promise<boolean> {
    return this.record(bucket, key) !== undefined;
  }

  async getObject(bucket: string, key: string, options?: { start?: number; end?: number }): Promise<S3Object | null> {
    const record = this.record(bucket, key);
    if (!record) return null;
    const lastByte = Math.max(0, record.size - 1);
    const ranged = options !== undefined && (options.start !== undefined || options.end !== undefined);
    const range = { start: options?.start ?? 0, end: Math.min(options?.end ?? Infinity, lastByte) };
    if (ranged && (range.start < 0 || range.end < range.start || range.start > lastByte)) {
      const object = this.objectOf(bucket, record, null);
      object.range = range;
      return object;
    }
    if (record.size === 0) return this.objectOf(bucket, record, Readable.from([]));
    // Opened before the record can change: a write that replaces it unlinks a file that stays readable.
    const handle = await fs.promises.open(this.dataFile(bucket, record), 'r');
    const content = handle.createReadStream(range);
    const object = this.objectOf(bucket, record, content);
    if (ranged) object.range = range;
    return object;
  }

  async putObject(object: S3Object): Promise<{ size: number; md5: string }> {
    objectFiles(this.options.root, object.bucket, object.key);
    this.requireIndex(object.bucket);
    if (object.content === null)
      throw new S3Error('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.');
    const staged = await this.stage(object.bucket, object.content);
    const md5 = staged.md5.toString('hex');
    const eventName = this.options.putEventName?.() ?? 'ObjectCreated:Put';
    await this.commit(object.bucket, object.key, staged, JSON.stringify(md5), pickMetadata(object.metadata), eventName);
    return { size: staged.size, md5 };
  }

  async copyObject(
    srcBucket: string,
    srcKey: string,
    destBucket: string,
    destKey: string,
    replacementMetadata: Record<string, string> | null,
  ): Promise<Record<string, string | number>> {
    const source = this.record(srcBucket, srcKey);
    if (!source) throw new S3Error('NoSuchKey', 'The specified key does not exist.', { Key: srcKey });
    objectFiles(this.options.root, destBucket, destKey);
    this.requireIndex(destBucket);
    const staged = await this.stage(destBucket, fs.createReadStream(this.dataFile(srcBucket, source)), Infinity);
    const metadata = replacementMetadata ? pickMetadata(replacementMetadata) : source.metadata;
    const record = await this.commit(destBucket, destKey, staged, source.etag, metadata, 'ObjectCreated:Copy');
    return { ...record.metadata, etag: record.etag, 'last-modified': new Date(record.lastModified).toUTCString(), 'content-length': record.size };
  }

  async deleteObject(bucket: string, key: string): Promise<void> {
    await this.serially(() => {
      const index = this.index(bucket);
      const record = index?.records.get(key);
      if (!index || !record) return;
      const files = objectFiles(this.options.root, bucket, key);
      fs.rmSync(files.record, { force: true });
      fs.rmSync(this.dataFile(bucket, record), { force: true });
      index.records.delete(key);
      const at = lowerBound(index.keys, key);
      if (index.keys[at] === key) index.keys.splice(at, 1);
      if (this.options.events.notifying(bucket)) this.options.events.deleted(bucket, key, this.options.nextSequencer());
    });
  }

  async initiateUpload(bucket: string, key: string, uploadId: string, metadata: Record<string, string>): Promise<void> {
    objectFiles(this.options.root, bucket, key);
    this.requireIndex(bucket);
    const dir = uploadDir(this.options.root, bucket, uploadId);
    fs.mkdirSync(dir, { recursive: true });
    writeJsonFile(path.join(dir, 'upload.json'), { key, metadata: pickMetadata(metadata) });
  }

  private upload(bucket: string, uploadId: string): { dir: string; key: string; metadata: Record<string, string> } {
    const dir = uploadDir(this.options.root, bucket, uploadId);
    try {
      const { key, metadata } = JSON.parse(fs.readFileSync(path.join(dir, 'upload.json'), 'utf8')) as {
        key: string;
        metadata: Record<string, string>;
      };
      return { dir, key, metadata };
    } catch {
      throw new S3Error(
        'NoSuchUpload',
        'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
        {
          UploadId: uploadId,
        },
      );
    }
  }

  async putPart(bucket: string, uploadId: string, partNumber: number | string, content: Readable): Promise<{ size: number; md5: string }> {
    const { dir } = this.upload(bucket, uploadId);
    const file = partFile(dir, Number(partNumber));
    const staged = await this.stage(bucket, content);
    const md5 = staged.md5.toString('hex');
    fs.renameSync(staged.file, file);
    fs.writeFileSync(`${file}.md5`, md5);
    return { size: staged.size, md5 };
  }

  async putObjectMultipart(bucket: string, uploadId: string, parts: { number: number; etag: string }[]): Promise<{ size: number; md5: string }> {
    const upload = this.upload(bucket, uploadId);
    for (let i = 1; i < parts.length; i += 1) {
      if (parts[i].number <= parts[i - 1].number)
        throw new S3Error(
          'InvalidPartOrder',
          'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
        );
    }
    const files = parts.map((part) => {
      const file = partFile(upload.dir, part.number);
      let md5: string;
      try {
        md5 = fs.readFileSync(`${file}.md5`, 'utf8');
      } catch {
        md5 = '';
      }
      if (md5 === '' || md5 !== part.etag) {
        throw new S3Error(
          'InvalidPart',
          "One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part's entity tag.",
          {
            PartNumber: part.number,
            ETag: part.etag,
          },
        );
      }
      return { file, md5 };
    });
    const staged = await this.stage(bucket, Readable.from(this.concatenate(files.map((f) => f.file))), Infinity);
    // S3's multipart ETag: the MD5 of the parts' binary MD5s, then the part count.
    const md5 = `${createHash('md5')
      .update(Buffer.concat(files.map((f) => Buffer.from(f.md5, 'hex'))))
      .digest('hex')}-${files.length}`;
    await this.commit(bucket, upload.key, staged, JSON.stringify(md5), upload.metadata, 'ObjectCreated:CompleteMultipartUpload');
    fs.rmSync(upload.dir, { recursive: true, force: true });
    return { size: staged.size, md5 };
  }

  private async *concatenate(files: string[]): AsyncGenerator<Buffer> {
    for (const file of files) {
      for await (const chunk of fs.createReadStream(file)) yield chunk as Buffer;
    }
  }

  /** Aborts a multipart upload: its parts are removed. */
  abortUpload(bucket: string, uploadId: string): void {
    const { dir } = this.upload(bucket, uploadId);
    fs.rmSync(dir, { recursive: true, force: true });
  }

  async getSubresource(bucket: string, key: string | undefined, type: string): Promise<unknown> {
    const Model = getConfigModel(type);
    if (!Model) return null;
    try {
      return new Model(fs.readFileSync(subresourceFile(this.options.root, bucket, key, type), 'utf8'));
    } catch (error) {
      ignoreMissing(error as NodeJS.ErrnoException);
      return null;
    }
  }

  async putSubresource(bucket: string, key: string | undefined, resource: { type: string; toXML(space?: number): string }): Promise<void> {
    const file = subresourceFile(this.options.root, bucket, key, resource.type);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.tmp`, resource.toXML(2));
    fs.renameSync(`${file}.tmp`, file);
  }

  async deleteSubresource(bucket: string, key: string | undefined, type: string): Promise<void> {
    fs.rmSync(subresourceFile(this.options.root, bucket, key, type), { force: true });
  }
}

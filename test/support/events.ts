/** AWS sample events (copied unchanged from the AWS documentation) and variations of them for tests. */
import * as fs from 'node:fs';
import * as path from 'node:path';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'aws-events');

export function sampleEvent<T = Record<string, unknown>>(relativePath: string): T {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, relativePath), 'utf8')) as T;
}

type Json = Record<string, unknown>;

/** The current S3 Object Created sample with another bucket/key. */
export function objectCreated(bucket: string, key: string, sequencer = '617f08299329d189'): Json {
  const event = sampleEvent<Json & { detail: Json & { bucket: Json; object: Json } }>(
    's3/eventbridge-object-created.awsdocs-current-event-version-1.1.json',
  );
  event.detail.bucket = { ...event.detail.bucket, name: bucket };
  event.detail.object = { ...event.detail.object, key, sequencer };
  return event;
}

/** The IVS Recording End sample with another bucket/prefix. */
export function recordingEnd(bucket: string, prefix: string): Json {
  const event = sampleEvent<Json & { detail: Json }>('ivs/eventbridge-recording-end.awsdocs.json');
  event.detail = { ...event.detail, recording_s3_bucket_name: bucket, recording_s3_key_prefix: prefix };
  return event;
}

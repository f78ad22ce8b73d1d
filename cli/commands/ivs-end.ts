/**
 * `vod ivs-end <hls-folder> [--channel-arn ARN] [--wait]`: what IVS does at the end of a recording.
 * Uploads the folder under an IVS-style prefix of the recording bucket (writing
 * `events/recording-ended.json` when the folder has none) and puts a `Recording End` event on the bus.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ENDED_METADATA } from '../../functions/shared/ivs-recording';
import { normaliseSourceEvent } from '../../functions/shared/source-event';
import { UsageError, exactly, parse } from '../args';
import { DEFAULT_CHANNEL_ARN, layoutFolder, recordingEndEvent, recordingMetadata, recordingPrefix } from '../ivs-recording';
import { printJson } from '../output';
import { followAndReport } from '../follow-and-report';
import { withTarget } from '../run';
import type { Target } from '../target';
import { askPipelineRules } from '../pipeline-rules';
import { putEvent } from './events';

const USAGE = 'vod ivs-end <hls-folder> [--channel-arn ARN] [--wait] [--json]';

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.mp4': 'video/mp4',
  '.m4s': 'video/iso.segment',
  '.json': 'application/json',
  '.jpg': 'image/jpeg',
};

function filesUnder(folder: string): string[] {
  return (fs.readdirSync(folder, { recursive: true }) as string[])
    .filter((file) => fs.statSync(path.join(folder, file)).isFile())
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

export interface IvsEndResult {
  assetId: string;
  bucket: string;
  prefix: string;
  event: ReturnType<typeof recordingEndEvent>;
}

/** Uploads the recording and signals its end. Returns the asset id the pipeline derives from it. */
export async function endRecording(target: Target, folder: string, channelArn: string): Promise<IvsEndResult> {
  const startedAt = new Date();
  const prefix = recordingPrefix(channelArn, startedAt);
  const bucket = target.info.buckets.recordings;
  const layout = layoutFolder(filesUnder(folder));
  const byKey = new Map([...layout.keys].map(([file, key]) => [key, file]));
  const read = (key: string) => {
    const file = byKey.get(key);
    if (!file) throw new Error(`${key} is referenced by a playlist but not in ${folder}`);
    return fs.readFileSync(path.join(folder, file), 'utf8');
  };
  const metadata = layout.hasMetadata ? JSON.parse(read(ENDED_METADATA)) : recordingMetadata(channelArn, startedAt, new Date(), read);
  const event = recordingEndEvent({
    channelArn,
    bucket,
    prefix,
    durationMs: metadata.media?.hls?.duration_ms ?? 0,
    at: new Date(),
    region: target.info.region,
  });
  const rules = await askPipelineRules(target, event);
  if (rules && !rules.starts) {
    const channels = rules.patterns.map((pattern) => pattern.resources ?? 'any channel');
    throw new UsageError(
      `A recording of ${channelArn} into s3://${bucket} would not start the pipeline: its recording rule takes ` +
        `${JSON.stringify(channels.length === 1 ? channels[0] : channels)}. Nothing was uploaded; give a channel the rule takes ` +
        `(--channel-arn) or change the stack's ivsChannelArns.\nusage: ${USAGE}`,
    );
  }

  for (const [file, key] of layout.keys) {
    const full = path.join(folder, file);
    await target.clients.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${prefix}/${key}`,
        Body: fs.createReadStream(full),
        ContentLength: fs.statSync(full).size,
        ContentType: CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      }),
    );
  }
  if (!layout.hasMetadata) {
    await target.clients.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${prefix}/${ENDED_METADATA}`,
        Body: JSON.stringify(metadata, null, 3),
        ContentType: 'application/json',
      }),
    );
  }
  await putEvent(target, event);
  return { assetId: normaliseSourceEvent(event).assetId, bucket, prefix, event };
}

export async function ivsEnd(args: string[]): Promise<number> {
  const { global, values, positionals } = parse(args, { 'channel-arn': { type: 'string' }, wait: { type: 'boolean' } }, USAGE);
  const [folder] = exactly(positionals, 1, USAGE);
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new UsageError(`${folder} is not a folder\nusage: ${USAGE}`);
  const channelArn = (values['channel-arn'] as string | undefined) ?? DEFAULT_CHANNEL_ARN;
  return withTarget(global, async (target) => {
    const result = await endRecording(target, folder, channelArn);
    process.stderr.write(`Recording uploaded to s3://${result.bucket}/${result.prefix}/ and its end signalled (asset ${result.assetId})\n`);
    if (!values.wait) {
      if (global.json) printJson({ assetId: result.assetId, bucket: result.bucket, prefix: result.prefix });
      return 0;
    }
    return followAndReport(target, result.assetId, global);
  });
}

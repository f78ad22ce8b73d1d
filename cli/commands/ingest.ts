/** `vod ingest <file> [--key KEY] [--wait]`: upload to the ingest bucket, which starts the pipeline by its S3 event. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { UsageError, exactly, parse } from '../args';
import { findUploadAsset } from '../follow';
import { printJson } from '../output';
import { followAndReport, withTarget } from '../run';
import type { Target } from '../target';
import { askPipelineRules, objectCreatedEvent } from '../pipeline-rules';

const USAGE = 'vod ingest <file> [--key KEY] [--wait] [--json]';

export async function upload(target: Target, file: string, bucket: string, key: string): Promise<void> {
  const size = fs.statSync(file).size;
  await target.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: fs.createReadStream(file), ContentLength: size }));
}

export async function ingest(args: string[]): Promise<number> {
  const { global, values, positionals } = parse(args, { key: { type: 'string' }, wait: { type: 'boolean' } }, USAGE);
  const [file] = exactly(positionals, 1, USAGE);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`${file} is not a file\nusage: ${USAGE}`);
  const key = (values.key as string | undefined) ?? `uploads/${path.basename(file)}`;
  if (key === '' || key.endsWith('/')) throw new UsageError(`--key ${key} is not an object key\nusage: ${USAGE}`);

  return withTarget(global, async (target) => {
    const bucket = target.info.buckets.ingest;
    const rules = await askPipelineRules(target, objectCreatedEvent(target, bucket, key));
    if (rules && !rules.starts) {
      const keys = rules.patterns.map((pattern) => (pattern.detail as { object?: { key?: unknown } } | undefined)?.object?.key);
      throw new UsageError(
        `s3://${bucket}/${key} would not start the pipeline: its upload rule takes keys matching ${JSON.stringify(keys.length === 1 ? keys[0] : keys)}. ` +
          `Nothing was uploaded; give a key the rule takes (--key uploads/<name>.mp4) or change the stack's ingestPrefix or ingestSuffixes.\nusage: ${USAGE}`,
      );
    }
    const since = new Date();
    await upload(target, file, bucket, key);
    process.stderr.write(`Uploaded ${file} to s3://${bucket}/${key}\n`);
    if (!values.wait) {
      if (global.json) printJson({ bucket, key });
      return 0;
    }
    return followAndReport(target, await findUploadAsset(target, { bucket, key, since }), global);
  });
}

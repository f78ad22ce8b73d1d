/** `vod ingest <file> [--key KEY] [--wait]`: upload to the ingest bucket, which starts the pipeline by its S3 event. */
import * as fs from 'node:fs';
import { UsageError, exactly, parse } from '../args';
import { findUploadAsset } from '../follow';
import { defaultIngestKey, ingestRefusal, invalidKeyReason, putIngestObject } from '../ingest-upload';
import { printJson } from '../output';
import { followAndReport, withTarget } from '../run';
import type { Target } from '../target';

const USAGE = 'vod ingest <file> [--key KEY] [--wait] [--json]';

export async function upload(target: Target, file: string, bucket: string, key: string): Promise<void> {
  await putIngestObject(target, bucket, key, fs.createReadStream(file), fs.statSync(file).size);
}

export async function ingest(args: string[]): Promise<number> {
  const { global, values, positionals } = parse(args, { key: { type: 'string' }, wait: { type: 'boolean' } }, USAGE);
  const [file] = exactly(positionals, 1, USAGE);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`${file} is not a file\nusage: ${USAGE}`);
  const key = (values.key as string | undefined) ?? defaultIngestKey(file);
  const invalid = invalidKeyReason(key);
  if (invalid) throw new UsageError(`--key ${invalid}\nusage: ${USAGE}`);

  return withTarget(global, async (target) => {
    const bucket = target.info.buckets.ingest;
    const refusal = await ingestRefusal(target, bucket, key);
    if (refusal) throw new UsageError(`${refusal}\nusage: ${USAGE}`);
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

/**
 * `vod ingest <file> [--key KEY] [--manifest M.json] [--wait]`: upload to the ingest bucket, which
 * starts the pipeline by its S3 event. With `--manifest`, the video goes first, to the manifest's
 * `source` (by default `<sources prefix><file name>`, where it waits for a manifest), then the
 * manifest, which starts the asset with its settings.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { DEFAULT_SETTINGS } from '../../infra/wiring';
import type { JobManifest } from '../../functions/shared/job-manifest';
import { awaitsManifest, isManifestKey, MANIFEST_SUFFIX } from '../../functions/shared/manifest-key';
import { checkManifestText } from '../../functions/shared/manifest-schema';
import { UsageError, exactly, parse } from '../args';
import { findUploadAsset } from '../follow';
import { askPipelineRules, objectCreatedEvent } from '../pipeline-rules';
import { defaultIngestKey, ingestRefusal, invalidKeyReason, putIngestObject } from '../ingest-upload';
import { printJson } from '../output';
import { followAndReport } from '../follow-and-report';
import { withTarget } from '../run';
import type { Target } from '../target';

const USAGE = 'vod ingest <file> [--key KEY] [--manifest M.json] [--wait] [--json]';

export async function upload(target: Target, file: string, bucket: string, key: string): Promise<void> {
  await putIngestObject(target, bucket, key, fs.createReadStream(file), fs.statSync(file).size);
}

function isFile(file: string): boolean {
  return fs.existsSync(file) && fs.statSync(file).isFile();
}

/** Refuses, before anything is uploaded, a key the upload rule would not take. */
async function checkStarts(target: Target, bucket: string, key: string, hint: string): Promise<void> {
  const refusal = await ingestRefusal(target, bucket, key, hint);
  if (refusal) throw new UsageError(`${refusal}\nusage: ${USAGE}`);
}

/** The manifest as it will be uploaded: its source filled in when it names none, checked against the schema. */
function manifestBody(manifestFile: string, videoFile: string, sourcesPrefix: string): { body: Buffer; manifest: JobManifest } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  } catch (error) {
    throw new UsageError(`--manifest ${manifestFile} is not JSON (${(error as Error).message}); nothing was uploaded\nusage: ${USAGE}`);
  }
  const filled =
    parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && !('source' in parsed)
      ? { ...parsed, source: `${sourcesPrefix}${path.basename(videoFile)}` }
      : parsed;
  const body = Buffer.from(JSON.stringify(filled, null, 2));
  const check = checkManifestText(body);
  if (!check.ok) {
    throw new UsageError(
      `--manifest ${manifestFile} is not a valid job manifest: ${check.problems.join('; ')}. Nothing was uploaded; ` +
        `see job-templates/manifest.schema.json\nusage: ${USAGE}`,
    );
  }
  return { body, manifest: check.manifest };
}

export async function ingest(args: string[]): Promise<number> {
  const { global, values, positionals } = parse(args, { key: { type: 'string' }, manifest: { type: 'string' }, wait: { type: 'boolean' } }, USAGE);
  const [file] = exactly(positionals, 1, USAGE);
  if (!isFile(file)) throw new UsageError(`${file} is not a file\nusage: ${USAGE}`);
  const manifestFile = values.manifest as string | undefined;
  if (manifestFile !== undefined && !isFile(manifestFile)) throw new UsageError(`--manifest ${manifestFile} is not a file\nusage: ${USAGE}`);
  // With a manifest, --key names where the manifest goes; the video goes where the manifest says.
  const key = (values.key as string | undefined) ?? defaultIngestKey(manifestFile ?? file);
  const invalid = invalidKeyReason(key);
  if (invalid) throw new UsageError(`--key ${invalid}\nusage: ${USAGE}`);
  if (manifestFile !== undefined && !isManifestKey(key)) {
    throw new UsageError(`--key ${key}: a job manifest's key ends in ${MANIFEST_SUFFIX}, or the pipeline takes it for a video\nusage: ${USAGE}`);
  }

  return withTarget(global, async (target) => {
    const bucket = target.info.buckets.ingest;
    const since = new Date();
    let source: string | undefined;
    if (manifestFile === undefined) {
      await checkStarts(target, bucket, key, 'give a key the rule takes (--key uploads/<name>.mp4)');
      await upload(target, file, bucket, key);
      process.stderr.write(`Uploaded ${file} to s3://${bucket}/${key}\n`);
    } else {
      const sourcesPrefix = target.info.sourcesPrefix ?? DEFAULT_SETTINGS.sourcesPrefix;
      const { body, manifest } = manifestBody(manifestFile, file, sourcesPrefix);
      source = manifest.source;
      await checkStarts(target, bucket, key, `give the manifest a key the rule takes (--key uploads/<name>${MANIFEST_SUFFIX})`);
      // The video first: the manifest is rejected if the video it names is not there yet.
      await upload(target, file, bucket, source);
      process.stderr.write(`Uploaded ${file} to s3://${bucket}/${source}\n`);
      if (!awaitsManifest(source, sourcesPrefix)) {
        const own = await askPipelineRules(target, objectCreatedEvent(target, bucket, source));
        if (own?.starts === true) {
          process.stderr.write(`Note: s3://${bucket}/${source} is not under ${sourcesPrefix}, so its upload also starts an asset of its own\n`);
        }
      }
      await putIngestObject(target, bucket, key, Readable.from([body]), body.length, 'application/json');
      process.stderr.write(`Uploaded the job manifest ${manifestFile} to s3://${bucket}/${key}\n`);
    }
    if (!values.wait) {
      if (global.json) printJson({ bucket, key, ...(source !== undefined ? { source } : {}) });
      return 0;
    }
    return followAndReport(target, await findUploadAsset(target, { bucket, key, since }), global);
  });
}

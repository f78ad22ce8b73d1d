/**
 * The pipeline's settings as CDK context gives them (cdk.json's `context`, then `-c key=value`),
 * read and checked the same way wherever they are used: the synth (infra/lib/stack-props.ts) and
 * the local cloud (local/settings.ts), so an invalid value fails both with the same message. No
 * CDK import: the `vod` command loads this.
 */
import * as fs from 'node:fs';
import { PACKAGINGS, THUMBNAIL_INTERVAL_RANGE, isPackaging, isPositiveLimit, isThumbnailInterval } from '../functions/shared/config';
import type { MediaConvertPriceTable } from '../functions/shared/mediaconvert-prices';
import { overridePrices } from '../functions/shared/mediaconvert-prices';
import type { PipelineSettings } from './wiring';

/** A context value by key (undefined when unset). */
export type ContextSource = (key: string) => unknown;

export function contextError(key: string, value: unknown, expected: string): Error {
  return new Error(`CDK context ${key}=${JSON.stringify(value)} is not ${expected}; fix the -c option or cdk.json and synthesize again`);
}

export function contextText(get: ContextSource, key: string): string | undefined {
  const value = get(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw contextError(key, value, 'a string');
  return value;
}

/** A list: a JSON array in cdk.json, or comma-separated on the command line. */
export function contextList(get: ContextSource, key: string): string[] | undefined {
  const value = get(key);
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  if (typeof value !== 'string') throw contextError(key, value, 'a list of strings');
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function contextNumber(get: ContextSource, key: string): number | undefined {
  const value = get(key);
  if (value === undefined || value === null) return undefined;
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(parsed)) throw contextError(key, value, 'a number');
  return parsed;
}

/** The price table a `mediaConvertPriceTable` file (JSON) makes of the built-in one. */
export function priceTableFile(file: string): MediaConvertPriceTable {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `mediaConvertPriceTable: cannot read ${file} (${error instanceof Error ? error.message : String(error)}); give the path of a JSON file`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`mediaConvertPriceTable: ${file} is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return overridePrices(parsed);
}

/** The pipeline settings among the context keys (one per setting of the same name; `mediaConvertPriceTable` is a file). */
export function pipelineSettingsFromContext(get: ContextSource): Partial<PipelineSettings> {
  const priceTable = contextText(get, 'mediaConvertPriceTable');
  return {
    pipelineName: contextText(get, 'pipelineName'),
    ingestPrefix: contextText(get, 'ingestPrefix'),
    ingestSuffixes: contextList(get, 'ingestSuffixes'),
    loudnessPrefix: contextText(get, 'loudnessPrefix'),
    sourcesPrefix: contextText(get, 'sourcesPrefix'),
    ivsChannelArns: contextList(get, 'ivsChannelArns'),
    prerollKey: contextText(get, 'prerollKey'),
    postrollKey: contextText(get, 'postrollKey'),
    overlayKey: contextText(get, 'overlayKey'),
    loudnessThresholdDb: contextNumber(get, 'loudnessThresholdDb'),
    loudnessClipSeconds: contextNumber(get, 'loudnessClipSeconds'),
    packaging: contextText(get, 'packaging') as PipelineSettings['packaging'] | undefined,
    thumbnailIntervalSeconds: contextNumber(get, 'thumbnailIntervalSeconds'),
    mediaConvertQueueArn: contextText(get, 'mediaConvertQueueArn'),
    webhookUrl: contextText(get, 'webhookUrl'),
    webhookSecretHeader: contextText(get, 'webhookSecretHeader'),
    maxJobCostUsd: contextNumber(get, 'maxJobCostUsd'),
    maxSourceMinutes: contextNumber(get, 'maxSourceMinutes'),
    mediaConvertPrices: priceTable ? priceTableFile(priceTable) : undefined,
  };
}

/** Throws what is wrong with resolved settings, in the words the synth and the local cloud both use. */
export function checkPipelineSettings(settings: PipelineSettings): void {
  const { packaging, thumbnailIntervalSeconds, maxJobCostUsd, maxSourceMinutes } = settings;
  if (!isPackaging(packaging)) {
    throw new Error(`packaging ${JSON.stringify(packaging)} is not one of ${PACKAGINGS.join(', ')}; cmaf writes HLS and DASH, dash-iso DASH only`);
  }
  if (!isThumbnailInterval(thumbnailIntervalSeconds)) {
    const { min, max } = THUMBNAIL_INTERVAL_RANGE;
    throw new Error(
      `thumbnailIntervalSeconds ${thumbnailIntervalSeconds} is not a whole number of seconds from ${min} to ${max}; give the seconds between two thumbnails`,
    );
  }
  if (settings.ingestSuffixes.length === 0) {
    throw new Error('ingestSuffixes is empty: no upload could start the pipeline; give at least one suffix such as .mp4');
  }
  if (!isPositiveLimit(maxJobCostUsd)) {
    throw new Error(
      `maxJobCostUsd ${maxJobCostUsd} is not a number of US dollars above 0; give the most one MediaConvert job may cost, e.g. -c maxJobCostUsd=20`,
    );
  }
  if (!isPositiveLimit(maxSourceMinutes)) {
    throw new Error(
      `maxSourceMinutes ${maxSourceMinutes} is not a number of minutes above 0; give the longest source the pipeline takes, e.g. -c maxSourceMinutes=120`,
    );
  }
}

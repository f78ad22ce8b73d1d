/**
 * Checks of the asset reference the state machine passes between states (`{ assetId, origin,
 * source }`): a malformed one is a wiring error, reported with everything that is wrong.
 */
import type { Origin } from './asset';

export type Fields = Record<string, unknown>;

export const ORIGINS: readonly Origin[] = ['upload', 'ivs'];

export const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
export const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** What is wrong with the asset reference in `event` (empty when nothing is). */
export function assetRefProblems(event: Fields): string[] {
  const found: string[] = [];
  if (!isText(event.assetId)) found.push('assetId is not a non-empty string');
  if (!ORIGINS.includes(event.origin as Origin)) found.push(`origin ${JSON.stringify(event.origin)} is not one of ${ORIGINS.join(', ')}`);
  const source = event.source;
  if (!isObject(source) || !isText(source.bucket) || !(isText(source.key) || isText(source.prefix))) {
    found.push('source has no bucket with a key (upload) or a prefix (IVS recording)');
  } else if (event.origin === 'ivs' && !isText(source.prefix)) {
    found.push('source of an IVS recording has no prefix');
  } else if (event.origin === 'upload' && !isText(source.key)) {
    found.push('source of an upload has no key');
  }
  return found;
}

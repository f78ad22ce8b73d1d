/**
 * MediaConvert's SDK shape (`Settings`, `FileInput`: what job-templates/*.json and the console's
 * exports hold) to its REST wire shape (`settings`, `fileInput`): every member name with its first
 * letter lowered, except the keys of maps, which are names the user chose.
 */
import { MAP_MEMBERS } from './engine/wire-settings';

/** Map-valued members besides the settings' selector maps. */
const OTHER_MAPS = new Set(['Tags', 'UserMetadata']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function convert(value: unknown, isMap: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => convert(item, false));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (isMap) return [key, convert(item, false)];
      return [key.charAt(0).toLowerCase() + key.slice(1), convert(item, MAP_MEMBERS.has(key) || OTHER_MAPS.has(key))];
    }),
  );
}

export function sdkToWire(value: Record<string, unknown>): Record<string, unknown> {
  return convert(value, false) as Record<string, unknown>;
}

/**
 * A copy of `base` with `override` laid over it: objects are merged member by member, anything
 * else (arrays included) is taken from `override` where it is set.
 */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (override === undefined) return structuredClone(base);
  if (!isPlainObject(base) || !isPlainObject(override)) return structuredClone(override);
  const merged: Record<string, unknown> = structuredClone(base);
  for (const [key, value] of Object.entries(override)) merged[key] = deepMerge(base[key], value);
  return merged;
}

export { isPlainObject };

/**
 * Job settings as they travel over MediaConvert's REST API (restJson1: member names in lower camel
 * case, `fileInput`) to the SDK's shape the engine plans from (`FileInput`). Every member's JSON name
 * in the MediaConvert model is its SDK name with the first letter lowered; the keys of the selector
 * maps are user-chosen names and stay as they are.
 */
import type { JobSettings } from '@aws-sdk/client-mediaconvert';

/** Members whose values are maps keyed by name (AudioSelectors: { "Audio Selector 1": {...} }). */
export const MAP_MEMBERS: ReadonlySet<string> = new Set(['AudioSelectors', 'AudioSelectorGroups', 'CaptionSelectors', 'DynamicAudioSelectors']);

function convert(value: unknown, isMap = false): unknown {
  if (Array.isArray(value)) return value.map((item) => convert(item));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (isMap) return [key, convert(item)];
      const member = key.charAt(0).toUpperCase() + key.slice(1);
      return [member, convert(item, MAP_MEMBERS.has(member))];
    }),
  );
}

export function jobSettingsFromWire(settings: Record<string, unknown>): JobSettings {
  return convert(settings) as JobSettings;
}

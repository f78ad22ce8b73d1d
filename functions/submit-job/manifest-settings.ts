/**
 * What a job manifest changes in a job: the stack's packaging, thumbnail interval and loudness
 * clip before the branch builds its settings, the ladder's ABR limits and the input clip after.
 */
import type { JobSettings } from '@aws-sdk/client-mediaconvert';
import type { Branch } from '../shared/asset';
import type { ManifestSettings } from '../shared/job-manifest';
import { inputClipping } from '../shared/manifest-clip';
import type { BuilderConfig, JobInput } from './job-input';

/** The configuration a branch builds with: the stack's, with what the manifest sets instead. */
export function manifestConfig<T extends Pick<BuilderConfig, 'packaging' | 'thumbnailIntervalSeconds' | 'loudnessClipSeconds'>>(
  config: T,
  settings: ManifestSettings | undefined,
): T {
  if (!settings) return config;
  const overrides = {
    packaging: settings.packaging,
    thumbnailIntervalSeconds: settings.thumbnails?.intervalSeconds,
    loudnessClipSeconds: settings.loudness?.clipSeconds,
  };
  // The configuration reads lazily (getters): copy field by field, not by spreading.
  return new Proxy(config, {
    get: (target, field, receiver) => {
      const value = overrides[field as keyof typeof overrides];
      return value !== undefined ? value : Reflect.get(target, field, receiver);
    },
  });
}

/**
 * The manifest's ABR limits on every Automated ABR group. A manifest that sets one bound below the
 * template's other moves that other bound with it, so the limits stay a valid range.
 */
export function applyAbrLimits(settings: JobSettings, abr: ManifestSettings['abr']): void {
  if (!abr) return;
  for (const group of settings.OutputGroups ?? []) {
    if (!group.AutomatedEncodingSettings) continue;
    const current = group.AutomatedEncodingSettings.AbrSettings ?? {};
    let max = abr.maxBitrate ?? current.MaxAbrBitrate;
    let min = abr.minBitrate ?? current.MinAbrBitrate;
    if (abr.maxBitrate !== undefined && min !== undefined && min > abr.maxBitrate) min = abr.maxBitrate;
    if (abr.minBitrate !== undefined && max !== undefined && max < abr.minBitrate) max = abr.minBitrate;
    group.AutomatedEncodingSettings.AbrSettings = {
      ...current,
      ...(max !== undefined ? { MaxAbrBitrate: max } : {}),
      ...(min !== undefined ? { MinAbrBitrate: min } : {}),
      ...(abr.maxRenditions !== undefined ? { MaxRenditions: abr.maxRenditions } : {}),
    };
  }
}

/** The manifest's changes to the settings a branch built (the probe checked the clip against the video). */
export function applyManifestSettings(settings: JobSettings, branch: Branch, job: JobInput): void {
  if (!job.settings || branch === 'stitch') return;
  applyAbrLimits(settings, job.settings.abr);
  const clipping = inputClipping(job.settings.clip, job.probe);
  if (clipping) {
    // A clip replaces the loudness branch's first-seconds clip too: the manifest names what to measure.
    for (const input of settings.Inputs ?? []) input.InputClippings = [clipping];
  }
}

/**
 * The limits that protect the bill: an asset whose source is longer than maxSourceMinutes, or
 * whose job's estimated cost is above maxJobCostUsd, is rejected before its job is created. A job
 * manifest may lower either limit for its asset, never raise it: a manifest value above the
 * stack's is ignored (and named in the cause if the stack's limit then rejects the asset).
 */
import type { ManifestRef } from '../shared/job-manifest';
import { formatUsd } from '../shared/usd';

export interface CostLimits {
  maxJobCostUsd: number;
  maxSourceMinutes: number;
}

type LimitName = keyof CostLimits;

interface Limit {
  value: number;
  /** The manifest that lowered it. */
  loweredBy?: string;
  /** A manifest value above the stack's, ignored. */
  ignored?: number;
}

export type EffectiveLimits = Record<LimitName, Limit>;

/** min(stack, manifest) for each limit. */
export function effectiveLimits(stack: CostLimits, manifest?: ManifestRef): EffectiveLimits {
  const asked = manifest?.settings.limits ?? {};
  const uri = manifest ? `s3://${manifest.bucket}/${manifest.key}` : undefined;
  const limit = (name: LimitName): Limit => {
    const value = asked[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) return { value: stack[name] };
    return value < stack[name] ? { value, loweredBy: uri } : value > stack[name] ? { value: stack[name], ignored: value } : { value };
  };
  return { maxJobCostUsd: limit('maxJobCostUsd'), maxSourceMinutes: limit('maxSourceMinutes') };
}

function remedy(name: LimitName, limit: Limit, format: (value: number) => string): string {
  if (limit.loweredBy) return `the manifest ${limit.loweredBy} set it; raise it there or split the source`;
  const ignored = limit.ignored === undefined ? '' : ` (the manifest's ${format(limit.ignored)} cannot raise it)`;
  return `raise the limit in cdk.json (-c ${name}=...)${ignored} or split the source`;
}

const minutes = (value: number) => {
  const rounded = Math.round(value * 100) / 100;
  return `${rounded} minute${rounded === 1 ? '' : 's'}`;
};

/** Why the asset is over a limit, or undefined when it is within both. */
export function overLimit(
  asset: { assetId: string; state: string },
  sourceMinutes: number,
  estimatedUsd: number,
  limits: EffectiveLimits,
): string | undefined {
  const { maxSourceMinutes, maxJobCostUsd } = limits;
  const at = `Asset ${asset.assetId} (${asset.state})`;
  if (sourceMinutes > maxSourceMinutes.value) {
    return (
      `${at}: the source is ${minutes(sourceMinutes)} long, above maxSourceMinutes ${minutes(maxSourceMinutes.value)}; ` +
      remedy('maxSourceMinutes', maxSourceMinutes, minutes)
    );
  }
  if (estimatedUsd > maxJobCostUsd.value) {
    return (
      `${at}: estimated MediaConvert cost ${formatUsd(estimatedUsd)} is above maxJobCostUsd ${formatUsd(maxJobCostUsd.value)}; ` +
      remedy('maxJobCostUsd', maxJobCostUsd, formatUsd)
    );
  }
  return undefined;
}

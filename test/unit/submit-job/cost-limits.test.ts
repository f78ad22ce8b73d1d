import type { ManifestRef } from '../../../functions/shared/job-manifest';
import { effectiveLimits, overLimit } from '../../../functions/submit-job/cost-limits';

const stack = { maxJobCostUsd: 2, maxSourceMinutes: 60 };
const asset = { assetId: 'clip-1', state: 'SubmitDashJob' };

function manifest(limits: NonNullable<ManifestRef['settings']['limits']>): ManifestRef {
  return { bucket: 'vod-ingest', key: 'uploads/clip.vod.json', settings: { source: 'uploads/clip.mp4', limits } };
}

describe('effectiveLimits', () => {
  it("takes the stack's limits without a manifest", () => {
    expect(effectiveLimits(stack)).toEqual({ maxJobCostUsd: { value: 2 }, maxSourceMinutes: { value: 60 } });
  });

  it('lets a manifest lower a limit and ignores one that would raise it', () => {
    // Act
    const limits = effectiveLimits(stack, manifest({ maxJobCostUsd: 0.5, maxSourceMinutes: 600 }));

    // Assess
    expect(limits.maxJobCostUsd).toEqual({ value: 0.5, loweredBy: 's3://vod-ingest/uploads/clip.vod.json' });
    expect(limits.maxSourceMinutes).toEqual({ value: 60, ignored: 600 });
  });
});

describe('overLimit', () => {
  it('passes an asset within both limits', () => {
    expect(overLimit(asset, 59, 1.99, effectiveLimits(stack))).toBeUndefined();
  });

  it('gives the estimate and the limit of a job that costs too much', () => {
    expect(overLimit(asset, 10, 3.12, effectiveLimits(stack))).toBe(
      'Asset clip-1 (SubmitDashJob): estimated MediaConvert cost $3.12 is above maxJobCostUsd $2.00; ' +
        'raise the limit in cdk.json (-c maxJobCostUsd=...) or split the source',
    );
  });

  it('gives the length and the limit of a source that is too long, naming an ignored manifest value', () => {
    expect(overLimit(asset, 90.5, 1, effectiveLimits(stack, manifest({ maxSourceMinutes: 600 })))).toBe(
      'Asset clip-1 (SubmitDashJob): the source is 90.5 minutes long, above maxSourceMinutes 60 minutes; ' +
        "raise the limit in cdk.json (-c maxSourceMinutes=...) (the manifest's 600 minutes cannot raise it) or split the source",
    );
  });

  it('points at the manifest that lowered the limit', () => {
    expect(overLimit(asset, 1, 0.678, effectiveLimits(stack, manifest({ maxJobCostUsd: 0.25 })))).toBe(
      'Asset clip-1 (SubmitDashJob): estimated MediaConvert cost $0.6780 is above maxJobCostUsd $0.2500; ' +
        'the manifest s3://vod-ingest/uploads/clip.vod.json set it; raise it there or split the source',
    );
  });
});

import type { AssetRecord } from '../../../functions/shared/asset';
import { assetRow } from '../../../cli/commands/assets';
import { describeAsset } from '../../../cli/describe-asset';

const asset: AssetRecord = {
  assetId: 'clip-1',
  status: 'COMPLETE',
  origin: 'upload',
  source: { bucket: 'vod-ingest', key: 'uploads/clip.mp4' },
  branch: 'dash',
  jobs: [{ jobId: 'j1', template: 'vod-pipeline-dash', status: 'COMPLETE', submittedAt: 't', estimatedCostUsd: 0.678 }],
  cost: { estimatedUsd: 0.678, priceTable: 'MediaConvert on-demand us-east-1 2026-12-03 (https://aws.amazon.com/mediaconvert/pricing/)' },
  createdAt: 't0',
  updatedAt: 't1',
};

describe('the cost in vod assets list and get', () => {
  it('lists the estimated cost, and nothing for an asset without an estimate', () => {
    expect(assetRow(asset).cost).toBe('$0.6780');
    expect(assetRow({ ...asset, cost: undefined }).cost).toBe('');
    expect(assetRow({ ...asset, cost: { ...asset.cost!, estimatedUsd: 12.345 } }).cost).toBe('$12.35');
  });

  it('shows the cost with the price table it comes from, after the jobs', () => {
    // Act
    const lines = describeAsset(asset).split('\n');

    // Assess
    const cost = lines.findIndex((line) => line.startsWith('cost '));
    expect(lines[cost]).toMatch(
      /^cost +\$0\.6780 estimated, from MediaConvert on-demand us-east-1 2026-12-03 \(https:\/\/aws\.amazon\.com\/mediaconvert\/pricing\/\)$/,
    );
    expect(lines[cost - 1]).toMatch(/^jobs /);
  });
});

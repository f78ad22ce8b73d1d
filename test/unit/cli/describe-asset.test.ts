import { describeAsset, nextStep } from '../../../cli/describe-asset';
import type { AssetRecord } from '../../../functions/shared/asset';

const CAUSE = `${'MediaConvert job 1700000000000-abc123 failed (1030): '.padEnd(400, 'x')} s3://vod-assets/bumpers/postroll.mp4 does not exist`;

const failed: AssetRecord = {
  assetId: 'ivs-1',
  status: 'FAILED',
  origin: 'ivs',
  branch: 'stitch',
  source: { bucket: 'recordings', prefix: 'ivs/v1/1/ch/2026/12/3/14/0/abc', channelArn: 'arn:aws:ivs:us-east-1:1:channel/ch' },
  error: { state: 'SubmitStitchJob', error: 'MediaConvert.JobFailed', cause: CAUSE },
  createdAt: '2026-12-03T14:00:00.000Z',
  updatedAt: '2026-12-03T14:01:00.000Z',
};

describe('describeAsset', () => {
  it('prints a failed asset’s cause whole, unescaped, and says how to redrive it', () => {
    // Act
    const text = describeAsset(failed);

    // Assess
    expect(
      text
        .split('\n')
        .find((line) => line.startsWith('cause '))
        ?.replace(/^cause +/, ''),
    ).toBe(CAUSE);
    expect(text).toMatch(/^error\s+MediaConvert\.JobFailed in state SubmitStitchJob$/m);
    expect(text.split('\n').at(-1)).toBe(nextStep(failed));
    expect(nextStep(failed)).toContain('vod redrive ivs-1 --wait');
  });

  it('tells that a rejected input is uploaded again, and adds nothing to a complete asset', () => {
    expect(nextStep({ assetId: 'a', status: 'REJECTED' })).toMatch(/upload it again/);
    expect(nextStep({ assetId: 'a', status: 'COMPLETE' })).toBeUndefined();
    expect(describeAsset({ ...failed, status: 'COMPLETE', error: undefined })).not.toMatch(/redrive/);
  });
});

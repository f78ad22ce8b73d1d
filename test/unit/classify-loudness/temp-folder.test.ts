import { assetTempPrefix, jobTempFolder } from '../../../functions/classify-loudness/temp-folder';

const assetId = 'mezz-8-tracks-0a1b2c3d4e5f6789';
const job = (proxy: string | undefined, outputFiles: string[] = proxy ? [proxy] : []) => ({
  jobId: 'j-1',
  outputs: proxy ? { proxy } : {},
  outputFiles,
});

describe('jobTempFolder', () => {
  it("is the folder of the proxy under the asset's temporary prefix", () => {
    // Act
    const folder = jobTempFolder(assetId, 'out', job(`s3://out/tmp/loudness/${assetId}/clip.mp4`));

    // Assess
    expect(folder).toEqual({ bucket: 'out', prefix: `tmp/loudness/${assetId}/` });
  });

  it("may be a job folder inside the asset's temporary prefix", () => {
    expect(jobTempFolder(assetId, 'out', job(`s3://out/tmp/loudness/${assetId}/j-1/clip.mp4`)).prefix).toBe(`tmp/loudness/${assetId}/j-1/`);
  });

  it("is the asset's temporary prefix when the job reported no proxy", () => {
    expect(jobTempFolder(assetId, 'out', job(undefined))).toEqual({ bucket: 'out', prefix: `tmp/loudness/${assetId}/` });
  });

  it.each([
    ["another asset's folder", `s3://out/tmp/loudness/other-asset/clip.mp4`],
    ['an asset id prefix of another asset', `s3://out/tmp/loudness/${assetId}x/clip.mp4`],
    ['the outputs', `s3://out/assets/${assetId}/clip.mp4`],
    ['another bucket', `s3://ingest/tmp/loudness/${assetId}/clip.mp4`],
    ['not an S3 URI', `/tmp/loudness/${assetId}/clip.mp4`],
  ])('refuses a proxy in %s', (_case, proxy) => {
    expect(() => jobTempFolder(assetId, 'out', job(proxy))).toThrow(
      expect.objectContaining({ name: 'TemporaryFolderRefused', message: expect.stringContaining(assetId) }),
    );
  });

  it('refuses a job that reported files outside the folder', () => {
    const proxy = `s3://out/tmp/loudness/${assetId}/clip.mp4`;

    expect(() => jobTempFolder(assetId, 'out', job(proxy, [proxy, 's3://out/public/clip.mp4']))).toThrow(/s3:\/\/out\/public\/clip\.mp4/);
  });

  it.each(['', '../x', 'a/b', '.hidden'])('refuses the asset id %j', (id) => {
    expect(() => assetTempPrefix(id)).toThrow(expect.objectContaining({ name: 'TemporaryFolderRefused' }));
  });
});

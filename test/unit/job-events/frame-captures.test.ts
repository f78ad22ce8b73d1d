import { frameSeries } from '../../../functions/job-events/frame-captures';

describe('frameSeries', () => {
  it("rebuilds the AWS sample's 37 captures from the last one, one every 5 s", () => {
    // Act
    const series = frameSeries('s3://bucket/frameoutput/file.0000036.jpg', 185000);

    // Assess
    expect(series?.folder).toBe('s3://bucket/frameoutput/');
    expect(series?.names).toHaveLength(37);
    expect(series?.names[0]).toBe('file.0000000.jpg');
    expect(series?.names[36]).toBe('file.0000036.jpg');
    expect(series?.intervalMs).toBe(5000);
  });

  it('has no interval without a reported duration', () => {
    expect(frameSeries('s3://b/a/x_thumb.0000001.jpg')).toEqual({ folder: 's3://b/a/', names: ['x_thumb.0000000.jpg', 'x_thumb.0000001.jpg'] });
  });

  it('is undefined for a file that is not a numbered capture', () => {
    expect(frameSeries('s3://b/a/poster.jpg', 1000)).toBeUndefined();
    expect(frameSeries('/local/a.0001.jpg', 1000)).toBeUndefined();
  });
});

import { s3Uri } from '../../../functions/shared/s3-uri';
import { AWKWARD_KEYS } from '../../support/keys';

describe('s3Uri', () => {
  it.each(AWKWARD_KEYS)('keeps %s as stored, not percent-encoded', (key) => {
    const uri = s3Uri('vod-ingest', key);

    expect(uri).toBe(`s3://vod-ingest/${key}`);
    expect(uri).not.toMatch(/%[0-9A-F]{2}/);
  });

  it('keeps a literal percent sequence in a key as it is', () => {
    expect(s3Uri('b', 'uploads/100%25 done.mp4')).toBe('s3://b/uploads/100%25 done.mp4');
  });

  it.each([
    ['', 'a.mp4'],
    ['bucket/with/slash', 'a.mp4'],
    ['bucket', ''],
    ['bucket', 'folder/'],
  ])('refuses bucket %j with key %j', (bucket, key) => {
    expect(() => s3Uri(bucket, key)).toThrow(/S3 URI/);
  });
});

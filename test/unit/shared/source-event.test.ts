import { normaliseSourceEvent } from '../../../functions/shared/source-event';
import { slug, uploadAssetId } from '../../../functions/shared/asset-id';
import type { IvsSource, UploadSource } from '../../../functions/shared/asset';
import { objectCreated, recordingEnd, sampleEvent } from '../../support/events';

describe('normaliseSourceEvent', () => {
  it.each([
    's3/eventbridge-object-created.awsdocs-2023-archive.json',
    's3/eventbridge-object-created.awsdocs-current-event-version-1.1.json',
    's3/eventbridge-object-created.powertools-python-test-event.json',
  ])('reads the S3 Object Created sample %s', (file) => {
    const event = sampleEvent<{ detail: { bucket: { name: string }; object: { key: string; size: number } } }>(file);

    const asset = normaliseSourceEvent(event);

    expect(asset.origin).toBe('upload');
    expect(asset.source).toMatchObject({
      bucket: event.detail.bucket.name,
      key: event.detail.object.key,
      size: event.detail.object.size,
    });
    expect(asset.assetId).toMatch(/^[a-z0-9-]+-[0-9a-f]{16}$/);
  });

  it('reads the IVS Recording End sample', () => {
    const asset = normaliseSourceEvent(sampleEvent('ivs/eventbridge-recording-end.awsdocs.json'));

    expect(asset.origin).toBe('ivs');
    const source = asset.source as IvsSource;
    expect(source).toEqual({
      bucket: 'r2s3-dev-channel-1-recordings',
      prefix: 'ivs/v1/123456789012/AbCdef1G2hij/2020/6/23/20/12/j8Z9O91ndcVs',
      channelArn: 'arn:aws:ivs:us-west-2:123456789012:channel/AbCdef1G2hij',
      recordingSessionId: 'a6RfV23ES97iyfoQ',
      durationMs: 99370264,
    });
    expect(asset.assetId).toMatch(/^ivs-j8z9o91ndcvs-[0-9a-f]{16}$/);
  });

  it('gives a redelivered event the same asset id, and a new write of the same key a new one', () => {
    const first = normaliseSourceEvent(objectCreated('ingest', 'uploads/show.mp4', '0001'));
    const again = normaliseSourceEvent(objectCreated('ingest', 'uploads/show.mp4', '0001'));
    const rewritten = normaliseSourceEvent(objectCreated('ingest', 'uploads/show.mp4', '0002'));

    expect(again.assetId).toBe(first.assetId);
    expect(rewritten.assetId).not.toBe(first.assetId);
  });

  it('gives a repeated or late recording end the same asset id, with or without a trailing slash', () => {
    const prefix = 'ivs/v1/123456789012/AbCdef1G2hij/2026/11/21/9/5/rec1';

    const first = normaliseSourceEvent(recordingEnd('recordings', prefix));
    const late = normaliseSourceEvent(recordingEnd('recordings', `${prefix}/`));

    expect(late.assetId).toBe(first.assetId);
    expect((late.source as IvsSource).prefix).toBe(prefix);
  });

  it.each([
    ['uploads/my holiday video.mp4', /^my-holiday-video-mp4-/],
    ['uploads/a+b:c.mov', /^a-b-c-mov-/],
    ['uploads/Crème brûlée à la française.mxf', /^creme-brulee-a-la-francaise-mxf-/],
    ['uploads/%E6%97%A5%E6%9C%AC.mp4', /^e6-97-a5-e6-9c-ac-mp4-/],
    ['uploads/日本語.mp4', /^mp4-/],
  ])('keeps the key %s exactly and derives a readable id', (key, idPattern) => {
    const asset = normaliseSourceEvent(objectCreated('ingest', key));

    expect((asset.source as UploadSource).key).toBe(key);
    expect(asset.assetId).toMatch(idPattern);
    expect(asset.assetId).toMatch(/^[a-z0-9-]+$/);
  });

  it('keeps raw and URL-encoded forms of a key apart (they name different objects)', () => {
    expect(uploadAssetId('b', 'a b.mp4', 's')).not.toBe(uploadAssetId('b', 'a+b.mp4', 's'));
  });

  it('rejects an event that is neither an upload nor a recording end, naming what it got', () => {
    expect(() => normaliseSourceEvent(sampleEvent('ivs/eventbridge-recording-start.awsdocs.json'))).toThrow(
      /only "Recording End" starts the pipeline/,
    );
    expect(() => normaliseSourceEvent({ source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification' })).toThrow(
      expect.objectContaining({ name: 'UnsupportedEvent', message: expect.stringContaining('aws.ec2') }),
    );
    expect(() => normaliseSourceEvent(null)).toThrow(expect.objectContaining({ name: 'UnsupportedEvent' }));
  });

  it('rejects an Object Created event without a key', () => {
    const event = objectCreated('ingest', '');
    expect(() => normaliseSourceEvent(event)).toThrow(/no bucket name or object key/);
  });
});

describe('slug', () => {
  it('never returns an empty id part', () => {
    expect(slug('日本語')).toBe('asset');
    expect(slug('---')).toBe('asset');
  });

  it('bounds the length without a trailing dash', () => {
    const result = slug('a'.repeat(39) + '-b', 40);
    expect(result).toBe('a'.repeat(39));
  });
});

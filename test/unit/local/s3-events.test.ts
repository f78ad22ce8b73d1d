import type { ObjectRecord } from '../../../local/s3/object-store';
import { createdEntry, deletedEntry } from '../../../local/s3/events';
import { sequencerClock } from '../../../local/s3/sequencer';
import { EventBus } from '../../../local/eventbridge/service';
import { sampleEvent } from '../../support/events';

function record(key: string): ObjectRecord {
  return {
    key,
    size: 1048576,
    etag: '"b1946ac92492d2347c6235b4d2611184"',
    lastModified: '2026-11-21T10:00:00.123Z',
    metadata: { 'content-type': 'video/mp4' },
    data: 'x.data',
    sequencer: '00018C2B3D4E5F0001',
  };
}

const context = { accountId: '000000000000' };

describe('createdEntry', () => {
  it('adapts a PutObject write to an Object Created entry with the raw key', () => {
    // Prepare
    const key = 'uploads/Réunion du lundi: 1+1 final.mp4';

    // Act
    const entry = createdEntry('vod-ingest', record(key), 'ObjectCreated:Put', context);

    // Assess
    expect(entry).toEqual({
      source: 'aws.s3',
      detailType: 'Object Created',
      resources: ['arn:aws:s3:::vod-ingest'],
      time: new Date('2026-11-21T10:00:00.123Z'),
      detail: {
        version: '0',
        bucket: { name: 'vod-ingest' },
        object: { key, size: 1048576, etag: 'b1946ac92492d2347c6235b4d2611184', sequencer: '00018C2B3D4E5F0001' },
        'request-id': '00018C2B3D4E5F0001',
        requester: '000000000000',
        'source-ip-address': '127.0.0.1',
        reason: 'PutObject',
      },
    });
  });

  it.each([
    ['ObjectCreated:CompleteMultipartUpload', 'CompleteMultipartUpload'],
    ['ObjectCreated:Post', 'PostObject'],
    ['ObjectCreated:Copy', 'CopyObject'],
  ] as const)('reports %s as reason %s', (eventName, reason) => {
    const entry = createdEntry('vod-ingest', record('big file.mov'), eventName, context);

    expect(entry.detailType).toBe('Object Created');
    expect(entry.detail.reason).toBe(reason);
  });

  it('adapts a delete to Object Deleted', () => {
    const deleted = deletedEntry('vod-ingest', 'a b.mp4', '00018C2B3D4E5F0002', context);

    expect(deleted).toMatchObject({
      detailType: 'Object Deleted',
      detail: { reason: 'DeleteObject', object: { key: 'a b.mp4', sequencer: '00018C2B3D4E5F0002' } },
    });
  });

  it("wrapped by the bus, has the shape of AWS's sample event", () => {
    // Prepare
    const sample = sampleEvent<Record<string, Record<string, unknown>>>('s3/eventbridge-object-created.awsdocs-2023-archive.json');
    const bus = new EventBus({
      region: 'us-east-1',
      accountId: '000000000000',
      dataDir: '/nonexistent',
      startExecution: async () => undefined,
      invokeFunction: async () => ({ ok: true, payload: null }),
    });
    const entry = createdEntry('vod-ingest', record('clip.mp4'), 'ObjectCreated:Put', context);

    // Act
    const event = bus.envelope(entry) as unknown as Record<string, Record<string, unknown>>;

    // Assess
    expect(Object.keys(event)).toEqual(Object.keys(sample));
    expect(Object.keys(event.detail).sort()).toEqual(Object.keys(sample.detail).sort());
    expect(Object.keys(event.detail.object as object).sort()).toEqual(
      Object.keys(sample.detail.object as object)
        .filter((k) => k !== 'version-id')
        .sort(),
    );
    expect(event.time).toBe('2026-11-21T10:00:00Z');
    expect(event).toMatchObject({ version: '0', source: 'aws.s3', 'detail-type': 'Object Created', account: '000000000000', region: 'us-east-1' });
  });
});

describe('sequencerClock', () => {
  it('gives strictly increasing sequencers within one millisecond and when the clock goes back', () => {
    // Prepare
    const times = [1700000000000, 1700000000000, 1700000000000, 1699999999000, 1700000000001];
    const next = sequencerClock(() => times.shift()!);

    // Act
    const sequencers = Array.from({ length: 5 }, () => next());

    // Assess
    expect(new Set(sequencers).size).toBe(5);
    expect([...sequencers].sort()).toEqual(sequencers);
    expect(sequencers.every((s) => /^[0-9A-F]{18}$/.test(s))).toBe(true);
  });
});

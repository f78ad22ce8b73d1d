import type { AssetRecord } from '../../../functions/shared/asset';
import { NOTIFIED_CAUSE_MAX, STATUS_EVENT, previousStatus, statusChangeDetail, statusEventId } from '../../../functions/shared/status-notification';

const executionArn = 'arn:aws:states:us-east-1:111122223333:execution:vod-pipeline:e1';

function record(extra: Partial<AssetRecord> = {}): AssetRecord {
  return {
    assetId: 'show-mp4-0123456789abcdef',
    status: 'COMPLETE',
    origin: 'upload',
    source: { bucket: 'ingest', key: 'uploads/show.mp4' },
    branch: 'dash',
    executionArn,
    redriveCount: 0,
    createdAt: '2026-12-03T10:00:00.000Z',
    updatedAt: '2026-12-03T10:02:00.000Z',
    ...extra,
  };
}

describe('status change events', () => {
  it('names the pipeline as source and Asset Status Change as detail type', () => {
    expect(STATUS_EVENT).toEqual({ source: 'vod-pipeline', detailType: 'Asset Status Change' });
  });

  it('gives the same change the same id, and every other change another', () => {
    const id = statusEventId('a', { kind: 'status', status: 'COMPLETE', redriveCount: 0 });

    const others = [
      statusEventId('b', { kind: 'status', status: 'COMPLETE', redriveCount: 0 }),
      statusEventId('a', { kind: 'status', status: 'FAILED', redriveCount: 0 }),
      statusEventId('a', { kind: 'status', status: 'COMPLETE', redriveCount: 1 }),
      statusEventId('a', { kind: 'redrive', redriveCount: 0 }),
    ];

    expect(statusEventId('a', { kind: 'status', status: 'COMPLETE', redriveCount: 0 })).toBe(id);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set([id, ...others]).size).toBe(5);
  });

  it('carries the playback URLs, the manifest metadata and the cost of a completed asset', () => {
    const playback = { hls: 'https://d.example/a/cmaf/a.m3u8', dash: 'https://d.example/a/cmaf/a.mpd' };
    const metadata = { title: 'Show', customer: 'acme' };
    const cost = { estimatedUsd: 0.0375, priceTable: 'mediaconvert-us-east-1-2026-11' };

    const detail = statusChangeDetail(record({ playback, metadata, cost }), { kind: 'status', status: 'COMPLETE', redriveCount: 0 });

    expect(detail).toEqual({
      eventId: statusEventId('show-mp4-0123456789abcdef', { kind: 'status', status: 'COMPLETE', redriveCount: 0 }),
      assetId: 'show-mp4-0123456789abcdef',
      change: 'STATUS',
      status: 'COMPLETE',
      previousStatus: 'TRANSCODING',
      origin: 'upload',
      source: { bucket: 'ingest', key: 'uploads/show.mp4' },
      branch: 'dash',
      playback,
      metadata,
      cost,
      executionArn,
      redriveCount: 0,
      updatedAt: '2026-12-03T10:02:00.000Z',
    });
  });

  it('summarises the loudness analysis without the measured values', () => {
    const loudness = { thresholdDb: -50, maxLoudness: [-20.1, -70], loudnessMap: [1, 0] as (0 | 1)[], silentTracks: [2], layout: 'mono' as const };

    const detail = statusChangeDetail(record({ branch: 'loudness', loudness }), { kind: 'status', status: 'COMPLETE', redriveCount: 0 });

    expect(detail.loudness).toEqual({ layout: 'mono', loudnessMap: [1, 0], silentTracks: [2], thresholdDb: -50 });
    expect(detail.previousStatus).toBe('ANALYZING');
  });

  it('carries the error and its cause for FAILED, and the status it failed in', () => {
    const error = { state: 'SubmitStitchJob', error: 'MediaConvert.1404', cause: 'x'.repeat(NOTIFIED_CAUSE_MAX + 100) };

    const detail = statusChangeDetail(record({ status: 'FAILED', resumeStatus: 'TRANSCODING', error }), {
      kind: 'status',
      status: 'FAILED',
      redriveCount: 0,
    });

    expect(detail).toMatchObject({
      status: 'FAILED',
      previousStatus: 'TRANSCODING',
      error: { state: 'SubmitStitchJob', error: 'MediaConvert.1404' },
    });
    expect(detail.error?.cause).toHaveLength(NOTIFIED_CAUSE_MAX);
  });

  it('announces a redrive with the status the asset resumed in, from FAILED', () => {
    const detail = statusChangeDetail(record({ status: 'TRANSCODING', redriveCount: 1 }), { kind: 'redrive', redriveCount: 1 });

    expect(detail).toMatchObject({ change: 'REDRIVE', status: 'TRANSCODING', previousStatus: 'FAILED', redriveCount: 1 });
    expect(detail).not.toHaveProperty('error');
  });

  it('says a rejected asset was PROBING, and leaves out the previous status it cannot tell', () => {
    expect(previousStatus({}, { kind: 'status', status: 'REJECTED', redriveCount: 0 })).toBe('PROBING');
    expect(statusChangeDetail(record({ branch: undefined }), { kind: 'status', status: 'COMPLETE', redriveCount: 0 })).not.toHaveProperty(
      'previousStatus',
    );
  });
});

import { layoutFolder, recordingEndEvent, recordingMetadata, recordingPrefix } from '../../../cli/ivs-recording';
import { normaliseSourceEvent } from '../../../functions/shared/source-event';

const channelArn = 'arn:aws:ivs:us-west-2:123456789012:channel/AbCdef1G2hij';

describe('IVS recording layout', () => {
  it('builds the prefix IVS uses, without zero padding', () => {
    const prefix = recordingPrefix(channelArn, new Date(Date.UTC(2026, 0, 5, 7, 3)), 'rec1');
    expect(prefix).toBe('ivs/v1/123456789012/AbCdef1G2hij/2026/1/5/7/3/rec1');
  });

  it('refuses something that is not a channel ARN', () => {
    expect(() => recordingPrefix('arn:aws:s3:::bucket', new Date())).toThrow(/not an IVS channel ARN/);
  });

  it('puts a bare HLS folder under media/hls/ and keeps an IVS-shaped one as it is', () => {
    const bare = layoutFolder(['master.m3u8', '720p30/playlist.m3u8', '720p30/0.ts']);
    expect([...bare.keys.values()]).toEqual(['media/hls/master.m3u8', 'media/hls/720p30/playlist.m3u8', 'media/hls/720p30/0.ts']);
    expect(bare.hasMetadata).toBe(false);

    const shaped = layoutFolder(['events/recording-ended.json', 'media/hls/master.m3u8']);
    expect([...shaped.keys.values()]).toEqual(['events/recording-ended.json', 'media/hls/master.m3u8']);
    expect(shaped.hasMetadata).toBe(true);
  });

  it('refuses a folder without a master playlist', () => {
    expect(() => layoutFolder(['clip.mp4'])).toThrow(/no master.m3u8/);
  });

  it('writes recording-ended.json from the playlists', () => {
    const files: Record<string, string> = {
      'media/hls/master.m3u8':
        '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=2500000,RESOLUTION=1280x720\n720p30/playlist.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n360p30/playlist.m3u8\n',
      'media/hls/720p30/playlist.m3u8': '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n0.ts\n#EXTINF:1.5,\n1.ts\n#EXT-X-ENDLIST\n',
      'media/hls/360p30/playlist.m3u8': '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n0.ts\n#EXTINF:1.5,\n1.ts\n#EXT-X-ENDLIST\n',
    };

    const metadata = recordingMetadata(channelArn, new Date(0), new Date(3500), (key) => files[key]);

    expect(metadata).toMatchObject({
      channel_arn: channelArn,
      recording_status: 'RECORDING_ENDED',
      media: {
        hls: {
          duration_ms: 3500,
          path: 'media/hls',
          playlist: 'master.m3u8',
          renditions: [
            { path: '720p30', playlist: 'playlist.m3u8', resolution_width: 1280, resolution_height: 720 },
            { path: '360p30', playlist: 'playlist.m3u8', resolution_width: 640, resolution_height: 360 },
          ],
        },
      },
    });
  });

  it('sends a Recording End event the pipeline accepts', () => {
    const event = recordingEndEvent({
      channelArn,
      bucket: 'vod-recordings',
      prefix: 'ivs/v1/123456789012/AbCdef1G2hij/2026/1/5/7/3/rec1',
      durationMs: 6000,
      at: new Date(),
      region: 'us-west-2',
    });

    const asset = normaliseSourceEvent(event);
    expect(asset).toMatchObject({
      origin: 'ivs',
      source: { bucket: 'vod-recordings', prefix: 'ivs/v1/123456789012/AbCdef1G2hij/2026/1/5/7/3/rec1', channelArn },
    });
    expect(event).toMatchObject({ account: '123456789012', resources: [channelArn], detail: { recording_duration_ms: 6000 } });
  });
});

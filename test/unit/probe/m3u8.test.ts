import { parseAttributes, parsePlaylist, playlistDurationMs, resolveUri } from '../../../functions/probe/m3u8';

const MEDIA = `#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:2
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-PROGRAM-DATE-TIME:2024-05-01T10:00:00.000Z
#EXTINF:2.000000,
0.ts
#EXTINF:2.000000,
1.ts
#EXTINF:1.533333,
2.ts
#EXT-X-ENDLIST
`;

const MASTER = `#EXTM3U
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-STREAM-INF:BANDWIDTH=2400000,RESOLUTION=852x480,CODECS="avc1.4D401F,mp4a.40.2",FRAME-RATE=30.0
480p30/playlist.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=6000000,RESOLUTION=1280x720,CODECS="avc1.4D401F,mp4a.40.2"
720p60/playlist.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=160000,CODECS="mp4a.40.2"
audio_only/playlist.m3u8
`;

describe('parsePlaylist', () => {
  it('reads the segments and durations of a media playlist', () => {
    const playlist = parsePlaylist(MEDIA);

    expect(playlist).toEqual({
      kind: 'media',
      ended: true,
      segments: [
        { uri: '0.ts', durationSeconds: 2 },
        { uri: '1.ts', durationSeconds: 2 },
        { uri: '2.ts', durationSeconds: 1.533333 },
      ],
    });
  });

  it('sums segment durations to whole milliseconds without float drift', () => {
    const text = ['#EXTM3U', ...Array.from({ length: 3000 }, () => ['#EXTINF:0.1,', 's.ts']).flat()].join('\n');
    const playlist = parsePlaylist(text);

    expect(playlist.kind === 'media' && playlistDurationMs(playlist)).toBe(300_000);
    expect(playlistDurationMs(parsePlaylist(MEDIA) as Parameters<typeof playlistDurationMs>[0])).toBe(5533);
  });

  it('reads the variants of a multivariant playlist, with quoted attributes holding commas', () => {
    const playlist = parsePlaylist(MASTER);

    expect(playlist).toEqual({
      kind: 'multivariant',
      variants: [
        { uri: '480p30/playlist.m3u8', bandwidth: 2400000, width: 852, height: 480 },
        { uri: '720p60/playlist.m3u8', bandwidth: 6000000, width: 1280, height: 720 },
        { uri: 'audio_only/playlist.m3u8', bandwidth: 160000 },
      ],
    });
  });

  it('reads byte ranges, continuing from the previous one when no offset is given, and the init section', () => {
    const playlist = parsePlaylist(`#EXTM3U
#EXT-X-MAP:URI="init.mp4",BYTERANGE="720@0"
#EXTINF:2.0,
#EXT-X-BYTERANGE:1000@720
media.mp4
#EXTINF:2.0,
#EXT-X-BYTERANGE:800
media.mp4
`);

    expect(playlist).toEqual({
      kind: 'media',
      ended: false,
      map: { uri: 'init.mp4', byteRange: { length: 720, offset: 0 } },
      segments: [
        { uri: 'media.mp4', durationSeconds: 2, byteRange: { length: 1000, offset: 720 } },
        { uri: 'media.mp4', durationSeconds: 2, byteRange: { length: 800, offset: 1720 } },
      ],
    });
  });

  it('accepts CRLF line ends and a byte order mark', () => {
    const playlist = parsePlaylist(`\uFEFF${MEDIA.replace(/\n/g, '\r\n')}`);

    expect(playlist.kind === 'media' && playlist.segments).toHaveLength(3);
  });

  it.each([
    ['not a playlist', 'does not start with #EXTM3U'],
    ['#EXTM3U\n0.ts\n', 'has no #EXTINF'],
    ['#EXTM3U\n#EXTINF:abc,\n0.ts\n', 'no valid duration'],
  ])('refuses %j', (text, message) => {
    expect(() => parsePlaylist(text)).toThrow(message);
  });

  it('parses attribute lists', () => {
    expect(parseAttributes('BANDWIDTH=1,CODECS="a,b",RESOLUTION=2x3')).toEqual({ BANDWIDTH: '1', CODECS: 'a,b', RESOLUTION: '2x3' });
  });
});

describe('resolveUri', () => {
  const playlist = 'ivs/v1/123456789012/AbCd/2024/5/1/10/0/rec1/media/hls/720p30/playlist.m3u8';

  it.each([
    ['0.ts', 'ivs/v1/123456789012/AbCd/2024/5/1/10/0/rec1/media/hls/720p30/0.ts'],
    ['./sub/1.ts', 'ivs/v1/123456789012/AbCd/2024/5/1/10/0/rec1/media/hls/720p30/sub/1.ts'],
    ['../480p30/playlist.m3u8', 'ivs/v1/123456789012/AbCd/2024/5/1/10/0/rec1/media/hls/480p30/playlist.m3u8'],
    ['/elsewhere/seg.ts', 'elsewhere/seg.ts'],
    ['take%201%3Aa.ts?token=x', 'ivs/v1/123456789012/AbCd/2024/5/1/10/0/rec1/media/hls/720p30/take 1:a.ts'],
  ])('resolves %j against the playlist key', (uri, key) => {
    expect(resolveUri(playlist, uri)).toBe(key);
  });

  it('refuses absolute URLs and climbing above the bucket', () => {
    expect(() => resolveUri(playlist, 'https://cdn.example.com/0.ts')).toThrow('absolute URL');
    expect(() => resolveUri('a/playlist.m3u8', '../../0.ts')).toThrow('climbs above the bucket root');
  });
});

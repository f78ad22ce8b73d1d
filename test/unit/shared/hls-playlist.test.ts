import {
  isAbsoluteUrl,
  mediaUris,
  parseAttributes,
  parsePlaylist,
  playlistDurationMs,
  replaceMediaUris,
  resolveUri,
} from '../../../functions/shared/hls-playlist';
import type { MediaPlaylist } from '../../../functions/shared/hls-playlist';
import { AWKWARD_KEYS } from '../../support/keys';

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

const media = (text: string): MediaPlaylist => {
  const playlist = parsePlaylist(text);
  if (playlist.kind !== 'media') throw new Error('not a media playlist');
  return playlist;
};

describe('parsePlaylist', () => {
  it('reads the segments and durations of a media playlist', () => {
    // Act
    const playlist = parsePlaylist(MEDIA);

    // Assess
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
    // Prepare
    const text = ['#EXTM3U', ...Array.from({ length: 3000 }, () => ['#EXTINF:0.1,', 's.ts']).flat()].join('\n');

    // Act
    const durations = [playlistDurationMs(media(text)), playlistDurationMs(media(MEDIA))];

    // Assess
    expect(durations).toEqual([300_000, 5533]);
  });

  it('reads the variants of a multivariant playlist, with quoted attributes holding commas', () => {
    // Act
    const playlist = parsePlaylist(MASTER);

    // Assess
    expect(playlist).toEqual({
      kind: 'multivariant',
      variants: [
        { uri: '480p30/playlist.m3u8', bandwidth: 2400000, width: 852, height: 480 },
        { uri: '720p60/playlist.m3u8', bandwidth: 6000000, width: 1280, height: 720 },
        { uri: 'audio_only/playlist.m3u8', bandwidth: 160000 },
      ],
      renditions: [],
    });
  });

  it('reads the audio group of each variant and the renditions of the groups', () => {
    // Prepare
    const text = [
      '#EXTM3U',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English, main",LANGUAGE="en",URI="audio/en.m3u8"',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="muxed",NAME="in the video",DEFAULT=YES',
      '#EXT-X-STREAM-INF:BANDWIDTH=2500000,CODECS="avc1.4d401f,mp4a.40.2",AUDIO="aud"',
      'video/720p.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=800000,AUDIO="muxed"',
      'video/360p.m3u8',
    ].join('\n');

    // Act
    const playlist = parsePlaylist(text);

    // Assess
    expect(playlist).toEqual({
      kind: 'multivariant',
      variants: [
        { uri: 'video/720p.m3u8', bandwidth: 2500000, audioGroup: 'aud' },
        { uri: 'video/360p.m3u8', bandwidth: 800000, audioGroup: 'muxed' },
      ],
      renditions: [
        { type: 'AUDIO', groupId: 'aud', uri: 'audio/en.m3u8' },
        { type: 'AUDIO', groupId: 'muxed' },
      ],
    });
  });

  it('reads byte ranges, continuing from the previous one when no offset is given, and the init section', () => {
    // Act
    const playlist = parsePlaylist(`#EXTM3U
#EXT-X-MAP:URI="init.mp4",BYTERANGE="720@0"
#EXTINF:2.0,
#EXT-X-BYTERANGE:1000@720
media.mp4
#EXTINF:2.0,
#EXT-X-BYTERANGE:800
media.mp4
`);

    // Assess
    const init = { uri: 'init.mp4', byteRange: { length: 720, offset: 0 } };
    expect(playlist).toEqual({
      kind: 'media',
      ended: false,
      map: init,
      segments: [
        { uri: 'media.mp4', durationSeconds: 2, byteRange: { length: 1000, offset: 720 }, map: init },
        { uri: 'media.mp4', durationSeconds: 2, byteRange: { length: 800, offset: 1720 }, map: init },
      ],
    });
  });

  it('gives each segment the init section in effect for it, and lists the URIs to fetch once each', () => {
    // Prepare
    const text = [
      '#EXTM3U',
      '#EXT-X-MAP:URI="a/init.mp4"',
      '#EXTINF:2.0,',
      '#EXT-X-BYTERANGE:10@0',
      'a/media.mp4',
      '#EXTINF:2.0,',
      '#EXT-X-BYTERANGE:10',
      'a/media.mp4',
      '#EXT-X-DISCONTINUITY',
      '#EXT-X-MAP:URI="b/init.mp4"',
      '#EXTINF:2.0,',
      'b/0.m4s',
      '#EXT-X-ENDLIST',
    ].join('\n');

    // Act
    const playlist = media(text);

    // Assess
    expect(playlist.map).toEqual({ uri: 'a/init.mp4' });
    expect(playlist.segments.map((segment) => segment.map?.uri)).toEqual(['a/init.mp4', 'a/init.mp4', 'b/init.mp4']);
    expect(mediaUris(playlist)).toEqual(['a/init.mp4', 'a/media.mp4', 'b/init.mp4', 'b/0.m4s']);
  });

  it('reports the encryption method of encrypted segments, and none for METHOD=NONE', () => {
    // Prepare
    const encrypted = MEDIA.replace(
      '#EXTINF:2.000000,\n1.ts',
      '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="key.bin",KEYFORMAT="identity"\n#EXTINF:2.000000,\n1.ts',
    );
    const clear = MEDIA.replace('#EXTINF:2.000000,\n0.ts', '#EXT-X-KEY:METHOD=NONE\n#EXTINF:2.000000,\n0.ts');

    // Act
    const [first, second] = [media(encrypted), media(clear)];

    // Assess
    expect(first.encryption).toBe('SAMPLE-AES');
    expect(second).not.toHaveProperty('encryption');
  });

  it('accepts CRLF line ends and a byte order mark', () => {
    // Act
    const playlist = media(`\uFEFF${MEDIA.replace(/\n/g, '\r\n')}`);

    // Assess
    expect(playlist.segments).toHaveLength(3);
  });

  it.each([
    ['not a playlist', 'it does not start with #EXTM3U'],
    ['#EXTM3U\n0.ts\n', 'has no #EXTINF'],
    ['#EXTM3U\n#EXTINF:abc,\n0.ts\n', 'no valid duration'],
    ['#EXTM3U\n#EXT-X-MAP:BYTERANGE="1@0"\n', 'has no URI'],
  ])('refuses %j', (text, message) => {
    expect(() => parsePlaylist(text)).toThrow(message);
  });

  it('parses attribute lists', () => {
    expect(parseAttributes('BANDWIDTH=1,CODECS="a,b",RESOLUTION=2x3')).toEqual({ BANDWIDTH: '1', CODECS: 'a,b', RESOLUTION: '2x3' });
  });
});

describe('replaceMediaUris', () => {
  it('replaces segment and init section URIs and keeps every other line', () => {
    // Prepare
    const text =
      '\uFEFF#EXTM3U\r\n#EXT-X-MAP:URI="init 0.mp4",BYTERANGE="720@0"\r\n#EXTINF:2.0,\r\n#EXT-X-BYTERANGE:1000@720\r\nmedia%201.mp4\r\n#EXT-X-ENDLIST\r\n';

    // Act
    const replaced = replaceMediaUris(text, (uri) => `local/${uri.length}`);

    // Assess
    expect(replaced).toBe(
      '#EXTM3U\n#EXT-X-MAP:URI="local/10",BYTERANGE="720@0"\n#EXTINF:2.0,\n#EXT-X-BYTERANGE:1000@720\nlocal/13\n#EXT-X-ENDLIST\n',
    );
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
    ['a+b%2Bc.ts', 'ivs/v1/123456789012/AbCd/2024/5/1/10/0/rec1/media/hls/720p30/a+b+c.ts'],
  ])('resolves %j against the playlist key', (uri, key) => {
    expect(resolveUri(playlist, uri)).toBe(key);
  });

  it.each(AWKWARD_KEYS)('names the key %s whether its URI is percent-encoded or written as the key', (key) => {
    // Prepare
    const encoded = `/${key.split('/').map(encodeURIComponent).join('/')}`;

    // Act
    const keys = [resolveUri('recordings/playlist.m3u8', encoded), resolveUri('recordings/playlist.m3u8', `/${key}`)];

    // Assess
    expect(keys).toEqual([key, key]);
  });

  it('refuses absolute URLs and climbing above the bucket', () => {
    expect(() => resolveUri(playlist, 'https://cdn.example.com/0.ts')).toThrow('absolute URL');
    expect(() => resolveUri(playlist, 's3://other/0.ts')).toThrow('absolute URL');
    expect(() => resolveUri('a/playlist.m3u8', '../../0.ts')).toThrow('climbs above the bucket root');
  });
});

describe('isAbsoluteUrl', () => {
  it.each([
    ['https://cdn.example.com/0.ts', true],
    ['s3://bucket/key.ts', true],
    ['0.ts', false],
    ['/from/the/root.ts', false],
    ['take 1:a.ts', false],
  ])('%s: %s', (uri, absolute) => {
    expect(isAbsoluteUrl(uri)).toBe(absolute);
  });
});

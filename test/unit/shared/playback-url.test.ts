import { LOUDNESS_TEMP_PREFIX } from '../../../functions/shared/output-layout';
import { TEMP_PREFIX, keyPath, playbackBase, playbackUrl, playbackUrls } from '../../../functions/shared/playback-url';

const CDN = 'https://d111111abcdef8.cloudfront.net';

describe('playbackUrl', () => {
  it('serves a key of the outputs bucket under the base', () => {
    expect(playbackUrl(CDN, 'outputs', 's3://outputs/show-1/cmaf/show-1.m3u8')).toBe(`${CDN}/show-1/cmaf/show-1.m3u8`);
  });

  it('percent-encodes every key segment and keeps the slashes', () => {
    expect(keyPath('a b/é+1/x?y#z.mp4')).toBe('a%20b/%C3%A9%2B1/x%3Fy%23z.mp4');
    expect(playbackUrl('http://127.0.0.1:4566/_vod/play/', 'outputs', 's3://outputs/a b/c.mpd')).toBe('http://127.0.0.1:4566/_vod/play/a%20b/c.mpd');
  });

  it('serves nothing of another bucket, of the temporary prefix, or that is not an object', () => {
    expect(playbackUrl(CDN, 'outputs', 's3://other/show-1/proxy/a.mp4')).toBeUndefined();
    expect(playbackUrl(CDN, 'outputs', `s3://outputs/${LOUDNESS_TEMP_PREFIX}a/audio.mp4`)).toBeUndefined();
    expect(playbackUrl(CDN, 'outputs', 's3://outputs/show-1/')).toBeUndefined();
    expect(playbackUrl(CDN, 'outputs', 'https://example.com/a.mp4')).toBeUndefined();
    expect(LOUDNESS_TEMP_PREFIX.startsWith(TEMP_PREFIX)).toBe(true);
  });
});

describe('playbackBase', () => {
  it.each(['ftp://host/x', 'not a url', 'https://host/x?a=1', 'https://host/#x'])('refuses %s', (base) => {
    expect(() => playbackBase(base)).toThrow(/PLAYBACK_BASE_URL/);
  });
});

describe('playbackUrls', () => {
  it('gives the playable outputs a URL each, and the audio flag none', () => {
    // Act
    const urls = playbackUrls(CDN, 'outputs', {
      hls: 's3://outputs/a/cmaf/a.m3u8',
      proxy: 's3://outputs/a/proxy/a_proxy.mp4',
      thumbnails: 's3://outputs/a/thumbnails/thumbnails.vtt',
      audio: false,
    });

    // Assess
    expect(urls).toEqual({ hls: `${CDN}/a/cmaf/a.m3u8`, proxy: `${CDN}/a/proxy/a_proxy.mp4`, thumbnails: `${CDN}/a/thumbnails/thumbnails.vtt` });
  });
});

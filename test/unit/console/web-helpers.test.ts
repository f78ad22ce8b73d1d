/** The pages' pure helpers: the fragment router and the thumbnails track parser. */
import { assetHref, executionHref, routeOf } from '../../../console/web/routes';
import { cueAt, parseThumbnailsVtt } from '../../../console/web/vtt-thumbnails';

describe('routeOf', () => {
  it('reads the page and what it shows from the fragment, as the links write it', () => {
    const arn = 'arn:aws:states:us-east-1:000000000000:execution:vod-pipeline:abc';

    expect(routeOf(assetHref('clip-mp4-0123'))).toEqual({ page: 'asset', assetId: 'clip-mp4-0123' });
    expect(routeOf(executionHref(arn))).toEqual({ page: 'execution', executionArn: arn });
  });

  it.each(['', '#', '#/', '#/assets', '#/nowhere/x', '#/assets/%E0%A4%A'])('shows the assets for %j', (hash) => {
    expect(routeOf(hash)).toEqual({ page: 'assets' });
  });
});

describe('parseThumbnailsVtt', () => {
  const track =
    'WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nthumb.0000000.jpg\n\n00:00:02.000 --> 00:00:04.500\nthumb%20b.0000001.jpg#xywh=0,0,160,90\n';

  it('reads one cue per image, resolved against the track', () => {
    expect(parseThumbnailsVtt(track, 'http://127.0.0.1:4566/_vod/play/a/thumbnails/thumbnails.vtt')).toEqual([
      { start: 0, end: 2, image: 'http://127.0.0.1:4566/_vod/play/a/thumbnails/thumb.0000000.jpg' },
      { start: 2, end: 4.5, image: 'http://127.0.0.1:4566/_vod/play/a/thumbnails/thumb%20b.0000001.jpg#xywh=0,0,160,90' },
    ]);
  });

  it('finds the cue of a time, the last one past the end', () => {
    const cues = parseThumbnailsVtt(track, 'http://host/t.vtt');

    expect(cueAt(cues, 2.1)?.start).toBe(2);
    expect(cueAt(cues, 9)?.start).toBe(2);
    expect(cueAt([], 1)).toBeUndefined();
  });
});

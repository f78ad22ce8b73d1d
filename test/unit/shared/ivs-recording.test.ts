import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  MetadataError,
  highestRendition,
  hlsOf,
  joinKey,
  masterPlaylistKey,
  parseRecordingMetadata,
  recordingFailure,
  renditionPlaylistKey,
} from '../../../functions/shared/ivs-recording';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../fixtures/probe', name), 'utf8');
const ended = parseRecordingMetadata(fixture('s3-events-recording-ended.awsdocs.json'));
const failed = parseRecordingMetadata(fixture('s3-events-recording-failed.awsdocs.json'));
const PREFIX = 'ivs/v1/123456789012/AsXego4U6tnj/2020/6/12/12/53/rec1';

describe('IVS recording metadata', () => {
  it('accepts a recording that ended', () => {
    expect(recordingFailure(ended)).toBeUndefined();
  });

  it('gives the reason of a failed recording', () => {
    expect(recordingFailure(failed)).toBe('recording_status is RECORDING_ENDED_WITH_FAILURE: InternalServerException');
  });

  it('locates the master playlist from the metadata', () => {
    expect(masterPlaylistKey(PREFIX, hlsOf(ended))).toBe(`${PREFIX}/media/hls/master.m3u8`);
  });

  it('picks the tallest rendition, whatever the order', () => {
    const rendition = highestRendition(hlsOf(ended).renditions)!;

    expect(rendition.path).toBe('720p60');
    expect(renditionPlaylistKey(PREFIX, hlsOf(ended), rendition)).toBe(`${PREFIX}/media/hls/720p60/playlist.m3u8`);
  });

  it('breaks a height tie by width, and has no rendition to pick from none', () => {
    expect(
      highestRendition([
        { path: 'a', playlist: 'p.m3u8', resolution_height: 720, resolution_width: 960 },
        { path: 'b', playlist: 'p.m3u8', resolution_height: 720, resolution_width: 1280 },
      ])?.path,
    ).toBe('b');
    expect(highestRendition(undefined)).toBeUndefined();
  });

  it('joins key parts with single slashes', () => {
    expect(joinKey('ivs/v1/rec/', '/media/hls/', 'master.m3u8')).toBe('ivs/v1/rec/media/hls/master.m3u8');
  });

  it.each([
    ['{"recording_status": ', 'not JSON'],
    ['{"media": {}}', 'no recording_status'],
  ])('refuses metadata %j', (text, message) => {
    expect(() => parseRecordingMetadata(text)).toThrow(MetadataError);
    expect(() => parseRecordingMetadata(text)).toThrow(message);
  });

  it('refuses metadata without an HLS playlist', () => {
    expect(() => hlsOf({ recording_status: 'RECORDING_ENDED', media: {} })).toThrow('no media.hls.path and media.hls.playlist');
  });
});

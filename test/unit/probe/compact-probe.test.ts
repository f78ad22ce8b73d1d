import { audioTracksOf, compactProbe, containerOf, numberOf, rotationOf } from '../../../functions/probe/compact-probe';
import type { MediaInfoTrack } from '../../../functions/probe/compact-probe';

/** MediaInfo's JSON output: every value a string. */
const general = (fields: Record<string, string>): MediaInfoTrack => ({ '@type': 'General', ...fields });
const audio = (fields: Record<string, string>): MediaInfoTrack => ({
  '@type': 'Audio',
  Format: 'PCM',
  Channels: '1',
  SamplingRate: '48000',
  ...fields,
});

describe('rotationOf', () => {
  it.each([
    [undefined, 0],
    ['0.000', 0],
    ['270.000', 90],
    ['180.000', 180],
    ['90.000', 270],
    ['-90.000', 90],
    ['45.000', 0],
  ])('reads MediaInfo Rotation %s as %d degrees clockwise', (rotation, degrees) => {
    const track: MediaInfoTrack = { '@type': 'Video', ...(rotation === undefined ? {} : { Rotation: rotation }) };

    expect(rotationOf(track)).toBe(degrees);
  });
});

describe('compactProbe', () => {
  it('reduces a MediaInfo report to the compact probe', () => {
    const result = compactProbe([
      general({ Format: 'MPEG-4', Format_Profile: 'Base Media', Duration: '12.345' }),
      { '@type': 'Video', Format: 'AVC', Width: '1920', Height: '1080', FrameRate: '29.970', BitRate: '4999999.6' },
      { '@type': 'Audio', Format: 'AAC', Channels: '6', SamplingRate: '48000 / 24000' },
      { '@type': 'Text', Format: 'Timed Text' },
    ]);

    expect(result).toEqual({
      ok: true,
      probe: {
        container: 'MPEG-4',
        durationMs: 12345,
        video: { codec: 'AVC', width: 1920, height: 1080, frameRate: 29.97, bitrate: 5000000, rotation: 0 },
        audioCount: 1,
        audioTracks: [{ index: 1, codec: 'AAC', channels: 6, sampleRate: 48000 }],
      },
    });
  });

  it('takes the frame rate from its fraction and leaves out what MediaInfo did not report', () => {
    const result = compactProbe([
      general({ Format: 'MXF' }),
      { '@type': 'Video', Format: 'ProRes', Width: '3840', Height: '2160', FrameRate_Num: '24000', FrameRate_Den: '1001', Duration: '3.0' },
    ]);

    expect(result.ok && result.probe.video).toEqual({ codec: 'ProRes', width: 3840, height: 2160, frameRate: 23.976, rotation: 0 });
    expect(result.ok && result.probe.durationMs).toBe(3000);
  });

  it('numbers audio tracks in file order (StreamOrder), from 1', () => {
    const tracks = audioTracksOf([audio({ StreamOrder: '3', Channels: '2' }), audio({ StreamOrder: '1' }), audio({ StreamOrder: '2' })]);

    expect(tracks.map((track) => [track.index, track.channels])).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
    ]);
  });

  it('keeps MediaInfo order when stream orders are not plain numbers (MPEG-TS programs)', () => {
    const tracks = audioTracksOf([audio({ StreamOrder: '0-2', Format: 'AC-3' }), audio({ StreamOrder: '0-1', Format: 'AAC' })]);

    expect(tracks.map((track) => track.codec)).toEqual(['AC-3', 'AAC']);
  });

  it('names QuickTime files QuickTime, not MPEG-4', () => {
    expect(containerOf(general({ Format: 'MPEG-4', Format_Profile: 'QuickTime', CodecID: 'qt  ' }))).toBe('QuickTime');
    expect(containerOf(general({ Format: 'MPEG-4', CodecID: 'qt  ' }))).toBe('QuickTime');
    expect(containerOf(general({ Format: 'MPEG-4', CodecID: 'isom' }))).toBe('MPEG-4');
  });

  it.each([
    [[general({ FileSize: '300000' })], 'no format it recognises'],
    [[], 'no format it recognises'],
    [[general({ Format: 'JPEG' }), { '@type': 'Image', Format: 'JPEG' }], 'format "JPEG" with 1 track(s) (Image) but no video or audio'],
    [[general({ Format: 'SubRip' })], 'format "SubRip" with no tracks'],
  ])('is not media for %j', (tracks, seen) => {
    expect(compactProbe(tracks as MediaInfoTrack[])).toEqual({ ok: false, seen });
  });

  it('reads numbers from strings, numbers and joined values', () => {
    expect([numberOf('2.5'), numberOf(3), numberOf('48000 / 24000'), numberOf('n/a'), numberOf(undefined)]).toEqual([
      2.5,
      3,
      48000,
      undefined,
      undefined,
    ]);
  });
});

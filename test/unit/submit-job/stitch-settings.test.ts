import { buildStitchSettings, isPlaced, placeOverlay, recordingPlaylistKey } from '../../../functions/submit-job/stitch-settings';
import { config, probeOf, recording, upload } from './support';

const job = (overrides: Partial<Parameters<typeof buildStitchSettings>[0]> = {}) => ({
  assetId: 'ivs-rec-1-0123456789abcdef',
  state: 'SubmitStitchJob',
  source: recording,
  probe: probeOf({ video: { codec: 'AVC', width: 1280, height: 720 } }),
  prerollMs: 5000,
  ...overrides,
});

describe('buildStitchSettings', () => {
  it('stitches pre-roll, the recording playlist and post-roll, in that order', () => {
    // Act
    const settings = buildStitchSettings(job(), config);

    // Assess
    expect(settings.Inputs!.map((input) => input.FileInput)).toEqual([
      's3://vod-assets/bumpers/pre roll+intro.mp4',
      's3://vod-recordings/ivs/v1/111122223333/AbCdEf/2024/3/7/9/5/rec-1/media/hls/master.m3u8',
      's3://vod-assets/bumpers/postroll.mp4',
    ]);
    expect(settings.Inputs!.every((input) => input.TimecodeSource === 'ZEROBASED')).toBe(true);
  });

  it('uses the playlist the probe found in the recording metadata', () => {
    const source = { ...recording, playlist: `${recording.prefix}/media/hls/index.m3u8` };

    const settings = buildStitchSettings(job({ source }), config);

    expect(settings.Inputs![1].FileInput).toBe(`s3://vod-recordings/${recording.prefix}/media/hls/index.m3u8`);
  });

  it('puts the overlay on the recording only, top right with a margin', () => {
    const settings = buildStitchSettings(job(), config);

    const [preroll, main, postroll] = settings.Inputs!;
    expect(preroll.ImageInserter).toBeUndefined();
    expect(postroll.ImageInserter).toBeUndefined();
    expect(main.ImageInserter?.InsertableImages).toEqual([
      { ImageInserterInput: 's3://vod-assets/overlays/bug.png', ImageX: 1088, ImageY: 32, Width: 160, Height: 90, Opacity: 70, Layer: 1 },
    ]);
  });

  it('keeps the overlay at the same share of a wider recording', () => {
    const settings = buildStitchSettings(job({ probe: probeOf({ video: { codec: 'AVC', width: 1920, height: 1080 } }) }), config);

    const [image] = settings.Inputs![1].ImageInserter!.InsertableImages!;
    expect(image).toMatchObject({ Width: 240, Height: 135, ImageY: 48, ImageX: 1920 - 240 - 48 });
  });

  it('places the overlay on a rotated recording as it is shown (portrait)', () => {
    const settings = buildStitchSettings(job({ probe: probeOf({ video: { codec: 'AVC', width: 1280, height: 720, rotation: 90 } }) }), config);

    const [image] = settings.Inputs![1].ImageInserter!.InsertableImages!;
    expect(image).toMatchObject({ Width: 90, ImageY: 18, ImageX: 720 - 90 - 18 });
  });

  it('writes CMAF Automated ABR and the SD proxy under the asset', () => {
    const settings = buildStitchSettings(job(), config);

    const [cmaf, proxy] = settings.OutputGroups!;
    expect(cmaf.AutomatedEncodingSettings?.AbrSettings?.MaxRenditions).toBeGreaterThanOrEqual(3);
    expect(cmaf.OutputGroupSettings?.CmafGroupSettings?.Destination).toBe(
      's3://vod-outputs/ivs-rec-1-0123456789abcdef/cmaf/ivs-rec-1-0123456789abcdef',
    );
    expect(proxy.OutputGroupSettings?.FileGroupSettings?.Destination).toBe(
      's3://vod-outputs/ivs-rec-1-0123456789abcdef/proxy/ivs-rec-1-0123456789abcdef',
    );
  });

  it('writes DASH ISO with packaging dash-iso', () => {
    const settings = buildStitchSettings(job(), { ...config, packaging: 'dash-iso' });

    const types = settings.OutputGroups!.map((group) => group.OutputGroupSettings!.Type);
    expect(types).toContain('DASH_ISO_GROUP_SETTINGS');
    expect(types).not.toContain('CMAF_GROUP_SETTINGS');
  });

  it('takes the poster a tenth into the recording, after the pre-roll', () => {
    // 5 s pre-roll + a tenth of a 120 s recording: 17 s.
    const settings = buildStitchSettings(job(), config);

    const poster = settings.OutputGroups!.find((group) => group.Outputs![0].NameModifier === '_poster')!;
    expect(poster.Outputs![0].VideoDescription!.CodecSettings!.FrameCaptureSettings).toMatchObject({
      FramerateNumerator: 1,
      FramerateDenominator: 17,
      MaxCaptures: 2,
    });
  });

  it('turns the recording as its rotation metadata says (Rotate AUTO)', () => {
    const settings = buildStitchSettings(job(), config);

    expect(settings.Inputs![1].VideoSelector?.Rotate).toBe('AUTO');
  });

  it('needs the pre-roll duration the handler reads', () => {
    expect(() => buildStitchSettings(job({ prerollMs: undefined }), config)).toThrow(/pre-roll's duration/);
  });

  it('refuses an upload as a wiring error', () => {
    expect(() => buildStitchSettings(job({ source: upload }), config)).toThrow(TypeError);
  });
});

describe('placeOverlay', () => {
  const image = { ImageX: 1088, ImageY: 32, Width: 160, Height: 90, Opacity: 70, Layer: 1 };

  it('keeps the template position when the frame width is unknown', () => {
    expect(placeOverlay(image, undefined)).toEqual(image);
  });

  it('right-aligns the overlay in a narrow frame', () => {
    const placed = placeOverlay(image, 640);

    expect(placed).toMatchObject({ Width: 80, Height: 45, ImageY: 16, ImageX: 640 - 80 - 16 });
  });

  it('takes only template images with a position and a size', () => {
    expect(isPlaced(image)).toBe(true);
    expect(isPlaced({ ...image, ImageX: 0, ImageY: 0 })).toBe(true);
    expect(isPlaced({ Opacity: 50 })).toBe(false);
    expect(isPlaced({ ImageX: 10, ImageY: 10, Width: 100 })).toBe(false);
  });
});

describe('recordingPlaylistKey', () => {
  it('takes the master playlist the recording metadata names', () => {
    expect(recordingPlaylistKey({ ...recording, playlist: `${recording.prefix}/media/other/main.m3u8` })).toBe(
      `${recording.prefix}/media/other/main.m3u8`,
    );
  });

  it('refuses to guess a playlist the probe did not set', () => {
    expect(() => recordingPlaylistKey({ ...recording, playlist: undefined })).toThrow(/has no playlist in the payload/);
  });
});

import type { JobSettings } from '@aws-sdk/client-mediaconvert';
import { InputRejected } from '../../../functions/shared/errors';
import { buildDashSettings } from '../../../functions/submit-job/dash-settings';
import { AWKWARD_KEYS, config, probeOf, recording, upload } from './support';

const job = (overrides: Partial<Parameters<typeof buildDashSettings>[0]> = {}) => ({
  assetId: 'clip-0123456789abcdef',
  state: 'SubmitDashJob',
  source: upload,
  probe: probeOf(),
  ...overrides,
});

const groupOf = (settings: JobSettings, type: string) => settings.OutputGroups!.find((g) => g.OutputGroupSettings?.Type === type)!;

const fileGroups = (settings: JobSettings) => settings.OutputGroups!.filter((g) => g.OutputGroupSettings?.Type === 'FILE_GROUP_SETTINGS');
const captureOf = (settings: JobSettings, nameModifier: string) => {
  const group = fileGroups(settings).find((g) => g.Outputs![0].NameModifier === nameModifier)!;
  return { group, capture: group.Outputs![0].VideoDescription!.CodecSettings!.FrameCaptureSettings! };
};

describe('buildDashSettings', () => {
  it('reads the upload and writes CMAF, the proxy, thumbnails and the poster under the asset', () => {
    // Act
    const settings = buildDashSettings(job(), config);

    // Assess
    expect(settings.Inputs).toHaveLength(1);
    expect(settings.Inputs![0].FileInput).toBe('s3://vod-ingest/uploads/clip.mp4');
    expect(settings.OutputGroups!.map((g) => g.OutputGroupSettings!.Type)).toEqual([
      'CMAF_GROUP_SETTINGS',
      'FILE_GROUP_SETTINGS',
      'FILE_GROUP_SETTINGS',
      'FILE_GROUP_SETTINGS',
    ]);
    expect(groupOf(settings, 'CMAF_GROUP_SETTINGS').OutputGroupSettings!.CmafGroupSettings!.Destination).toBe(
      's3://vod-outputs/clip-0123456789abcdef/cmaf/clip-0123456789abcdef',
    );
    expect(fileGroups(settings).map((g) => g.OutputGroupSettings!.FileGroupSettings!.Destination)).toEqual([
      's3://vod-outputs/clip-0123456789abcdef/proxy/clip-0123456789abcdef',
      's3://vod-outputs/clip-0123456789abcdef/thumbnails/clip-0123456789abcdef',
      's3://vod-outputs/clip-0123456789abcdef/poster/clip-0123456789abcdef',
    ]);
  });

  it('writes one CMAF group with both manifests, Automated ABR over one video output and AAC audio', () => {
    const settings = buildDashSettings(job(), config);

    const cmaf = groupOf(settings, 'CMAF_GROUP_SETTINGS');
    expect(cmaf.OutputGroupSettings!.CmafGroupSettings).toMatchObject({
      WriteHlsManifest: 'ENABLED',
      WriteDashManifest: 'ENABLED',
      SegmentControl: 'SEGMENTED_FILES',
    });
    expect(cmaf.AutomatedEncodingSettings?.AbrSettings).toEqual({ MaxAbrBitrate: 6_000_000, MinAbrBitrate: 400_000, MaxRenditions: 6 });
    expect(cmaf.Outputs!.map((o) => [o.ContainerSettings?.Container, o.VideoDescription !== undefined, o.AudioDescriptions?.length ?? 0])).toEqual([
      ['CMFC', true, 0],
      ['CMFC', false, 1],
    ]);
    expect(cmaf.Outputs![1].AudioDescriptions![0].CodecSettings).toMatchObject({ Codec: 'AAC', AacSettings: { Bitrate: 128_000 } });
  });

  it('writes DASH ISO instead, and no CMAF, with packaging dash-iso', () => {
    const settings = buildDashSettings(job(), { ...config, packaging: 'dash-iso' });

    expect(settings.OutputGroups!.map((g) => g.OutputGroupSettings!.Type)).toEqual([
      'DASH_ISO_GROUP_SETTINGS',
      'FILE_GROUP_SETTINGS',
      'FILE_GROUP_SETTINGS',
      'FILE_GROUP_SETTINGS',
    ]);
    const dash = groupOf(settings, 'DASH_ISO_GROUP_SETTINGS');
    expect(dash.OutputGroupSettings!.DashIsoGroupSettings!.Destination).toBe('s3://vod-outputs/clip-0123456789abcdef/dash/clip-0123456789abcdef');
    expect(dash.Outputs!.every((o) => o.ContainerSettings?.Container === 'MPD')).toBe(true);
  });

  it('keeps an SD H.264 + AAC proxy', () => {
    const settings = buildDashSettings(job(), config);

    const [proxy] = fileGroups(settings)[0].Outputs!;
    expect(proxy.NameModifier).toBe('_proxy');
    expect(proxy.ContainerSettings?.Container).toBe('MP4');
    expect(proxy.VideoDescription).toMatchObject({ Height: 360, CodecSettings: { Codec: 'H_264' } });
    expect(proxy.AudioDescriptions?.[0].CodecSettings?.Codec).toBe('AAC');
  });

  it('captures a JPEG thumbnail every thumbnailIntervalSeconds', () => {
    const settings = buildDashSettings(job(), { ...config, thumbnailIntervalSeconds: 4 });

    const { group, capture } = captureOf(settings, '_thumb');
    expect(group.Outputs![0].ContainerSettings?.Container).toBe('RAW');
    expect(capture).toMatchObject({ FramerateNumerator: 1, FramerateDenominator: 4 });
  });

  it('takes the poster, the second of two captures, a tenth into the upload', () => {
    // 120 s: captures at 0 and 12 s.
    const settings = buildDashSettings(job(), config);

    const { capture } = captureOf(settings, '_poster');
    expect(capture).toMatchObject({ FramerateNumerator: 1, FramerateDenominator: 12, MaxCaptures: 2 });
  });

  it('turns pictures as their rotation metadata says (Rotate AUTO)', () => {
    const settings = buildDashSettings(job(), config);

    expect(settings.Inputs![0].VideoSelector?.Rotate).toBe('AUTO');
  });

  it('leaves the template untouched for the next job', () => {
    buildDashSettings(job({ assetId: 'first-1' }), config);

    const second = buildDashSettings(job({ assetId: 'second-2' }), config);

    expect(JSON.stringify(second)).not.toContain('first-1');
  });

  it('drops every audio output and selector for a file without audio', () => {
    const settings = buildDashSettings(job({ probe: probeOf({ audioTracks: [], audioCount: 0 }) }), config);

    expect(settings.Inputs![0].AudioSelectors).toBeUndefined();
    const outputs = settings.OutputGroups!.flatMap((g) => g.Outputs!);
    // The ABR video, the proxy, the thumbnails and the poster.
    expect(outputs).toHaveLength(4);
    expect(outputs.every((o) => o.VideoDescription !== undefined && o.AudioDescriptions === undefined)).toBe(true);
  });

  it('rejects a file without video, pointing at the loudness prefix', () => {
    const act = () => buildDashSettings(job({ probe: probeOf({ video: undefined }) }), config);

    expect(act).toThrow(InputRejected);
    expect(act).toThrow(/clip-0123456789abcdef.*SubmitDashJob.*s3:\/\/vod-ingest\/uploads\/clip\.mp4 has no video.*loudness prefix/);
  });

  it('refuses an IVS recording as a wiring error, not a rejection', () => {
    const act = () => buildDashSettings(job({ source: recording }), config);

    expect(act).toThrow(TypeError);
  });

  it.each(AWKWARD_KEYS)('passes the key %s to MediaConvert as stored', (key) => {
    const settings = buildDashSettings(job({ source: { bucket: 'vod-ingest', key } }), config);

    expect(settings.Inputs![0].FileInput).toBe(`s3://vod-ingest/${key}`);
  });
});

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

describe('buildDashSettings', () => {
  it('reads the upload and writes DASH and the proxy under the asset', () => {
    // Act
    const settings = buildDashSettings(job(), config);

    // Assess
    expect(settings.Inputs).toHaveLength(1);
    expect(settings.Inputs![0].FileInput).toBe('s3://vod-ingest/uploads/clip.mp4');
    expect(groupOf(settings, 'DASH_ISO_GROUP_SETTINGS').OutputGroupSettings!.DashIsoGroupSettings!.Destination).toBe(
      's3://vod-outputs/clip-0123456789abcdef/dash/clip-0123456789abcdef',
    );
    expect(groupOf(settings, 'FILE_GROUP_SETTINGS').OutputGroupSettings!.FileGroupSettings!.Destination).toBe(
      's3://vod-outputs/clip-0123456789abcdef/proxy/clip-0123456789abcdef',
    );
  });

  it('keeps the Automated ABR settings and an SD H.264 + AAC proxy', () => {
    const settings = buildDashSettings(job(), config);

    const dash = groupOf(settings, 'DASH_ISO_GROUP_SETTINGS');
    expect(dash.AutomatedEncodingSettings?.AbrSettings).toEqual({ MaxAbrBitrate: 6_000_000, MinAbrBitrate: 400_000, MaxRenditions: 6 });
    expect(dash.Outputs!.map((o) => [o.VideoDescription !== undefined, o.AudioDescriptions?.length ?? 0])).toEqual([
      [true, 0],
      [false, 1],
    ]);
    const [proxy] = groupOf(settings, 'FILE_GROUP_SETTINGS').Outputs!;
    expect(proxy.NameModifier).toBe('_proxy');
    expect(proxy.ContainerSettings?.Container).toBe('MP4');
    expect(proxy.VideoDescription).toMatchObject({ Height: 360, CodecSettings: { Codec: 'H_264' } });
    expect(proxy.AudioDescriptions?.[0].CodecSettings?.Codec).toBe('AAC');
  });

  it('turns the upload upright as its rotation metadata says, which MediaConvert does only with Rotate AUTO', () => {
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
    expect(outputs).toHaveLength(2);
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

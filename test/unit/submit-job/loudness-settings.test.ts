import type { JobSettings } from '@aws-sdk/client-mediaconvert';
import { InputRejected, NoAudio } from '../../../functions/shared/errors';
import { aacLayout, buildLoudnessSettings, MAX_LOUDNESS_TRACKS } from '../../../functions/submit-job/loudness-settings';
import { AWKWARD_KEYS, config, probeOf, recording, stereoTracks } from './support';

const mezzanine = { bucket: 'vod-ingest', key: 'mezzanine/show 01.mxf' };

const job = (overrides: Partial<Parameters<typeof buildLoudnessSettings>[0]> = {}) => ({
  assetId: 'show-01-0123456789abcdef',
  state: 'SubmitLoudnessJob',
  source: mezzanine,
  probe: probeOf({ audioTracks: stereoTracks(8, 1) }),
  ...overrides,
});

const outputsOf = (settings: JobSettings) => settings.OutputGroups![0].Outputs!;

describe('buildLoudnessSettings', () => {
  it.each([2, 8, 16])('selects each of %i tracks and measures it in one output', (count) => {
    // Prepare
    const probe = probeOf({ audioTracks: stereoTracks(count, 1) });

    // Act
    const settings = buildLoudnessSettings(job({ probe }), config);

    // Assess
    const selectors = settings.Inputs![0].AudioSelectors!;
    expect(Object.keys(selectors)).toEqual(Array.from({ length: count }, (_, i) => `Audio Selector ${i + 1}`));
    expect(Object.values(selectors).map((s) => s.Tracks)).toEqual(Array.from({ length: count }, (_, i) => [i + 1]));
    expect(Object.values(selectors).every((s) => s.SelectorType === 'TRACK' && s.DefaultSelection === 'NOT_DEFAULT')).toBe(true);
    const [output] = outputsOf(settings);
    expect(outputsOf(settings)).toHaveLength(1);
    expect(output.VideoDescription).toBeDefined();
    expect(output.AudioDescriptions!.map((d) => d.AudioSourceName)).toEqual(Object.keys(selectors));
    for (const description of output.AudioDescriptions!) {
      expect(description.AudioNormalizationSettings).toEqual({
        Algorithm: 'ITU_BS_1770_2',
        AlgorithmControl: 'MEASURE_ONLY',
        LoudnessLogging: 'LOG',
        PeakCalculation: 'NONE',
      });
      expect(description.CodecSettings?.AacSettings?.CodingMode).toBe('CODING_MODE_1_0');
    }
  });

  it('selects tracks by their probe index', () => {
    const probe = probeOf({ audioTracks: [3, 5].map((index) => ({ index, codec: 'PCM', channels: 2, sampleRate: 48000 })) });

    const settings = buildLoudnessSettings(job({ probe }), config);

    expect(settings.Inputs![0].AudioSelectors).toMatchObject({ 'Audio Selector 1': { Tracks: [3] }, 'Audio Selector 2': { Tracks: [5] } });
  });

  it('codes each track with its own channel layout', () => {
    const probe = probeOf({
      audioTracks: [1, 2, 6, 8].map((channels, i) => ({ index: i + 1, codec: 'PCM', channels, sampleRate: 48000 })),
    });

    const settings = buildLoudnessSettings(job({ probe }), config);

    expect(outputsOf(settings)[0].AudioDescriptions!.map((d) => d.CodecSettings?.AacSettings?.CodingMode)).toEqual([
      'CODING_MODE_1_0',
      'CODING_MODE_2_0',
      'CODING_MODE_5_1',
      'CODING_MODE_AUTO',
    ]);
  });

  it('clips the input to the first LOUDNESS_CLIP_SECONDS as zero-based timecodes', () => {
    const settings = buildLoudnessSettings(job(), { ...config, loudnessClipSeconds: 90 });

    expect(settings.Inputs![0].TimecodeSource).toBe('ZEROBASED');
    expect(settings.Inputs![0].InputClippings).toEqual([{ StartTimecode: '00:00:00:00', EndTimecode: '00:01:30:00' }]);
  });

  it('measures the whole input when it is shorter than the clip', () => {
    const settings = buildLoudnessSettings(job({ probe: probeOf({ durationMs: 45_000, audioTracks: stereoTracks(2) }) }), config);

    expect(settings.Inputs![0].InputClippings).toBeUndefined();
  });

  it('writes under the temporary loudness prefix', () => {
    const settings = buildLoudnessSettings(job(), config);

    expect(settings.OutputGroups![0].OutputGroupSettings?.FileGroupSettings?.Destination).toBe(
      's3://vod-outputs/tmp/loudness/show-01-0123456789abcdef/audio',
    );
  });

  it('measures an audio-only file with one audio-only output per track', () => {
    const probe = probeOf({ video: undefined, container: 'Wave', audioTracks: stereoTracks(3) });

    const settings = buildLoudnessSettings(job({ probe }), config);

    const outputs = outputsOf(settings);
    expect(outputs.map((o) => o.NameModifier)).toEqual(['_track1', '_track2', '_track3']);
    expect(outputs.every((o) => o.VideoDescription === undefined && o.AudioDescriptions?.length === 1)).toBe(true);
    expect(outputs.map((o) => o.AudioDescriptions![0].AudioSourceName)).toEqual(['Audio Selector 1', 'Audio Selector 2', 'Audio Selector 3']);
  });

  it('rejects a file without audio with NoAudio, naming the asset and the state', () => {
    const act = () => buildLoudnessSettings(job({ probe: probeOf({ audioTracks: [], audioCount: 0 }) }), config);

    expect(act).toThrow(NoAudio);
    expect(act).toThrow(/show-01-0123456789abcdef \(SubmitLoudnessJob\): s3:\/\/vod-ingest\/mezzanine\/show 01\.mxf has no audio track/);
  });

  it(`rejects more than ${MAX_LOUDNESS_TRACKS} tracks with a clear message`, () => {
    const act = () => buildLoudnessSettings(job({ probe: probeOf({ audioTracks: stereoTracks(MAX_LOUDNESS_TRACKS + 1, 1) }) }), config);

    expect(act).toThrow(InputRejected);
    expect(act).toThrow(`has ${MAX_LOUDNESS_TRACKS + 1} audio tracks; the loudness analysis measures at most ${MAX_LOUDNESS_TRACKS}`);
  });

  it('selects tracks by number when the probe counted but did not describe them', () => {
    const settings = buildLoudnessSettings(job({ probe: probeOf({ audioTracks: [], audioCount: 2 }) }), config);

    expect(Object.values(settings.Inputs![0].AudioSelectors!).map((s) => s.Tracks)).toEqual([[1], [2]]);
  });

  it('refuses an IVS recording as a wiring error', () => {
    expect(() => buildLoudnessSettings(job({ source: recording }), config)).toThrow(TypeError);
  });

  it.each(AWKWARD_KEYS)('passes the key %s to MediaConvert as stored', (key) => {
    const settings = buildLoudnessSettings(job({ source: { bucket: 'vod-ingest', key } }), config);

    expect(settings.Inputs![0].FileInput).toBe(`s3://vod-ingest/${key}`);
  });
});

describe('aacLayout', () => {
  it.each([
    [1, 'CODING_MODE_1_0'],
    [2, 'CODING_MODE_2_0'],
    [6, 'CODING_MODE_5_1'],
    [4, 'CODING_MODE_AUTO'],
    [0, 'CODING_MODE_AUTO'],
  ])('codes %i channels as %s', (channels, mode) => {
    expect(aacLayout(channels).codingMode).toBe(mode);
  });
});

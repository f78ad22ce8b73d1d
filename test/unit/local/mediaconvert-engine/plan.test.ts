import type { JobSettings } from '@aws-sdk/client-mediaconvert';
import { InvalidSettingError, UnsupportedSettingError, jobSettingsFromWire, planJob } from '../../../../local/mediaconvert/engine';
import type { DashGroupPlan, FileGroupPlan } from '../../../../local/mediaconvert/engine/job-plan';
import type { Probe } from '../../../../functions/shared/asset';
import type { Packaging } from '../../../../functions/shared/output-layout';
import { buildDashSettings } from '../../../../functions/submit-job/dash-settings';
import { templateSettings } from './support';

const INPUT = 's3://ingest bucket/up loads/Café: take+1.mp4';

const PROBE: Probe = {
  container: 'MPEG-4',
  durationMs: 60_000,
  video: { codec: 'AVC', width: 1280, height: 720 },
  audioCount: 1,
  audioTracks: [{ index: 1, codec: 'AAC', channels: 2, sampleRate: 48000 }],
};

/** The dash job as the submit-job function builds it: CMAF (or DASH ISO), proxy, thumbnails, poster. */
function dashJob(packaging: Packaging = 'cmaf'): JobSettings {
  const settings = buildDashSettings(
    { assetId: 'a1', state: 'SubmitDashJob', source: { bucket: 'ingest', key: 'clip.mp4' }, probe: PROBE },
    { outputBucket: 'out', packaging, thumbnailIntervalSeconds: 10 },
  );
  // An input URI the engine must take as it is, spaces and all.
  settings.Inputs![0].FileInput = INPUT;
  return settings;
}

function planError(settings: JobSettings): Error {
  try {
    planJob(settings);
  } catch (error) {
    return error as Error;
  }
  throw new Error('planJob accepted the settings');
}

describe('planJob', () => {
  it('plans the dash template: Automated ABR CMAF with an audio output, the SD proxy, thumbnails and the poster', () => {
    // Prepare
    const settings = dashJob();

    // Act
    const plan = planJob(settings);

    // Assess
    expect(plan.inputs).toEqual([
      expect.objectContaining({ uri: INPUT, kind: 'file', timecodeSource: 'ZEROBASED', clippings: [], autoRotate: true }),
    ]);
    const [dash, proxy, thumbnails, poster] = plan.outputGroups as [DashGroupPlan, FileGroupPlan, FileGroupPlan, FileGroupPlan];
    expect(dash).toMatchObject({
      type: 'CMAF_GROUP',
      destination: 's3://out/a1/cmaf/a1',
      manifests: { hls: true, dash: true },
      segmentLengthSeconds: 6,
      singleFile: false,
      abr: { maxAbrBitrate: 6_000_000, minAbrBitrate: 400_000, maxRenditions: 6 },
    });
    expect(dash.outputs.map((output) => [output.nameModifier, Boolean(output.video), output.audio?.channels])).toEqual([
      ['_video', true, undefined],
      ['_audio', false, 2],
    ]);
    expect(proxy.outputs[0]).toMatchObject({
      nameModifier: '_proxy',
      extension: 'mp4',
      faststart: true,
      video: { height: 360, rateControl: 'QVBR', maxBitrate: 1_000_000, qvbrLevel: 7, profile: 'main', gop: { size: 2, units: 'SECONDS' } },
      audio: [{ selector: 'Audio Selector 1', channels: 2, bitrate: 96_000, sampleRate: 48_000 }],
    });
    expect(proxy.outputs[0].video?.width).toBeUndefined();
    expect(thumbnails).toMatchObject({
      destination: 's3://out/a1/thumbnails/a1',
      outputs: [{ nameModifier: '_thumb', extension: 'jpg', frameCapture: { numerator: 1, denominator: 10, quality: 80, height: 180 } }],
    });
    // A tenth of 60 s: captures at 0 and 6 s.
    expect(poster).toMatchObject({
      destination: 's3://out/a1/poster/a1',
      outputs: [{ nameModifier: '_poster', frameCapture: { numerator: 1, denominator: 6, maxCaptures: 2 } }],
    });
  });

  it('plans DASH ISO packaging: the MPD alone', () => {
    const [dash] = planJob(dashJob('dash-iso')).outputGroups as DashGroupPlan[];

    expect(dash).toMatchObject({ type: 'DASH_ISO_GROUP', destination: 's3://out/a1/dash/a1', manifests: { hls: false, dash: true } });
  });

  it('lists what it accepts without local effect, and why', () => {
    // Prepare
    const settings = dashJob();

    // Act
    const { ignoredSettings } = planJob(settings);

    // Assess
    expect(ignoredSettings).toContainEqual(
      expect.stringMatching(
        /^Settings\.OutputGroups\[0\]\.Outputs\[0\]\.VideoDescription\.CodecSettings\.H264Settings\.QualityTuningLevel: .*x264 preset/,
      ),
    );
    expect(ignoredSettings).toContainEqual(expect.stringMatching(/^Settings\.TimecodeConfig\.Source: /));
  });

  it('plans the stitch template: three inputs in order, the overlay on the second', () => {
    // Prepare
    const settings = templateSettings('stitch');
    const [preroll, recording, postroll] = settings.Inputs!;
    preroll.FileInput = 's3://assets/bumpers/preroll.mp4';
    recording.FileInput = 's3://recordings/ivs/v1/000000000000/ch/2026/1/2/3/4/rec/media/hls/master.m3u8';
    postroll.FileInput = 's3://assets/bumpers/postroll.mp4';
    recording.ImageInserter!.InsertableImages![0].ImageInserterInput = 's3://assets/overlays/bug.png';
    settings.OutputGroups = settings.OutputGroups!.filter(
      (group) => group.OutputGroupSettings!.Type === 'CMAF_GROUP_SETTINGS' || group.Outputs![0].NameModifier === '_proxy',
    );
    settings.OutputGroups[0].OutputGroupSettings!.CmafGroupSettings!.Destination = 's3://out/a/cmaf/a';
    settings.OutputGroups[1].OutputGroupSettings!.FileGroupSettings!.Destination = 's3://out/a/proxy/a';

    // Act
    const plan = planJob(settings);

    // Assess
    expect(plan.inputs.map((input) => input.kind)).toEqual(['file', 'hls', 'file']);
    expect(plan.inputs[0].images).toEqual([]);
    expect(plan.inputs[1].images).toEqual([
      { uri: 's3://assets/overlays/bug.png', x: 1088, y: 32, width: 160, height: 90, opacity: 70, fadeInMs: 0, fadeOutMs: 0, layer: 1 },
    ]);
    expect(plan.followInput).toBe(0);
  });

  it('plans the loudness template: measure-only loudness with a log per track, and the input clipping', () => {
    // Prepare
    const settings = templateSettings('loudness');
    const input = settings.Inputs![0];
    input.FileInput = 's3://ingest/mezzanine/master 8ch.mxf';
    input.InputClippings = [{ StartTimecode: '00:00:00:00', EndTimecode: '00:01:00:00' }];
    input.AudioSelectors = { 'Audio Selector 1': { Tracks: [1] }, 'Audio Selector 2': { Tracks: [2] } };
    const output = settings.OutputGroups![0].Outputs![0];
    output.AudioDescriptions = [output.AudioDescriptions![0], { ...output.AudioDescriptions![0], AudioSourceName: 'Audio Selector 2' }];
    settings.OutputGroups![0].OutputGroupSettings!.FileGroupSettings!.Destination = 's3://out/tmp/loudness/a/a';

    // Act
    const plan = planJob(settings);

    // Assess
    expect(plan.inputs[0]).toMatchObject({ kind: 'file', clippings: [{ start: '00:00:00:00', end: '00:01:00:00' }] });
    expect(plan.inputs[0].audioSelectors).toEqual({
      'Audio Selector 1': { tracks: [1], defaulted: false },
      'Audio Selector 2': { tracks: [2], defaulted: false },
    });
    const group = plan.outputGroups[0] as FileGroupPlan;
    expect(group.outputs[0].audio.map((audio) => [audio.selector, audio.loudness])).toEqual([
      ['Audio Selector 1', { log: true, truePeak: false }],
      ['Audio Selector 2', { log: true, truePeak: false }],
    ]);
  });

  it.each([
    [
      'an HLS output group',
      (s: JobSettings) => {
        s.OutputGroups![0].OutputGroupSettings = {
          Type: 'HLS_GROUP_SETTINGS',
          HlsGroupSettings: { Destination: 's3://out/hls/x', SegmentLength: 6 },
        };
      },
      'Settings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings is not supported by the local MediaConvert',
    ],
    [
      'an HLS output group type',
      (s: JobSettings) => {
        s.OutputGroups![0].OutputGroupSettings!.Type = 'HLS_GROUP_SETTINGS';
      },
      'Settings.OutputGroups[0].OutputGroupSettings.Type = "HLS_GROUP_SETTINGS" is not supported by the local MediaConvert (supported: FILE_GROUP_SETTINGS, DASH_ISO_GROUP_SETTINGS, CMAF_GROUP_SETTINGS)',
    ],
    [
      'an audio remix',
      (s: JobSettings) => {
        s.OutputGroups![1].Outputs![0].AudioDescriptions![0].RemixSettings = { ChannelsIn: 1, ChannelsOut: 2 };
      },
      'Settings.OutputGroups[1].Outputs[0].AudioDescriptions[0].RemixSettings is not supported by the local MediaConvert',
    ],
    [
      'loudness correction',
      (s: JobSettings) => {
        s.OutputGroups![1].Outputs![0].AudioDescriptions![0].AudioNormalizationSettings = {
          Algorithm: 'ITU_BS_1770_2',
          AlgorithmControl: 'CORRECT_AUDIO',
        };
      },
      'AudioNormalizationSettings.AlgorithmControl = "CORRECT_AUDIO" is not supported by the local MediaConvert (supported: MEASURE_ONLY)',
    ],
    [
      'an audio selector by language',
      (s: JobSettings) => {
        s.Inputs![0].AudioSelectors!['Audio Selector 1'].SelectorType = 'LANGUAGE_CODE';
      },
      'Settings.Inputs[0].AudioSelectors["Audio Selector 1"].SelectorType = "LANGUAGE_CODE" is not supported',
    ],
    [
      'a job-level motion overlay',
      (s: JobSettings) => {
        s.MotionImageInserter = { Input: 's3://assets/logo.mov' };
      },
      'Settings.MotionImageInserter is not supported by the local MediaConvert',
    ],
  ])('rejects %s with an error naming the setting', (_name, change, message) => {
    // Prepare
    const settings = dashJob();
    change(settings);

    // Act
    const error = planError(settings);

    // Assess
    expect(error).toBeInstanceOf(UnsupportedSettingError);
    expect(error.message).toContain(message);
  });

  it.each([
    [
      'a missing destination',
      (s: JobSettings) => {
        delete s.OutputGroups![1].OutputGroupSettings!.FileGroupSettings!.Destination;
      },
      'Settings.OutputGroups[1].OutputGroupSettings.FileGroupSettings.Destination is required',
    ],
    [
      'an ABR output that is not QVBR',
      (s: JobSettings) => {
        s.OutputGroups![0].Outputs![0].VideoDescription!.CodecSettings!.H264Settings!.RateControlMode = 'CBR';
      },
      'must be QVBR in an Automated ABR output group',
    ],
    [
      'a malformed clipping timecode',
      (s: JobSettings) => {
        s.Inputs![0].InputClippings = [{ EndTimecode: '00:01:00' }];
      },
      'Settings.Inputs[0].InputClippings[0].EndTimecode must be a timecode',
    ],
    [
      'an audio source no input defines',
      (s: JobSettings) => {
        s.OutputGroups![1].Outputs![0].AudioDescriptions![0].AudioSourceName = 'Audio Selector 9';
      },
      'AudioSourceName names "Audio Selector 9", which no input',
    ],
  ])('rejects %s as invalid', (_name, change, message) => {
    // Prepare
    const settings = dashJob();
    change(settings);

    // Act
    const error = planError(settings);

    // Assess
    expect(error).toBeInstanceOf(InvalidSettingError);
    expect(error.message).toContain(message);
  });

  it('reads settings in the REST API wire form, keeping selector names', () => {
    // Prepare
    const wire = {
      inputs: [{ fileInput: INPUT, audioSelectors: { 'Audio Selector 1': { tracks: [2] } } }],
      outputGroups: [
        {
          outputGroupSettings: { type: 'FILE_GROUP_SETTINGS', fileGroupSettings: { destination: 's3://out/x/' } },
          outputs: [
            {
              containerSettings: { container: 'MP4' },
              audioDescriptions: [{ codecSettings: { codec: 'AAC', aacSettings: { bitrate: 64000, codingMode: 'CODING_MODE_1_0' } } }],
            },
          ],
        },
      ],
    };

    // Act
    const plan = planJob(jobSettingsFromWire(wire));

    // Assess
    expect(plan.inputs[0].audioSelectors).toEqual({ 'Audio Selector 1': { tracks: [2], defaulted: false } });
    expect((plan.outputGroups[0] as FileGroupPlan).outputs[0].audio[0]).toMatchObject({ channels: 1, bitrate: 64000 });
  });
});

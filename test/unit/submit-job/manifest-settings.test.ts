import type { JobSettings } from '@aws-sdk/client-mediaconvert';
import type { ManifestSettings } from '../../../functions/shared/job-manifest';
import { buildJobSettings } from '../../../functions/submit-job/job-settings';
import type { JobInput } from '../../../functions/submit-job/job-input';
import { config, probeOf, stereoTracks, upload } from './support';

function dashJob(settings: ManifestSettings, probe = probeOf()): JobInput {
  return { assetId: 'clip-1', state: 'SubmitDashJob', source: upload, probe, settings };
}

const abrOf = (settings: JobSettings) =>
  settings.OutputGroups?.find((group) => group.AutomatedEncodingSettings)?.AutomatedEncodingSettings?.AbrSettings;

describe('a job manifest in the job settings', () => {
  it('leaves the template as it is without a manifest', () => {
    // Act
    const plain = buildJobSettings('dash', { ...dashJob({}), settings: undefined }, config);
    const empty = buildJobSettings('dash', dashJob({}), config);

    // Assess
    expect(empty).toEqual(plain);
    expect(abrOf(plain)).toEqual({ MaxAbrBitrate: 6_000_000, MinAbrBitrate: 400_000, MaxRenditions: 6 });
    expect(plain.Inputs?.[0].InputClippings).toBeUndefined();
  });

  it('sets the ladder limits of the Automated ABR group', () => {
    const settings = buildJobSettings('dash', dashJob({ abr: { maxBitrate: 2_000_000, minBitrate: 300_000, maxRenditions: 3 } }), config);

    expect(abrOf(settings)).toEqual({ MaxAbrBitrate: 2_000_000, MinAbrBitrate: 300_000, MaxRenditions: 3 });
  });

  it("moves the template's other bound when the manifest sets one beyond it", () => {
    const lowMax = buildJobSettings('dash', dashJob({ abr: { maxBitrate: 200_000 } }), config);
    const highMin = buildJobSettings('dash', dashJob({ abr: { minBitrate: 7_000_000 } }), config);

    expect(abrOf(lowMax)).toMatchObject({ MaxAbrBitrate: 200_000, MinAbrBitrate: 200_000 });
    expect(abrOf(highMin)).toMatchObject({ MaxAbrBitrate: 7_000_000, MinAbrBitrate: 7_000_000 });
  });

  it('takes packaging and the thumbnail interval from the manifest', () => {
    const settings = buildJobSettings('dash', dashJob({ packaging: 'dash-iso', thumbnails: { intervalSeconds: 3 } }), config);

    const types = settings.OutputGroups?.map((group) => group.OutputGroupSettings?.Type);
    expect(types).toContain('DASH_ISO_GROUP_SETTINGS');
    expect(types).not.toContain('CMAF_GROUP_SETTINGS');
    const thumbnails = settings.OutputGroups?.find((group) => group.Outputs?.[0].NameModifier === '_thumb');
    expect(thumbnails?.Outputs?.[0].VideoDescription?.CodecSettings?.FrameCaptureSettings).toMatchObject({
      FramerateNumerator: 1,
      FramerateDenominator: 3,
    });
  });

  it('clips the input, converting seconds to timecodes at the video frame rate, and takes the poster inside the clip', () => {
    // Prepare
    const probe = probeOf({ durationMs: 60_000, video: { codec: 'AVC', width: 1280, height: 720, frameRate: 25 } });

    // Act
    const settings = buildJobSettings('dash', dashJob({ clip: { start: 10.5, end: '00:00:30:12' } }, probe), config);

    // Assess
    expect(settings.Inputs?.[0].InputClippings).toEqual([{ StartTimecode: '00:00:10:12', EndTimecode: '00:00:30:12' }]);
    const poster = settings.OutputGroups?.find((group) => group.Outputs?.[0].NameModifier === '_poster');
    // A tenth of the 19.98 s clip.
    expect(poster?.Outputs?.[0].VideoDescription?.CodecSettings?.FrameCaptureSettings).toMatchObject({
      FramerateNumerator: 500,
      FramerateDenominator: 999,
    });
  });

  it("replaces the loudness branch's first-seconds clip with the manifest's clip, and takes its clip length", () => {
    const probe = probeOf({ audioTracks: stereoTracks(8, 1), video: undefined, durationMs: 600_000 });
    const job: JobInput = { assetId: 'mezz-1', state: 'SubmitLoudnessJob', source: upload, probe };

    const clipped = buildJobSettings('loudness', { ...job, settings: { clip: { start: '00:01:00.000', end: 90 } } }, config);
    const shorter = buildJobSettings('loudness', { ...job, settings: { loudness: { clipSeconds: 20 } } }, config);

    expect(clipped.Inputs?.[0].InputClippings).toEqual([{ StartTimecode: '00:01:00:00', EndTimecode: '00:01:30:00' }]);
    expect(shorter.Inputs?.[0].InputClippings).toEqual([{ StartTimecode: '00:00:00:00', EndTimecode: '00:00:20:00' }]);
  });
});

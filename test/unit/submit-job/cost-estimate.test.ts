import type { MediaConvertPriceTable } from '../../../functions/shared/mediaconvert-prices';
import { MEDIACONVERT_PRICES, overridePrices, priceTableLabel } from '../../../functions/shared/mediaconvert-prices';
import { estimateJobCost } from '../../../functions/submit-job/cost-estimate';
import { buildJobRequest } from '../../../functions/submit-job/job-request';
import type { JobInput } from '../../../functions/submit-job/job-input';
import type { Branch } from '../../../functions/shared/asset';
import { config, probeOf, recording, stereoTracks, upload } from './support';

const taskToken = 'token';

function requestOf(branch: Branch, job: JobInput) {
  return buildJobRequest(branch, { ...job, taskToken }, config).request;
}

// The table's numbers, named as the arithmetic below uses them.
const PRO = 0.012;
const BASIC = 0.0075;
const AUDIO = 0.003;
const NORMALIZATION = 0.003;
const HD = 2;
const MULTI_PASS_HQ = 2;

describe('estimateJobCost', () => {
  it('prices the dash job: six Professional HD multi-pass renditions, the ABR audio, an SD proxy, SD thumbnails and an HD poster', () => {
    // Prepare: 2 minutes of 1920×1080 at 25 fps, accelerated (PREFERRED), so every output is Professional.
    const request = requestOf('dash', { assetId: 'a', state: 'SubmitDashJob', source: upload, probe: probeOf({ durationMs: 120_000 }) });

    // Act
    const estimate = estimateJobCost({ request, inputDurationsMs: [120_000], video: probeOf().video }, MEDIACONVERT_PRICES);

    // Assess
    const minutes = 2;
    const ladder = 6 * minutes * PRO * HD * MULTI_PASS_HQ; // 0.576
    const abrAudio = minutes * AUDIO; // 0.006
    const proxy = minutes * PRO; // 640×360: SD, single pass: 0.024
    const thumbnails = minutes * PRO; // 320×180: 0.024
    const poster = minutes * PRO * HD; // the source's size: 0.048
    expect(ladder + abrAudio + proxy + thumbnails + poster).toBeCloseTo(0.678, 9);
    expect(estimate.usd).toBe(0.678);
    expect(estimate.outputMinutes).toBe(2);
    expect(estimate.outputs.map((o) => [o.tier, o.count, o.multiplier])).toEqual([
      ['professional', 6, 4],
      ['professional', 1, 1],
      ['professional', 1, 1],
      ['professional', 1, 1],
      ['professional', 1, 2],
    ]);
  });

  it('prices the stitch job over pre-roll, recording and post-roll', () => {
    // Prepare: 5 s + 120 s + 4 s = 129 s of output.
    const job = { assetId: 'i', state: 'SubmitStitchJob', source: recording, probe: probeOf({ durationMs: 120_000 }), prerollMs: 5000 };
    const request = requestOf('stitch', job);

    // Act
    const estimate = estimateJobCost({ request, inputDurationsMs: [5000, 120_000, 4000], video: job.probe.video }, MEDIACONVERT_PRICES);

    // Assess
    const minutes = 129 / 60; // 2.15
    const perMinute = 6 * PRO * HD * MULTI_PASS_HQ + AUDIO + PRO + PRO + PRO * HD; // 0.288 + 0.003 + 0.012 + 0.012 + 0.024 = 0.339
    expect(minutes * perMinute).toBeCloseTo(0.72885, 9);
    expect(estimate.usd).toBe(0.72885);
  });

  it('prices the loudness job on its clip: one Basic SD output with three normalized tracks', () => {
    // Prepare: a 2-minute mezzanine with video and three stereo tracks, clipped to its first 60 s; acceleration DISABLED.
    const probe = probeOf({ durationMs: 120_000, audioTracks: stereoTracks(3) });
    const request = requestOf('loudness', { assetId: 'm', state: 'SubmitLoudnessJob', source: upload, probe });

    // Act
    const estimate = estimateJobCost({ request, inputDurationsMs: [120_000], video: probe.video }, MEDIACONVERT_PRICES);

    // Assess
    const minutes = 1;
    expect(minutes * BASIC + 3 * minutes * NORMALIZATION).toBeCloseTo(0.0165, 9);
    expect(estimate.usd).toBe(0.0165);
    expect(estimate.outputs[0].tier).toBe('basic');
  });

  it('prices an audio-only mezzanine as one audio-only output per track', () => {
    // Prepare: no video, three tracks, 90 s clipped to 60 s.
    const probe = probeOf({ durationMs: 90_000, video: undefined, audioTracks: stereoTracks(3) });
    const request = requestOf('loudness', { assetId: 'w', state: 'SubmitLoudnessJob', source: upload, probe });

    // Act
    const estimate = estimateJobCost({ request, inputDurationsMs: [90_000] }, MEDIACONVERT_PRICES);

    // Assess: 3 × (1 min × 0.003 audio + 1 min × 0.003 normalization) = 0.018
    expect(estimate.outputs).toHaveLength(3);
    expect(estimate.usd).toBe(0.018);
  });

  it('bills an output shorter than the minimum as the minimum, ten seconds', () => {
    // Prepare: a 4 s loudness clip, audio only, one track.
    const probe = probeOf({ durationMs: 4000, video: undefined, audioTracks: stereoTracks(1) });
    const request = requestOf('loudness', { assetId: 's', state: 'SubmitLoudnessJob', source: upload, probe });

    // Act
    const estimate = estimateJobCost({ request, inputDurationsMs: [4000] }, MEDIACONVERT_PRICES);

    // Assess: 10/60 min × (0.003 + 0.003) = 0.001
    expect(estimate.outputs[0].minutes).toBeCloseTo(10 / 60, 12);
    expect(estimate.usd).toBe(0.001);
  });

  it('moves a 60 fps source into the 30-60 fps class and a UHD one into the UHD class', () => {
    // Prepare
    const uhd60 = { codec: 'AVC', width: 3840, height: 2160, frameRate: 60 };
    const request = requestOf('dash', { assetId: 'u', state: 'SubmitDashJob', source: upload, probe: probeOf({ durationMs: 60_000, video: uhd60 }) });

    // Act
    const estimate = estimateJobCost({ request, inputDurationsMs: [60_000], video: uhd60 }, MEDIACONVERT_PRICES);

    // Assess: the ladder's multiplier is UHD 4 × 30-60 fps 2 × MULTI_PASS_HQ 2 = 16
    expect(estimate.outputs[0].multiplier).toBe(16);
    expect(estimate.outputs[0].usd).toBeCloseTo(6 * 1 * PRO * 16, 12);
  });

  it('refuses durations that do not match the inputs', () => {
    const request = requestOf('stitch', { assetId: 'i', state: 'S', source: recording, probe: probeOf(), prerollMs: 1000 });

    expect(() => estimateJobCost({ request, inputDurationsMs: [1000] }, MEDIACONVERT_PRICES)).toThrow(
      'the job has 3 inputs but 1 durations were given',
    );
  });
});

describe('overridePrices', () => {
  it('lays an override over the table and names its own date and source', () => {
    // Act
    const table: MediaConvertPriceTable = overridePrices({ asOf: '2027-01-01', source: 'contract 42', perMinute: { professional: 0.006 } });

    // Assess
    expect(table.perMinute).toEqual({ basic: 0.0075, professional: 0.006 });
    expect(table.multipliers).toEqual(MEDIACONVERT_PRICES.multipliers);
    expect(priceTableLabel(table)).toBe('MediaConvert on-demand us-east-1 2027-01-01 (contract 42)');
  });

  it('says what is wrong with a bad override', () => {
    expect(() => overridePrices({ perMinute: { pro: -1 } })).toThrow(
      'mediaConvertPriceTable: asOf is missing: name the date and the source of the numbers; source is missing',
    );
    expect(() => overridePrices({ asOf: 'd', source: 's', perMinute: { basic: -1 }, rates: 1 })).toThrow(
      'perMinute.basic -1 is not a number ≥ 0; rates is not a price table field',
    );
  });

  it('names the published page in the built-in table', () => {
    expect(priceTableLabel(MEDIACONVERT_PRICES)).toBe('MediaConvert on-demand us-east-1 2026-12-03 (https://aws.amazon.com/mediaconvert/pricing/)');
  });
});

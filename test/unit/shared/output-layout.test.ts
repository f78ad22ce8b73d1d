import { LOUDNESS_TEMP_PREFIX, loudnessLogKeys, loudnessPrefix, transcodeLayout } from '../../../functions/shared/output-layout';
import { findLoudnessLogs, matchLogsToTracks } from '../../../functions/classify-loudness/loudness-logs';

describe('output layout', () => {
  it('puts the ladder, the proxy and the frame captures in the asset folder, named after the asset', () => {
    expect(transcodeLayout('out', 'clip-1')).toEqual({
      cmafDestination: 's3://out/clip-1/cmaf/clip-1',
      hlsManifest: 's3://out/clip-1/cmaf/clip-1.m3u8',
      cmafDashManifest: 's3://out/clip-1/cmaf/clip-1.mpd',
      thumbnailsDestination: 's3://out/clip-1/thumbnails/clip-1',
      posterDestination: 's3://out/clip-1/poster/clip-1',
      thumbnailsVtt: 's3://out/clip-1/thumbnails/thumbnails.vtt',
      dashDestination: 's3://out/clip-1/dash/clip-1',
      dashManifest: 's3://out/clip-1/dash/clip-1.mpd',
      proxyDestination: 's3://out/clip-1/proxy/clip-1',
      proxy: 's3://out/clip-1/proxy/clip-1_proxy.mp4',
    });
  });

  it('keeps loudness files under the temporary prefix', () => {
    expect(LOUDNESS_TEMP_PREFIX).toBe('tmp/loudness/');
    expect(loudnessPrefix('show-1')).toBe('tmp/loudness/show-1/');
  });

  it('names one log per track of a multi-track output, numbered from 1', () => {
    expect(loudnessLogKeys('show-1', 2, true)).toEqual([
      'tmp/loudness/show-1/audio_analysis_loudness.1.csv',
      'tmp/loudness/show-1/audio_analysis_loudness.2.csv',
    ]);
  });

  it('names the single log of a one-track output without a number', () => {
    expect(loudnessLogKeys('show-1', 1, true)).toEqual(['tmp/loudness/show-1/audio_analysis_loudness.csv']);
  });

  it('names the logs of audio-only outputs after their track outputs', () => {
    expect(loudnessLogKeys('show-1', 2, false)).toEqual([
      'tmp/loudness/show-1/audio_track1_loudness.csv',
      'tmp/loudness/show-1/audio_track2_loudness.csv',
    ]);
  });
});

describe('loudness log names and the classifier', () => {
  it.each([
    [1, true],
    [2, true],
    [16, true],
    [1, false],
    [16, false],
  ])('%i track(s), video %s: every log is matched to its track', (count, hasVideo) => {
    // Prepare: the asset id has digits, which must not be read as track numbers
    const keys = loudnessLogKeys('show-01-0123456789abcdef', count, hasVideo);

    // Act
    const match = matchLogsToTracks(findLoudnessLogs([...keys].reverse()), count);

    // Assess
    expect(match).toEqual({ ok: true, logs: keys.map((key, i) => ({ track: i + 1, key })) });
  });
});

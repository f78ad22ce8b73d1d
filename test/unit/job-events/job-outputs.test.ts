import { jobDurationMs, jobOutputs, jobResult, thumbnailFrames } from '../../../functions/job-events/job-outputs';
import type { JobStateChangeDetail, OutputGroupDetail } from '../../../functions/job-events/job-state-change';
import { completeTranscodeValues } from '../../../functions/job-events/record-values';
import { sampleEvent } from '../../support/events';
import { cmafTranscodeGroups } from '../../support/transcode-events';

const groupsOf = (file: string): OutputGroupDetail[] =>
  sampleEvent<{ detail: JobStateChangeDetail }>(`mediaconvert/${file}`).detail.outputGroupDetails ?? [];

describe('jobOutputs', () => {
  it('takes the DASH manifest from a DASH_ISO_GROUP, whose outputs list no files', () => {
    // Prepare
    const groups = groupsOf('dash-iso-group.complete.json');

    // Act
    const result = jobResult('1536964333549-opn151', groups);

    // Assess
    expect(result).toEqual({
      jobId: '1536964333549-opn151',
      status: 'COMPLETE',
      outputs: { dash: 's3://bucket/dash/1.mpd', audio: true },
      outputFiles: ['s3://bucket/dash/1.mpd'],
      durationMs: 180053,
      record: completeTranscodeValues({ dash: 's3://bucket/dash/1.mpd', audio: true }),
    });
  });

  it('takes the MP4 of a file group as the proxy, not the frame capture, and its duration', () => {
    const result = jobResult('1536962115049-g58xc4', groupsOf('file-group.complete.json'));

    expect(result.outputs).toEqual({ proxy: 's3://bucket/file/file.mp4' });
    expect(result.outputFiles).toEqual(['s3://bucket/frameoutput/file.0000036.jpg', 's3://bucket/file/file.mp4']);
    expect(result.durationMs).toBe(180041);
  });

  it('gives both outputs for a DASH + proxy job', () => {
    const groups = [...groupsOf('dash-iso-group.complete.json'), ...groupsOf('file-group.complete.json')];

    expect(jobOutputs(groups)).toEqual({ dash: 's3://bucket/dash/1.mpd', proxy: 's3://bucket/file/file.mp4', audio: true });
  });

  it("takes HLS and DASH from a CMAF group's playlists, and calls a ladder without audio outputs video only", () => {
    // Prepare
    const groups = groupsOf('cmaf-group.complete.json');

    // Act
    const outputs = jobOutputs(groups);

    // Assess
    expect(outputs).toEqual({ hls: 's3://bucket/cmaf/1.m3u8', dash: 's3://bucket/cmaf/1.mpd', audio: false });
  });

  it("maps this pipeline's CMAF job: manifests, proxy, poster (the last capture), audio, and the thumbnail series", () => {
    // Prepare
    const groups = cmafTranscodeGroups('show-1', { thumbnails: 5, intervalMs: 10_000, durationMs: 47_000 });

    // Act
    const outputs = jobOutputs(groups);
    const frames = thumbnailFrames(groups);

    // Assess
    expect(outputs).toEqual({
      hls: 's3://outputs/show-1/cmaf/show-1.m3u8',
      dash: 's3://outputs/show-1/cmaf/show-1.mpd',
      proxy: 's3://outputs/show-1/proxy/show-1_proxy.mp4',
      poster: 's3://outputs/show-1/poster/show-1_poster.0000002.jpg',
      audio: true,
    });
    expect(frames).toEqual({
      folder: 's3://outputs/show-1/thumbnails/',
      names: [
        'show-1_thumb.0000000.jpg',
        'show-1_thumb.0000001.jpg',
        'show-1_thumb.0000002.jpg',
        'show-1_thumb.0000003.jpg',
        'show-1_thumb.0000004.jpg',
      ],
      intervalMs: 10_000,
    });
    expect(jobDurationMs(groups)).toBe(47_000);
  });

  it('prefers the CMAF DASH manifest over a DASH ISO one, and reads no thumbnails from an unnamed frame capture', () => {
    const groups = [...groupsOf('dash-iso-group.complete.json'), ...groupsOf('cmaf-group.complete.json'), ...groupsOf('file-group.complete.json')];

    expect(jobOutputs(groups).dash).toBe('s3://bucket/cmaf/1.mpd');
    expect(thumbnailFrames(groups)).toBeUndefined();
  });

  it('says nothing of audio without a ladder, and gives a video-only CMAF ladder audio false', () => {
    expect(jobOutputs(groupsOf('file-group.complete.json')).audio).toBeUndefined();
    expect(jobOutputs(cmafTranscodeGroups('a', { audio: false })).audio).toBe(false);
  });

  it('adds the written thumbnails track, and the playback URLs as attribute values for CompleteTranscode', () => {
    // Prepare
    const groups = cmafTranscodeGroups('show-1', { poster: false });

    // Act
    const result = jobResult('j', groups, {
      thumbnails: 's3://outputs/show-1/thumbnails/thumbnails.vtt',
      playback: { baseUrl: 'https://d111111abcdef8.cloudfront.net', outputBucket: 'outputs' },
    });

    // Assess
    expect(result.outputs.thumbnails).toBe('s3://outputs/show-1/thumbnails/thumbnails.vtt');
    expect(result.record.outputs.M).toMatchObject({ hls: { S: 's3://outputs/show-1/cmaf/show-1.m3u8' }, audio: { BOOL: true } });
    expect(result.record.playback).toEqual({
      M: {
        hls: { S: 'https://d111111abcdef8.cloudfront.net/show-1/cmaf/show-1.m3u8' },
        dash: { S: 'https://d111111abcdef8.cloudfront.net/show-1/cmaf/show-1.mpd' },
        proxy: { S: 'https://d111111abcdef8.cloudfront.net/show-1/proxy/show-1_proxy.mp4' },
        thumbnails: { S: 'https://d111111abcdef8.cloudfront.net/show-1/thumbnails/thumbnails.vtt' },
      },
    });
  });

  it('prefers the MP4 with video over audio-only MP4 outputs', () => {
    const groups: OutputGroupDetail[] = [
      {
        type: 'FILE_GROUP',
        outputDetails: [
          { outputFilePaths: ['s3://out/tmp/loudness/a/clip_a1.mp4'], durationInMs: 60000 },
          { outputFilePaths: ['s3://out/tmp/loudness/a/clip.mp4'], durationInMs: 60000, videoDetails: { widthInPx: 640, heightInPx: 360 } },
        ],
      },
    ];

    expect(jobOutputs(groups)).toEqual({ proxy: 's3://out/tmp/loudness/a/clip.mp4' });
  });

  it('has no outputs and no duration for an event without output groups', () => {
    expect(jobResult('j', undefined)).toEqual({
      jobId: 'j',
      status: 'COMPLETE',
      outputs: {},
      outputFiles: [],
      record: { outputs: { M: {} }, playback: { M: {} } },
    });
  });
});

import { jobOutputs, jobResult } from '../../../functions/job-events/job-outputs';
import type { JobStateChangeDetail, OutputGroupDetail } from '../../../functions/job-events/job-state-change';
import { sampleEvent } from '../../support/events';

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
      outputs: { dash: 's3://bucket/dash/1.mpd' },
      outputFiles: ['s3://bucket/dash/1.mpd'],
      durationMs: 180053,
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

    expect(jobOutputs(groups)).toEqual({ dash: 's3://bucket/dash/1.mpd', proxy: 's3://bucket/file/file.mp4' });
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
    expect(jobResult('j', undefined)).toEqual({ jobId: 'j', status: 'COMPLETE', outputs: {}, outputFiles: [] });
  });
});

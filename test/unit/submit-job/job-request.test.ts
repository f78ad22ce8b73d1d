import { createHash } from 'node:crypto';
import { buildJobRequest, hasAudioOnlyOutputs } from '../../../functions/submit-job/job-request';
import { clientRequestToken } from '../../../functions/submit-job/client-token';
import { config, probeOf, recording, stereoTracks, upload } from './support';

const taskToken = 'AQCEAAAAKgAAAAMAAAAAAAAAAd+some/very=long+token';

describe('buildJobRequest', () => {
  it('creates the dash job with the role, routing metadata, token and template settings', () => {
    // Act
    const { request, template } = buildJobRequest(
      'dash',
      { assetId: 'clip-1', state: 'SubmitDashJob', source: upload, probe: probeOf(), taskToken },
      config,
    );

    // Assess
    expect(template).toBe('vod-pipeline-dash');
    expect(request).toMatchObject({
      Role: config.mediaConvertRoleArn,
      UserMetadata: { assetId: 'clip-1', pipeline: 'vod-pipeline', branch: 'dash' },
      ClientRequestToken: createHash('sha256').update(taskToken).digest('hex'),
      StatusUpdateInterval: 'SECONDS_60',
      Priority: 0,
      AccelerationSettings: { Mode: 'PREFERRED' },
    });
    expect(request.Settings?.Inputs?.[0].FileInput).toBe('s3://vod-ingest/uploads/clip.mp4');
    expect(request).not.toHaveProperty('Queue');
  });

  it('sends the job to the configured queue', () => {
    const { request } = buildJobRequest(
      'stitch',
      { assetId: 'ivs-1', state: 'SubmitStitchJob', source: recording, probe: probeOf(), prerollMs: 5000, taskToken },
      { ...config, mediaConvertQueueArn: 'arn:aws:mediaconvert:us-east-1:111122223333:queues/vod' },
    );

    expect(request.Queue).toBe('arn:aws:mediaconvert:us-east-1:111122223333:queues/vod');
  });

  it('runs the loudness job without acceleration', () => {
    const { request, template } = buildJobRequest(
      'loudness',
      { assetId: 'show-1', state: 'SubmitLoudnessJob', source: upload, probe: probeOf({ audioTracks: stereoTracks(8, 1) }), taskToken },
      config,
    );

    expect(template).toBe('vod-pipeline-loudness');
    expect(request.AccelerationSettings).toEqual({ Mode: 'DISABLED' });
    expect(request.StatusUpdateInterval).toBe('SECONDS_60');
  });

  it('asks for no status updates when a job has audio-only outputs, which MediaConvert does not allow', () => {
    const { request } = buildJobRequest(
      'loudness',
      {
        assetId: 'show-1',
        state: 'SubmitLoudnessJob',
        source: upload,
        probe: probeOf({ video: undefined, audioTracks: stereoTracks(2) }),
        taskToken,
      },
      config,
    );

    expect(hasAudioOnlyOutputs(request.Settings!)).toBe(true);
    expect(request).not.toHaveProperty('StatusUpdateInterval');
  });
});

describe('clientRequestToken', () => {
  it('is the same for the same task and fits the 64-character limit', () => {
    expect(clientRequestToken(taskToken)).toBe(clientRequestToken(taskToken));
    expect(clientRequestToken(taskToken)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs between tasks', () => {
    expect(clientRequestToken(`${taskToken}x`)).not.toBe(clientRequestToken(taskToken));
  });
});

describe('hasAudioOnlyOutputs', () => {
  it('does not count the audio output of a DASH package', () => {
    const { request } = buildJobRequest('dash', { assetId: 'clip-1', state: 'SubmitDashJob', source: upload, probe: probeOf(), taskToken }, config);

    expect(hasAudioOnlyOutputs(request.Settings!)).toBe(false);
  });
});

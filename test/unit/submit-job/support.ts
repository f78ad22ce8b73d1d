/** Assets, probes and configuration for the submit-job tests. */
import type { AudioTrack, IvsSource, Probe, UploadSource } from '../../../functions/shared/asset';
import type { RequestConfig } from '../../../functions/submit-job/job-request';

export const config: RequestConfig = {
  outputBucket: 'vod-outputs',
  assetsBucket: 'vod-assets',
  prerollKey: 'bumpers/pre roll+intro.mp4',
  postrollKey: 'bumpers/postroll.mp4',
  overlayKey: 'overlays/bug.png',
  loudnessClipSeconds: 60,
  packaging: 'cmaf',
  thumbnailIntervalSeconds: 10,
  mediaConvertRoleArn: 'arn:aws:iam::111122223333:role/vod-mediaconvert',
  mediaConvertQueueArn: undefined,
  pipelineName: 'vod-pipeline',
};

export const upload: UploadSource = { bucket: 'vod-ingest', key: 'uploads/clip.mp4' };

export const recording: IvsSource = {
  bucket: 'vod-recordings',
  prefix: 'ivs/v1/111122223333/AbCdEf/2024/3/7/9/5/rec-1',
  channelArn: 'arn:aws:ivs:us-west-2:111122223333:channel/AbCdEf',
  playlist: 'ivs/v1/111122223333/AbCdEf/2024/3/7/9/5/rec-1/media/hls/master.m3u8',
};

export function stereoTracks(count: number, channels = 2): AudioTrack[] {
  return Array.from({ length: count }, (_, i) => ({ index: i + 1, codec: 'PCM', channels, sampleRate: 48000 }));
}

export function probeOf(overrides: Partial<Probe> = {}): Probe {
  const audioTracks = overrides.audioTracks ?? stereoTracks(1);
  return {
    container: 'MPEG-4',
    durationMs: 120_000,
    video: { codec: 'AVC', width: 1920, height: 1080, frameRate: 25 },
    audioCount: audioTracks.length,
    audioTracks,
    ...overrides,
  };
}

export { AWKWARD_KEYS } from '../../support/keys';

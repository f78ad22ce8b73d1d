import { ENV } from '../../functions/shared/config';
import { DEFAULT_SETTINGS, EVENT_PATTERNS, FUNCTIONS, RULES, resolveSettings, type ResourceNames } from '../../infra/wiring';
import * as fs from 'node:fs';
import * as path from 'node:path';

const names: ResourceNames = {
  ingestBucket: 'ingest',
  recordingBucket: 'recordings',
  outputBucket: 'outputs',
  assetsBucket: 'assets',
  assetTable: 'assets-table',
  taskTokenTable: 'tokens',
  mediaConvertRoleArn: 'arn:aws:iam::111122223333:role/mc',
  stateMachineArn: 'arn:aws:states:us-east-1:111122223333:stateMachine:vod',
};

describe('wiring', () => {
  it('points every function at a handler module that exists', () => {
    for (const spec of Object.values(FUNCTIONS)) {
      expect(fs.existsSync(path.join(__dirname, '..', '..', spec.entry))).toBe(true);
    }
  });

  it('gives each function only the configuration it reads', () => {
    expect(FUNCTIONS.register.environment(names, DEFAULT_SETTINGS)).toEqual({ [ENV.assetTable]: names.assetTable, [ENV.sourcesPrefix]: 'sources/' });
    expect(FUNCTIONS['submit-job'].environment(names, DEFAULT_SETTINGS)).toMatchObject({
      [ENV.mediaConvertRoleArn]: names.mediaConvertRoleArn,
      [ENV.pipelineName]: 'vod-pipeline',
      [ENV.loudnessClipSeconds]: '60',
      [ENV.packaging]: 'cmaf',
      [ENV.thumbnailIntervalSeconds]: '10',
    });
    expect(FUNCTIONS['submit-job'].environment(names, resolveSettings({ packaging: 'dash-iso', thumbnailIntervalSeconds: 5 }))).toMatchObject({
      [ENV.packaging]: 'dash-iso',
      [ENV.thumbnailIntervalSeconds]: '5',
    });
    expect(FUNCTIONS['submit-job'].environment(names, DEFAULT_SETTINGS)).not.toHaveProperty(ENV.mediaConvertEndpoint);
    expect(FUNCTIONS['classify-loudness'].environment(names, resolveSettings({ loudnessThresholdDb: -60 }))).toMatchObject({
      [ENV.loudnessThresholdDb]: '-60',
    });
  });

  it('matches uploads by prefix and by suffix in lower and upper case, and job manifests under the prefix', () => {
    const pattern = EVENT_PATTERNS.upload(names, resolveSettings({ ingestPrefix: 'uploads/', ingestSuffixes: ['.mp4', '.MXF'] }));
    expect(pattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: {
        bucket: { name: ['ingest'] },
        object: {
          key: [
            { wildcard: 'uploads/*.mp4' },
            { wildcard: 'uploads/*.MP4' },
            { wildcard: 'uploads/*.mxf' },
            { wildcard: 'uploads/*.MXF' },
            { wildcard: 'uploads/*.vod.json' },
            { wildcard: 'uploads/*.VOD.JSON' },
          ],
        },
      },
    });
  });

  it('escapes wildcard characters of a configured prefix', () => {
    const pattern = EVENT_PATTERNS.upload(names, resolveSettings({ ingestPrefix: 'a*b/', ingestSuffixes: ['.mp4'] }));
    expect(JSON.stringify(pattern)).toContain('"a\\\\*b/*.mp4"');
  });

  it('filters recording ends by channel only when channels are given', () => {
    expect(EVENT_PATTERNS.recordingEnd(names, DEFAULT_SETTINGS)).not.toHaveProperty('resources');
    const arn = 'arn:aws:ivs:us-west-2:111122223333:channel/abc';
    expect(EVENT_PATTERNS.recordingEnd(names, resolveSettings({ ivsChannelArns: [arn] }))).toMatchObject({
      resources: [arn],
      detail: { recording_status: ['Recording End'], recording_s3_bucket_name: ['recordings'] },
    });
  });

  it("routes only this pipeline's job events and this state machine's executions", () => {
    expect(EVENT_PATTERNS.jobStateChange(names, resolveSettings({ pipelineName: 'p2' }))).toMatchObject({
      detail: { userMetadata: { pipeline: ['p2'] } },
    });
    expect(EVENT_PATTERNS.executionStatus(names)).toMatchObject({ detail: { stateMachineArn: [names.stateMachineArn] } });
  });

  it('targets the state machine with both triggers and a function with the others', () => {
    expect(RULES.upload.target).toEqual({ kind: 'stateMachine' });
    expect(RULES.recordingEnd.target).toEqual({ kind: 'stateMachine' });
    expect(RULES.jobStateChange.target).toEqual({ kind: 'function', name: 'job-events' });
    expect(RULES.executionStatus.target).toEqual({ kind: 'function', name: 'execution-status' });
  });

  it('ignores undefined overrides', () => {
    expect(resolveSettings({ loudnessPrefix: undefined }).loudnessPrefix).toBe('mezzanine/');
  });
});

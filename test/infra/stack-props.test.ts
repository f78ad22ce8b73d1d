import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { propsFromContext, resolveStackProps } from '../../infra/lib/stack-props';
import { DEFAULT_SETTINGS } from '../../infra/wiring';
import { signingKeys } from '../support/signing-keys';

function appWith(context: Record<string, unknown>): App {
  return new App({ context });
}

describe('stack props', () => {
  it('defaults to the wiring settings, retained data, no tracing, a created recording bucket', () => {
    // Act
    const resolved = resolveStackProps(appWith({}).node);

    // Assess
    expect(resolved).toEqual({
      settings: DEFAULT_SETTINGS,
      recordingBucketName: undefined,
      tracing: false,
      removalPolicy: RemovalPolicy.RETAIN,
      autoDeleteObjects: false,
      logRetention: RetentionDays.ONE_MONTH,
      mediaConvertEndpoint: undefined,
      alarmTopicArn: undefined,
      playbackAllowedOrigins: ['*'],
    });
  });

  it('reads every setting from command-line context, lists comma-separated', () => {
    // Prepare
    const keyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vod-key-')), 'public key.pem');
    fs.writeFileSync(keyFile, signingKeys().publicKey);
    const app = appWith({
      pipelineName: 'vod-b',
      ingestPrefix: 'uploads/',
      ingestSuffixes: '.mp4, .MOV',
      loudnessPrefix: 'mezz/',
      ivsChannelArns: 'arn:aws:ivs:eu-west-1:111122223333:channel/a,arn:aws:ivs:eu-west-1:111122223333:channel/b',
      prerollKey: 'intro/leader clip+1.mp4',
      postrollKey: 'outro/bümper.mp4',
      overlayKey: 'logo:bug.png',
      loudnessThresholdDb: '-60',
      loudnessClipSeconds: '30',
      packaging: 'dash-iso',
      thumbnailIntervalSeconds: '4',
      recordingBucketName: 'existing-bucket',
      tracing: 'true',
      removalPolicy: 'destroy',
      autoDeleteObjects: 'true',
      logRetentionDays: '90',
      mediaConvertEndpoint: 'https://abcd1234.mediaconvert.eu-west-1.amazonaws.com',
      mediaConvertQueueArn: 'arn:aws:mediaconvert:eu-west-1:111122223333:queues/vod',
      alarmTopicArn: 'arn:aws:sns:eu-west-1:111122223333:vod-alarms',
      playbackAllowedOrigins: 'https://player.example.com, https://www.example.com',
      playbackPublicKey: keyFile,
      notificationTopicArn: 'arn:aws:sns:eu-west-1:111122223333:vod-status',
      webhookUrl: 'https://hooks.example.com/vod',
      webhookSecretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:vod-webhook-AbCdEf',
      webhookSecretHeader: 'x-vod-signature',
    });

    // Act
    const resolved = resolveStackProps(app.node);

    // Assess
    expect(resolved).toEqual({
      settings: {
        pipelineName: 'vod-b',
        ingestPrefix: 'uploads/',
        ingestSuffixes: ['.mp4', '.MOV'],
        loudnessPrefix: 'mezz/',
        ivsChannelArns: ['arn:aws:ivs:eu-west-1:111122223333:channel/a', 'arn:aws:ivs:eu-west-1:111122223333:channel/b'],
        prerollKey: 'intro/leader clip+1.mp4',
        postrollKey: 'outro/bümper.mp4',
        overlayKey: 'logo:bug.png',
        loudnessThresholdDb: -60,
        loudnessClipSeconds: 30,
        packaging: 'dash-iso',
        thumbnailIntervalSeconds: 4,
        mediaConvertQueueArn: 'arn:aws:mediaconvert:eu-west-1:111122223333:queues/vod',
        webhookUrl: 'https://hooks.example.com/vod',
        webhookSecretHeader: 'x-vod-signature',
      },
      recordingBucketName: 'existing-bucket',
      tracing: true,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
      logRetention: RetentionDays.THREE_MONTHS,
      mediaConvertEndpoint: 'https://abcd1234.mediaconvert.eu-west-1.amazonaws.com',
      alarmTopicArn: 'arn:aws:sns:eu-west-1:111122223333:vod-alarms',
      playbackAllowedOrigins: ['https://player.example.com', 'https://www.example.com'],
      playbackPublicKey: signingKeys().publicKey.trim(),
      notificationTopicArn: 'arn:aws:sns:eu-west-1:111122223333:vod-status',
      webhookSecretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:vod-webhook-AbCdEf',
    });
  });

  it('takes JSON values from cdk.json as they are', () => {
    // Act
    const props = propsFromContext(appWith({ ivsChannelArns: ['arn:a'], loudnessThresholdDb: -45, tracing: false }).node);

    // Assess
    expect(props).toMatchObject({ ivsChannelArns: ['arn:a'], loudnessThresholdDb: -45, tracing: false });
  });

  it('lets props win over context', () => {
    // Act
    const resolved = resolveStackProps(appWith({ ingestPrefix: 'from-context/', tracing: 'true' }).node, {
      ingestPrefix: 'from-props/',
      tracing: false,
    });

    // Assess
    expect(resolved.settings.ingestPrefix).toBe('from-props/');
    expect(resolved.tracing).toBe(false);
  });

  it('treats an empty channel list as every channel', () => {
    expect(resolveStackProps(appWith({ ivsChannelArns: '' }).node).settings.ivsChannelArns).toEqual([]);
  });

  it.each([
    [{ loudnessThresholdDb: 'loud' }, /loudnessThresholdDb="loud" is not a number/],
    [{ tracing: 'yes' }, /tracing="yes" is not true or false/],
    [{ removalPolicy: 'snapshot' }, /removalPolicy="snapshot" is not retain or destroy/],
    [{ logRetentionDays: '10' }, /logRetentionDays=10 is not one of CloudWatch Logs' retention periods/],
    [{ autoDeleteObjects: 'true' }, /set removalPolicy to DESTROY/],
    [{ ingestSuffixes: ' , ' }, /ingestSuffixes is empty/],
    [{ playbackPublicKey: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----' }, /not a PEM public key/],
    [{ playbackPublicKey: '/nonexistent/key.pem' }, /cannot read \/nonexistent\/key.pem/],
    [{ packaging: 'hls' }, /packaging "hls" is not one of cmaf, dash-iso/],
    [{ thumbnailIntervalSeconds: '0' }, /thumbnailIntervalSeconds 0 is not a whole number of seconds from 1 to 3600/],
    [{ thumbnailIntervalSeconds: '2.5' }, /thumbnailIntervalSeconds 2.5 is not a whole number/],
  ])('rejects context %j with a message that says what to fix', (context, message) => {
    expect(() => resolveStackProps(appWith(context).node)).toThrow(message);
  });
});

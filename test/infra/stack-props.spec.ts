import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { propsFromContext, resolveStackProps } from '../../infra/lib/stack-props';
import { DEFAULT_SETTINGS } from '../../infra/wiring';
import { MEDIACONVERT_PRICES } from '../../functions/shared/mediaconvert-prices';
import { synthesize } from './synth';
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
    const priceFile = path.join(path.dirname(keyFile), 'prices.json');
    fs.writeFileSync(priceFile, JSON.stringify({ asOf: '2027-01-01', source: 'contract 42', perMinute: { professional: 0.006 } }));
    const app = appWith({
      pipelineName: 'vod-b',
      ingestPrefix: 'uploads/',
      ingestSuffixes: '.mp4, .MOV',
      loudnessPrefix: 'mezz/',
      sourcesPrefix: 'waiting/',
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
      maxJobCostUsd: '12.5',
      maxSourceMinutes: '90',
      mediaConvertPriceTable: priceFile,
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
        sourcesPrefix: 'waiting/',
        ivsChannelArns: ['arn:aws:ivs:eu-west-1:111122223333:channel/a', 'arn:aws:ivs:eu-west-1:111122223333:channel/b'],
        prerollKey: 'intro/leader clip+1.mp4',
        postrollKey: 'outro/bümper.mp4',
        overlayKey: 'logo:bug.png',
        loudnessThresholdDb: -60,
        loudnessClipSeconds: 30,
        packaging: 'dash-iso',
        thumbnailIntervalSeconds: 4,
        mediaConvertQueueArn: 'arn:aws:mediaconvert:eu-west-1:111122223333:queues/vod',
        maxJobCostUsd: 12.5,
        maxSourceMinutes: 90,
        mediaConvertPrices: { ...MEDIACONVERT_PRICES, asOf: '2027-01-01', source: 'contract 42', perMinute: { basic: 0.0075, professional: 0.006 } },
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
    [{ maxJobCostUsd: 'cheap' }, /CDK context maxJobCostUsd="cheap" is not a number/],
    [{ maxJobCostUsd: '0' }, /maxJobCostUsd 0 is not a number of US dollars above 0/],
    [{ maxSourceMinutes: '-5' }, /maxSourceMinutes -5 is not a number of minutes above 0/],
    [{ mediaConvertPriceTable: '/nonexistent/prices.json' }, /mediaConvertPriceTable: cannot read \/nonexistent\/prices.json/],
  ])('rejects context %j with a message that says what to fix', (context, message) => {
    expect(() => resolveStackProps(appWith(context).node)).toThrow(message);
  });

  it('fails the synth on an invalid limit, with the message a local start gives', () => {
    expect(() => synthesize({}, { context: { maxJobCostUsd: '-1' } })).toThrow(
      'maxJobCostUsd -1 is not a number of US dollars above 0; give the most one MediaConvert job may cost, e.g. -c maxJobCostUsd=20',
    );
  });

  it("sets the limits and an overriding price table in submit-job's environment", () => {
    // Prepare
    const priceFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vod-prices-')), 'prices.json');
    fs.writeFileSync(priceFile, JSON.stringify({ asOf: '2027-01-01', source: 'contract 42' }));

    // Act
    const { template } = synthesize({}, { context: { maxJobCostUsd: '3', maxSourceMinutes: '30', mediaConvertPriceTable: priceFile } });

    // Assess
    const submit = Object.values(template.findResources('AWS::Lambda::Function')).find(
      (fn) => (fn as { Properties: { Environment?: { Variables?: Record<string, unknown> } } }).Properties.Environment?.Variables?.MAX_JOB_COST_USD,
    ) as { Properties: { Environment: { Variables: Record<string, string> } } };
    const variables = submit.Properties.Environment.Variables;
    expect(variables).toMatchObject({ MAX_JOB_COST_USD: '3', MAX_SOURCE_MINUTES: '30' });
    expect(JSON.parse(variables.MEDIACONVERT_PRICES)).toMatchObject({
      asOf: '2027-01-01',
      source: 'contract 42',
      perMinute: MEDIACONVERT_PRICES.perMinute,
    });
  });
});

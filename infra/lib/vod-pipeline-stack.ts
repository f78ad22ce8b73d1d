/**
 * The whole pipeline in one stack: buckets, tables, functions, the MediaConvert role and job
 * templates, the state machine and the EventBridge rules, all from the wiring (infra/wiring.ts),
 * and the CloudFront distribution players fetch the outputs from.
 */
import { CfnOutput, Lazy, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { PipelineSettings, ResourceNames } from '../wiring';
import { PipelineAlarms } from './alarms';
import { Delivery } from './delivery';
import { EventRules } from './event-rules';
import { grantFunctionPermissions } from './function-permissions';
import { Functions } from './functions';
import { JobTemplates } from './job-templates';
import { MediaConvertRole } from './mediaconvert-role';
import { Notifications } from './notifications';
import { PipelineStateMachine } from './state-machine';
import { resolveStackProps, type ResolvedStackProps, type VodPipelineStackProps } from './stack-props';
import { Storage } from './storage';
import { Tables } from './tables';

const S3_ACCESS_LOGS_WITH_BUCKET_POLICY = '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy';

export class VodPipelineStack extends Stack {
  public readonly config: ResolvedStackProps;
  public readonly settings: PipelineSettings;
  /** The names the functions and rules were given: CDK tokens. */
  public readonly names: ResourceNames;
  public readonly storage: Storage;
  public readonly delivery: Delivery;
  public readonly tables: Tables;
  public readonly mediaConvert: MediaConvertRole;
  public readonly jobTemplates: JobTemplates;
  public readonly functions: Functions;
  public readonly pipeline: PipelineStateMachine;
  public readonly eventRules: EventRules;
  public readonly notifications: Notifications;
  public readonly alarms: PipelineAlarms;

  constructor(scope: Construct, id: string, props: VodPipelineStackProps = {}) {
    super(scope, id, props);
    // S3 server access logs delivered under a bucket policy (what S3 recommends) rather than an
    // ACL, whether or not the app's cdk.json sets the flag.
    this.node.setContext(S3_ACCESS_LOGS_WITH_BUCKET_POLICY, true);
    this.config = resolveStackProps(this.node, props);
    const { settings } = this.config;
    this.settings = settings;

    this.storage = new Storage(this, 'Storage', {
      recordingBucketName: this.config.recordingBucketName,
      removalPolicy: this.config.removalPolicy,
      autoDeleteObjects: this.config.autoDeleteObjects,
    });
    this.tables = new Tables(this, 'Tables', { removalPolicy: this.config.removalPolicy });
    const { ingestBucket, recordingBucket, outputBucket, assetsBucket } = this.storage;

    this.delivery = new Delivery(this, 'Delivery', {
      outputBucket,
      logBucket: this.storage.cdnLogBucket,
      allowedOrigins: this.config.playbackAllowedOrigins,
      publicKeyPem: this.config.playbackPublicKey,
    });

    this.mediaConvert = new MediaConvertRole(this, 'MediaConvert', {
      readBuckets: [ingestBucket, recordingBucket, assetsBucket],
      writeBucket: outputBucket,
    });
    this.jobTemplates = new JobTemplates(this, 'JobTemplates');

    this.names = {
      ingestBucket: ingestBucket.bucketName,
      recordingBucket: recordingBucket.bucketName,
      outputBucket: outputBucket.bucketName,
      assetsBucket: assetsBucket.bucketName,
      assetTable: this.tables.assetTable.tableName,
      taskTokenTable: this.tables.taskTokenTable.tableName,
      mediaConvertRoleArn: this.mediaConvert.role.roleArn,
      ...(this.config.mediaConvertEndpoint ? { mediaConvertEndpoint: this.config.mediaConvertEndpoint } : {}),
      // The state machine needs the functions first; the rules read its ARN once it exists.
      stateMachineArn: Lazy.string({ produce: () => this.pipeline.stateMachine.stateMachineArn }),
      playbackBaseUrl: this.delivery.baseUrl,
    };

    this.functions = new Functions(this, 'Functions', {
      names: this.names,
      settings,
      logRetention: this.config.logRetention,
      removalPolicy: this.config.removalPolicy,
    });
    this.pipeline = new PipelineStateMachine(this, 'Pipeline', {
      functions: this.functions.functions,
      assetTable: this.tables.assetTable,
      settings,
      tracing: this.config.tracing,
      logRetention: this.config.logRetention,
    });
    grantFunctionPermissions(this.functions, {
      assetTable: this.tables.assetTable,
      taskTokenTable: this.tables.taskTokenTable,
      ingestBucket,
      recordingBucket,
      outputBucket,
      assetsBucket,
      prerollKey: settings.prerollKey,
      mediaConvertRole: this.mediaConvert.role,
      stateMachine: this.pipeline.stateMachine,
    });
    this.eventRules = new EventRules(this, 'EventRules', {
      names: this.names,
      settings,
      stateMachine: this.pipeline.stateMachine,
      functions: this.functions,
    });
    this.notifications = new Notifications(this, 'Notifications', {
      notificationTopicArn: this.config.notificationTopicArn,
      webhookUrl: settings.webhookUrl,
      webhookSecretArn: this.config.webhookSecretArn,
      webhookSecretHeader: settings.webhookSecretHeader,
    });
    this.alarms = new PipelineAlarms(this, 'Alarms', {
      stateMachine: this.pipeline.stateMachine,
      deadLetterQueues: this.eventRules.deadLetterQueues,
      alarmTopicArn: this.config.alarmTopicArn,
    });

    // Fixed output ids, no exports: `aws cloudformation describe-stacks` and the CLI read them by name.
    const outputs: Record<string, [string, string]> = {
      IngestBucketName: [ingestBucket.bucketName, 'Uploads here start the pipeline'],
      RecordingBucketName: [recordingBucket.bucketName, 'IVS records here; point the recording configuration at it'],
      OutputBucketName: [outputBucket.bucketName, 'DASH packages, proxies and loudness logs'],
      AssetsBucketName: [assetsBucket.bucketName, 'Pre-roll, post-roll and overlay image'],
      AssetTableName: [this.tables.assetTable.tableName, 'One record per asset'],
      TaskTokenTableName: [this.tables.taskTokenTable.tableName, 'Task tokens of the MediaConvert jobs being awaited'],
      StateMachineArn: [this.pipeline.stateMachine.stateMachineArn, 'The pipeline state machine'],
      MediaConvertRoleArn: [this.mediaConvert.role.roleArn, 'The role MediaConvert jobs run with'],
      PrerollKey: [settings.prerollKey, 'Key of the pre-roll in the assets bucket'],
      PostrollKey: [settings.postrollKey, 'Key of the post-roll in the assets bucket'],
      OverlayKey: [settings.overlayKey, 'Key of the overlay image in the assets bucket'],
      LoudnessPrefix: [settings.loudnessPrefix, 'Uploads under this prefix take the loudness branch'],
      SourcesPrefix: [settings.sourcesPrefix, 'Videos under this prefix wait for a job manifest (.vod.json) to name them'],
      PlaybackDomainName: [this.delivery.distribution.distributionDomainName, 'CloudFront domain players fetch the outputs from'],
      PlaybackDistributionId: [this.delivery.distribution.distributionId, 'The playback distribution (invalidations, logs)'],
      ...(this.delivery.publicKey
        ? { PlaybackKeyPairId: [this.delivery.publicKey.publicKeyId, 'Key pair id of signed playback URLs'] as [string, string] }
        : {}),
    };
    for (const [name, [value, description]] of Object.entries(outputs)) {
      new CfnOutput(this, name, { value, description });
    }
  }
}

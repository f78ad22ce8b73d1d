/**
 * The pipeline's buckets: ingest (uploads start the pipeline through EventBridge), recordings
 * (IVS writes there), assets (pre-roll, post-roll, overlay), outputs, the bucket that receives
 * the others' server access logs, and the one CloudFront writes the playback access logs to.
 */
import type { RemovalPolicy } from 'aws-cdk-lib';
import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { OUTPUT_LAYOUT } from '../wiring';

export interface StorageProps {
  /** An existing bucket IVS records into; unset creates one. */
  recordingBucketName?: string;
  removalPolicy: RemovalPolicy;
  autoDeleteObjects: boolean;
}

/** Incomplete multipart uploads only cost money; a week is ample for any upload to finish. */
const ABORT_MULTIPART_AFTER = Duration.days(7);
/** Older versions of source media stay this long after an overwrite or delete, then go. */
const NONCURRENT_VERSIONS_FOR = Duration.days(30);
/** Server access logs are kept this long. */
const ACCESS_LOGS_FOR = Duration.days(365);

export class Storage extends Construct {
  public readonly accessLogBucket: s3.Bucket;
  /** CloudFront standard logs of the playback distribution. */
  public readonly cdnLogBucket: s3.Bucket;
  public readonly ingestBucket: s3.Bucket;
  public readonly outputBucket: s3.Bucket;
  public readonly assetsBucket: s3.Bucket;
  /** Created, or imported when `recordingBucketName` was given. */
  public readonly recordingBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    const common: s3.BucketProps = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: props.autoDeleteObjects,
    };
    const abortMultipart: s3.LifecycleRule = { id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: ABORT_MULTIPART_AFTER };
    const expireOldVersions: s3.LifecycleRule = { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: NONCURRENT_VERSIONS_FOR };

    // The access log bucket logs nowhere itself: logging it into itself would log every log
    // delivery (a loop S3 advises against), and a second log bucket would only move the question.
    this.accessLogBucket = new s3.Bucket(this, 'AccessLogBucket', {
      // S3 log delivery writes under the bucket policy CDK adds for each source bucket (no ACLs).
      ...common,
      lifecycleRules: [abortMultipart, { id: 'expire-access-logs', expiration: ACCESS_LOGS_FOR }],
    });
    // CloudFront standard logging writes through an ACL grant to its log delivery account, which a
    // bucket with ACLs disabled (BUCKET_OWNER_ENFORCED, as the access log bucket is) refuses; so the
    // CDN logs get a bucket of their own with ACLs enabled, where the bucket owner keeps ownership.
    this.cdnLogBucket = new s3.Bucket(this, 'CdnLogBucket', {
      ...common,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'cdn-logs/',
      lifecycleRules: [abortMultipart, { id: 'expire-cdn-logs', expiration: ACCESS_LOGS_FOR }],
    });
    const accessLogs = (prefix: string): Pick<s3.BucketProps, 'serverAccessLogsBucket' | 'serverAccessLogsPrefix'> => ({
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: `${prefix}/`,
    });

    // Source masters: versioned, so an overwrite or a delete can be undone for a while.
    this.ingestBucket = new s3.Bucket(this, 'IngestBucket', {
      ...common,
      ...accessLogs('ingest'),
      versioned: true,
      lifecycleRules: [abortMultipart, expireOldVersions],
    });
    // EventBridge delivery set on the bucket itself: `eventBridgeEnabled` would do it through a
    // custom resource and a Lambda function of its own.
    (this.ingestBucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };

    // Derived media, reproducible from the sources: not versioned. The loudness branch's
    // temporary proxies and logs are deleted after classification and expire here otherwise.
    this.outputBucket = new s3.Bucket(this, 'OutputBucket', {
      ...common,
      ...accessLogs('outputs'),
      lifecycleRules: [
        abortMultipart,
        {
          id: 'expire-loudness-temporary-files',
          prefix: OUTPUT_LAYOUT.loudnessTempPrefix,
          expiration: Duration.days(OUTPUT_LAYOUT.loudnessTempExpirationDays),
        },
      ],
    });

    // Pre-roll, post-roll and overlay, replaced by hand: versioned so a bad replacement can be rolled back.
    this.assetsBucket = new s3.Bucket(this, 'AssetsBucket', {
      ...common,
      ...accessLogs('assets'),
      versioned: true,
      lifecycleRules: [abortMultipart, expireOldVersions],
    });

    // IVS writes recordings with its service-linked role (AWSServiceRoleForIVSRecordToS3); the
    // bucket needs no policy for it, only to be in the stack's account and region.
    this.recordingBucket = props.recordingBucketName
      ? s3.Bucket.fromBucketName(this, 'RecordingBucket', props.recordingBucketName)
      : new s3.Bucket(this, 'RecordingBucket', {
          ...common,
          ...accessLogs('recordings'),
          versioned: true,
          lifecycleRules: [abortMultipart, expireOldVersions],
        });
  }
}

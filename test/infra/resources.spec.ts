import * as fs from 'node:fs';
import * as path from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { ENV } from '../../functions/shared/config';
import { jobTemplateFiles, readJobTemplate } from '../../infra/lib/job-templates';
import { FUNCTIONS, OUTPUT_LAYOUT, STATE_MACHINE_FUNCTIONS, type FunctionName } from '../../infra/wiring';
import { defaultStack, logicalId, resolved, synthesize, type Synthesized } from './synth';

let synth: Synthesized;

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[]; DeletionPolicy?: string };

function resource(construct: Parameters<typeof logicalId>[0]): Resource {
  return synth.template.toJSON().Resources[logicalId(construct)] as Resource;
}

describe('resources', () => {
  beforeAll(() => {
    synth = defaultStack();
  });

  describe('buckets', () => {
    it('blocks public access, requires TLS and encrypts every bucket', () => {
      // Prepare
      const { storage } = synth.stack;
      const buckets = [
        storage.ingestBucket,
        storage.outputBucket,
        storage.assetsBucket,
        storage.recordingBucket,
        storage.accessLogBucket,
        storage.cdnLogBucket,
      ];

      // Act
      const policies = synth.template.findResources('AWS::S3::BucketPolicy');

      // Assess
      expect(synth.template.findResources('AWS::S3::Bucket')).toEqual(
        Object.fromEntries(buckets.map((bucket) => [logicalId(bucket), expect.anything()])),
      );
      for (const bucket of buckets) {
        const props = resource(bucket).Properties;
        expect(props.PublicAccessBlockConfiguration).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        expect(props.BucketEncryption).toEqual({
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        });
        expect(resource(bucket).DeletionPolicy).toBe('Retain');
        const policy = Object.values(policies).find((p) => (p.Properties.Bucket as { Ref: string }).Ref === logicalId(bucket));
        expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
          expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        );
      }
    });

    it('logs access of every bucket but the log bucket into the log bucket, under a bucket policy', () => {
      // Prepare
      const { storage } = synth.stack;
      const logged = {
        ingest: storage.ingestBucket,
        outputs: storage.outputBucket,
        assets: storage.assetsBucket,
        recordings: storage.recordingBucket,
        'cdn-logs': storage.cdnLogBucket,
      };

      // Act
      const logBucket = resource(storage.accessLogBucket).Properties;

      // Assess
      expect(logBucket.LoggingConfiguration).toBeUndefined();
      for (const [prefix, bucket] of Object.entries(logged)) {
        expect(resource(bucket).Properties.LoggingConfiguration).toEqual({
          DestinationBucketName: { Ref: logicalId(storage.accessLogBucket) },
          LogFilePrefix: `${prefix}/`,
        });
      }
      synth.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logicalId(storage.accessLogBucket) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject' }),
          ]),
        },
      });
    });

    it('sends ingest events to EventBridge without a notifications custom resource', () => {
      // Act
      const ingest = resource(synth.stack.storage.ingestBucket).Properties;

      // Assess
      expect(ingest.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
      expect(synth.template.findResources('Custom::S3BucketNotifications')).toEqual({});
    });

    it('expires the temporary loudness files and aborts stale multipart uploads', () => {
      // Act
      const rules = (resource(synth.stack.storage.outputBucket).Properties.LifecycleConfiguration as { Rules: unknown[] }).Rules;

      // Assess
      expect(rules).toContainEqual(
        expect.objectContaining({
          Prefix: OUTPUT_LAYOUT.loudnessTempPrefix,
          ExpirationInDays: OUTPUT_LAYOUT.loudnessTempExpirationDays,
          Status: 'Enabled',
        }),
      );
      for (const bucket of [synth.stack.storage.ingestBucket, synth.stack.storage.assetsBucket, synth.stack.storage.recordingBucket]) {
        expect((resource(bucket).Properties.LifecycleConfiguration as { Rules: unknown[] }).Rules).toContainEqual(
          expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }),
        );
      }
    });

    it('versions the source buckets, not the derived outputs', () => {
      const { storage } = synth.stack;
      expect(resource(storage.ingestBucket).Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(resource(storage.assetsBucket).Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(resource(storage.outputBucket).Properties.VersioningConfiguration).toBeUndefined();
    });
  });

  describe('tables', () => {
    it('keys assets by id, indexes them by status and update time, with point-in-time recovery, on demand', () => {
      synth.template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        Properties: {
          KeySchema: [{ AttributeName: 'assetId', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          GlobalSecondaryIndexes: [
            {
              IndexName: 'status-updatedAt',
              KeySchema: [
                { AttributeName: 'status', KeyType: 'HASH' },
                { AttributeName: 'updatedAt', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
        },
      });
    });

    it('keys task tokens by job id and expires them by TTL', () => {
      synth.template.hasResource('AWS::DynamoDB::Table', {
        // Tokens are worth nothing once their executions are gone.
        DeletionPolicy: 'Delete',
        Properties: {
          KeySchema: [{ AttributeName: 'jobId', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        },
      });
    });
  });

  describe('functions', () => {
    it('deploys one arm64 nodejs22.x function per wiring entry with its settings and environment', () => {
      for (const [name, spec] of Object.entries(FUNCTIONS) as [FunctionName, (typeof FUNCTIONS)[FunctionName]][]) {
        // Prepare
        const fn = synth.stack.functions.functions[name];
        const expected = resolved(fn, spec.environment(synth.stack.names, synth.stack.settings));

        // Act
        const props = resource(fn).Properties;

        // Assess
        expect(props).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          Description: spec.description,
          Timeout: spec.timeoutSeconds,
          MemorySize: spec.memoryMb,
          LoggingConfig: { LogGroup: { Ref: logicalId(synth.stack.functions.pipelineFunctions[name].logGroup) } },
        });
        expect((props.Environment as { Variables: Record<string, unknown> }).Variables).toEqual({
          ...(expected as Record<string, unknown>),
          POWERTOOLS_SERVICE_NAME: 'vod-pipeline',
          NODE_OPTIONS: '--enable-source-maps',
        });
        // Created only after its permissions exist.
        expect(resource(fn).DependsOn).toContain(logicalId(synth.stack.functions.policies[name]));
      }
      expect(Object.keys(synth.template.findResources('AWS::Lambda::Function'))).toHaveLength(Object.keys(FUNCTIONS).length);
    });

    it('hands submit-job the MediaConvert role and the asset keys', () => {
      const variables = (resource(synth.stack.functions.functions['submit-job']).Properties.Environment as { Variables: Record<string, unknown> })
        .Variables;
      expect(variables[ENV.mediaConvertRoleArn]).toEqual({ 'Fn::GetAtt': [logicalId(synth.stack.mediaConvert.role), 'Arn'] });
      expect(variables[ENV.prerollKey]).toBe('bumpers/preroll.mp4');
      expect(variables[ENV.mediaConvertEndpoint]).toBeUndefined();
    });

    it('keeps a log group with a retention per function', () => {
      for (const pipelineFunction of Object.values(synth.stack.functions.pipelineFunctions)) {
        expect(resource(pipelineFunction.logGroup).Properties.RetentionInDays).toBe(30);
        expect(resource(pipelineFunction.logGroup).DeletionPolicy).toBe('Retain');
      }
    });
  });

  describe('state machine', () => {
    it('is Standard, logs every event without execution data, substitutes the wiring', () => {
      // Prepare
      const { stateMachine, logGroup } = synth.stack.pipeline;
      const functions = synth.stack.functions.functions;

      // Act
      const props = resource(stateMachine).Properties;

      // Assess
      expect(props.StateMachineType).toBe('STANDARD');
      expect(props.LoggingConfiguration).toEqual({
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logicalId(logGroup), 'Arn'] } } }],
        IncludeExecutionData: false,
        Level: 'ALL',
      });
      expect(props.TracingConfiguration).toEqual({ Enabled: false });
      expect(props.DefinitionSubstitutions).toEqual({
        ...Object.fromEntries(
          Object.entries(STATE_MACHINE_FUNCTIONS).map(([variable, name]) => [variable, { 'Fn::GetAtt': [logicalId(functions[name]), 'Arn'] }]),
        ),
        AssetTableName: { Ref: logicalId(synth.stack.tables.assetTable) },
        LoudnessKeyPattern: 'mezzanine/*',
      });
      expect(resource(logGroup).Properties.LogGroupName).toBe('/aws/vendedlogs/states/Vod-pipeline');
      // A retained group of that fixed name would block deploying the stack again.
      expect(resource(logGroup).DeletionPolicy).toBe('Delete');
    });

    it('substitutes every ${variable} of the definition file', () => {
      // Prepare
      const definition = fs.readFileSync(path.join(__dirname, '..', '..', 'state-machines', 'pipeline.asl.json'), 'utf8');

      // Act
      const variables = [...definition.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1]);

      // Assess
      expect(Object.keys(resource(synth.stack.pipeline.stateMachine).Properties.DefinitionSubstitutions as object).sort()).toEqual(
        [...new Set(variables)].sort(),
      );
    });

    it('is created only once its role may deliver logs', () => {
      expect(resource(synth.stack.pipeline.stateMachine).DependsOn).toContain(logicalId(synth.stack.pipeline.policy));
    });
  });

  describe('MediaConvert job templates', () => {
    it('deploys every file of job-templates/ as it is', () => {
      // Prepare
      const files = jobTemplateFiles();

      // Act
      const deployed = Object.values(synth.template.findResources('AWS::MediaConvert::JobTemplate')).map((t) => t.Properties);

      // Assess
      expect(deployed).toHaveLength(files.length);
      for (const file of files) {
        const template = readJobTemplate(file);
        expect(deployed).toContainEqual(
          expect.objectContaining({
            Name: template.Name,
            Category: template.Category,
            Description: template.Description,
            SettingsJson: template.Settings,
            ...(template.StatusUpdateInterval ? { StatusUpdateInterval: template.StatusUpdateInterval } : {}),
            ...(template.Priority !== undefined ? { Priority: template.Priority } : {}),
            ...(template.AccelerationSettings ? { AccelerationSettings: { Mode: template.AccelerationSettings.Mode } } : {}),
          }),
        );
      }
    });
  });

  describe('outputs', () => {
    it('names the resources the CLI needs, without exports', () => {
      // Act
      const outputs = synth.template.toJSON().Outputs as Record<string, { Value: unknown; Export?: unknown }>;

      // Assess
      expect(Object.keys(outputs).sort()).toEqual(
        [
          'AssetTableName',
          'AssetsBucketName',
          'IngestBucketName',
          'LoudnessPrefix',
          'MediaConvertRoleArn',
          'OutputBucketName',
          'OverlayKey',
          'PlaybackDistributionId',
          'PlaybackDomainName',
          'PostrollKey',
          'PrerollKey',
          'RecordingBucketName',
          'SourcesPrefix',
          'StateMachineArn',
          'TaskTokenTableName',
        ].sort(),
      );
      expect(Object.values(outputs).filter((output) => output.Export !== undefined)).toEqual([]);
      expect(outputs.StateMachineArn.Value).toEqual({ Ref: logicalId(synth.stack.pipeline.stateMachine) });
      expect(outputs.OverlayKey.Value).toBe('overlays/bug.png');
      expect(outputs.LoudnessPrefix.Value).toBe('mezzanine/');
    });
  });

  describe('the template as a whole', () => {
    it('has no dependency cycle CloudFormation would reject', () => {
      // Prepare
      const resources = synth.template.toJSON().Resources as Record<string, Resource>;
      const references = (value: unknown, found = new Set<string>()): Set<string> => {
        if (Array.isArray(value)) value.forEach((item) => references(item, found));
        else if (value && typeof value === 'object') {
          const object = value as Record<string, unknown>;
          if (typeof object.Ref === 'string') found.add(object.Ref);
          if (Array.isArray(object['Fn::GetAtt'])) found.add(object['Fn::GetAtt'][0] as string);
          Object.values(object).forEach((item) => references(item, found));
        }
        return found;
      };
      const edges = new Map(
        Object.entries(resources).map(([id, r]) => [
          id,
          [...references(r.Properties), ...(r.DependsOn ?? [])].filter((target) => target in resources),
        ]),
      );

      // Act
      const state = new Map<string, 'visiting' | 'done'>();
      const cycles: string[][] = [];
      const visit = (id: string, trail: string[]) => {
        state.set(id, 'visiting');
        for (const next of edges.get(id) ?? []) {
          if (state.get(next) === 'visiting') cycles.push([...trail, next]);
          else if (!state.has(next)) visit(next, [...trail, next]);
        }
        state.set(id, 'done');
      };
      for (const id of edges.keys()) if (!state.has(id)) visit(id, [id]);

      // Assess
      expect(cycles).toEqual([]);
      expect(edges.size).toBeGreaterThan(40);
    });
  });

  describe('choices of the deployment', () => {
    it('imports an existing recording bucket instead of creating one', () => {
      // Act
      const imported = synthesize({ recordingBucketName: 'existing-ivs-recordings' });

      // Assess
      expect(Object.keys(imported.template.findResources('AWS::S3::Bucket'))).toHaveLength(5);
      expect(imported.template.toJSON().Outputs.RecordingBucketName.Value).toBe('existing-ivs-recordings');
      imported.template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: { source: ['aws.ivs'], detail: { recording_s3_bucket_name: ['existing-ivs-recordings'] } },
      });
      imported.template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: 's3:ListBucket',
              Resource: Match.arrayWith([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::existing-ivs-recordings']] }]),
            }),
          ]),
        },
      });
    });

    it('deletes and empties the data with the stack only when asked to', () => {
      // Act
      const throwAway = synthesize({ removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });

      // Assess
      const buckets = Object.values(throwAway.template.findResources('AWS::S3::Bucket'));
      expect(buckets.map((bucket) => bucket.DeletionPolicy)).toEqual(buckets.map(() => 'Delete'));
      expect(Object.keys(throwAway.template.findResources('Custom::S3AutoDeleteObjects'))).toHaveLength(buckets.length);
      expect(Object.keys(synth.template.findResources('Custom::S3AutoDeleteObjects'))).toHaveLength(0);
      throwAway.template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Delete',
        Properties: { KeySchema: [{ AttributeName: 'assetId', KeyType: 'HASH' }] },
      });
    });
  });
});

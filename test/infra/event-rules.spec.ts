import {
  FUNCTION_ASYNC_MAX_EVENT_AGE,
  FUNCTION_ASYNC_RETRY_ATTEMPTS,
  TARGET_MAX_EVENT_AGE,
  TARGET_RETRY_ATTEMPTS,
} from '../../infra/lib/event-rules';
import { EVENT_PATTERNS, RULES, type RuleName } from '../../infra/wiring';
import { logicalId, resolved, synthesize, type Synthesized } from './synth';

const channels = ['arn:aws:ivs:eu-west-1:111122223333:channel/abcd1234', 'arn:aws:ivs:eu-west-1:111122223333:channel/efgh5678'];
let synth: Synthesized;

type Target = { Arn: unknown; RoleArn?: unknown; RetryPolicy?: unknown; DeadLetterConfig?: unknown };

function ruleProperties(name: RuleName): { EventPattern: unknown; Targets: Target[]; Description: string } {
  const rules = synth.template.toJSON().Resources as Record<string, { Properties: never }>;
  return rules[logicalId(synth.stack.eventRules.rules[name])].Properties;
}

const ruleNames = Object.keys(RULES) as RuleName[];

describe('event rules', () => {
  beforeAll(() => {
    // Settings from context, as `cdk deploy -c …` passes them: strings, lists comma-separated.
    synth = synthesize({}, { context: { ingestPrefix: 'uploads/ü *x/', ivsChannelArns: channels.join(','), pipelineName: 'vod-a' } });
  });

  it.each(ruleNames)("matches the wiring's %s pattern exactly", (name) => {
    // Prepare
    const expected = resolved(synth.stack, EVENT_PATTERNS[name](synth.stack.names, synth.stack.settings));

    // Act
    const { EventPattern, Description } = ruleProperties(name);

    // Assess
    expect(EventPattern).toEqual(expected);
    expect(Description).toBe(RULES[name].description);
  });

  it('carries the context settings and the operators into the patterns unchanged', () => {
    expect(ruleProperties('upload').EventPattern).toMatchObject({
      detail: {
        bucket: { name: [{ Ref: logicalId(synth.stack.storage.ingestBucket) }] },
        object: { key: expect.arrayContaining([{ wildcard: 'uploads/ü \\*x/*.mp4' }, { wildcard: 'uploads/ü \\*x/*.MXF' }]) },
      },
    });
    expect(ruleProperties('recordingEnd').EventPattern).toMatchObject({
      resources: channels,
      detail: { recording_s3_bucket_name: [{ Ref: logicalId(synth.stack.storage.recordingBucket) }] },
    });
    expect(ruleProperties('jobStateChange').EventPattern).toMatchObject({ detail: { userMetadata: { pipeline: ['vod-a'] } } });
    expect(ruleProperties('executionStatus').EventPattern).toMatchObject({
      detail: {
        stateMachineArn: [{ Ref: logicalId(synth.stack.pipeline.stateMachine) }],
        $or: [{ status: ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] }, { status: ['RUNNING'], redriveCount: [{ numeric: ['>', 0] }] }],
      },
    });
  });

  it('starts the pipeline from job manifests (.vod.json) under the ingest prefix, and gives Register the sources prefix', () => {
    // Act
    const { EventPattern } = ruleProperties('upload');
    const register = synth.template.toJSON().Resources[logicalId(synth.stack.functions.functions.register)] as {
      Properties: { Environment: { Variables: Record<string, unknown> } };
    };

    // Assess
    expect(EventPattern).toMatchObject({
      detail: { object: { key: expect.arrayContaining([{ wildcard: 'uploads/ü \\*x/*.vod.json' }, { wildcard: 'uploads/ü \\*x/*.VOD.JSON' }]) } },
    });
    expect(register.Properties.Environment.Variables).toMatchObject({ SOURCES_PREFIX: 'sources/' });
  });

  it.each(ruleNames)('gives the %s target a retry policy and its own dead-letter queue', (name) => {
    // Prepare
    const queue = synth.stack.eventRules.deadLetterQueues[name];

    // Act
    const { Targets } = ruleProperties(name);

    // Assess
    expect(Targets).toHaveLength(1);
    expect(Targets[0]).toMatchObject({
      RetryPolicy: { MaximumEventAgeInSeconds: TARGET_MAX_EVENT_AGE.toSeconds(), MaximumRetryAttempts: TARGET_RETRY_ATTEMPTS },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(queue), 'Arn'] } },
    });
  });

  it('starts the state machine from uploads and recording ends, with a role that may only do that', () => {
    for (const name of ['upload', 'recordingEnd'] as const) {
      expect(ruleProperties(name).Targets[0]).toMatchObject({
        Arn: { Ref: logicalId(synth.stack.pipeline.stateMachine) },
        RoleArn: { 'Fn::GetAtt': [logicalId(synth.stack.eventRules.startExecutionRole), 'Arn'] },
      });
    }
    synth.template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' } }] },
    });
  });

  it('sends job and execution events to their functions, which EventBridge may invoke for that rule only', () => {
    for (const [rule, fn] of [
      ['jobStateChange', 'job-events'],
      ['executionStatus', 'execution-status'],
    ] as const) {
      const target = ruleProperties(rule).Targets[0];
      expect(target.Arn).toEqual({ 'Fn::GetAtt': [logicalId(synth.stack.functions.functions[fn]), 'Arn'] });
      expect(target.RoleArn).toBeUndefined();
      synth.template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
        FunctionName: { 'Fn::GetAtt': [logicalId(synth.stack.functions.functions[fn]), 'Arn'] },
        SourceArn: { 'Fn::GetAtt': [logicalId(synth.stack.eventRules.rules[rule]), 'Arn'] },
      });
      // Invocations that fail after Lambda's retries land in the rule's queue as well.
      synth.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: logicalId(synth.stack.functions.functions[fn]) },
        MaximumRetryAttempts: FUNCTION_ASYNC_RETRY_ATTEMPTS,
        MaximumEventAgeInSeconds: FUNCTION_ASYNC_MAX_EVENT_AGE.toSeconds(),
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(synth.stack.eventRules.deadLetterQueues[rule]), 'Arn'] } } },
      });
    }
  });

  it.each(ruleNames)('encrypts the %s dead-letter queue, requires TLS and lets only its rule send to it', (name) => {
    // Prepare
    const queue = synth.stack.eventRules.deadLetterQueues[name];
    const queueArn = { 'Fn::GetAtt': [logicalId(queue), 'Arn'] };

    // Act
    const policies = Object.values(synth.template.findResources('AWS::SQS::QueuePolicy')).filter(
      (policy) => (policy.Properties.Queues as { Ref: string }[])[0].Ref === logicalId(queue),
    );

    // Assess
    synth.template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86400 });
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Resource: queueArn }),
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalId(synth.stack.eventRules.rules[name]), 'Arn'] } } },
      }),
    ]);
  });
});

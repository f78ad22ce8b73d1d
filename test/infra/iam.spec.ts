import type * as iam from 'aws-cdk-lib/aws-iam';
import { LOG_DELIVERY_ACTIONS, XRAY_ACTIONS } from '../../infra/lib/state-machine';
import { FUNCTIONS, type FunctionName } from '../../infra/wiring';
import { actionsOf, defaultStack, logicalId, roleActions, roleStatements, synthesize, type Statement, type Synthesized } from './synth';

let synth: Synthesized;

const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];

/** Each function's actions, from what its code calls (see infra/lib/function-permissions.ts). */
const FUNCTION_ACTIONS: Record<FunctionName, string[]> = {
  register: ['dynamodb:PutItem'],
  probe: ['dynamodb:UpdateItem', 's3:GetObject', 's3:GetObjectVersion', 's3:ListBucket'],
  'submit-job': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'iam:PassRole', 'mediaconvert:CreateJob', 's3:GetObject'],
  'job-events': [
    'dynamodb:GetItem',
    'dynamodb:UpdateItem',
    's3:PutObject',
    'sqs:SendMessage',
    'states:SendTaskFailure',
    'states:SendTaskHeartbeat',
    'states:SendTaskSuccess',
  ],
  'classify-loudness': ['dynamodb:GetItem', 'dynamodb:UpdateItem', 's3:DeleteObject', 's3:GetObject', 's3:ListBucket'],
  'execution-status': [
    'dynamodb:GetItem',
    'dynamodb:UpdateItem',
    'events:PutEvents',
    'sqs:SendMessage',
    'states:DescribeExecution',
    'states:GetExecutionHistory',
  ],
};

function statementWith(role: iam.IRole, action: string): Statement {
  const found = roleStatements(synth.template, role).filter((statement) => actionsOf(statement).includes(action));
  expect(found).toHaveLength(1);
  return found[0];
}

/** Policy minimization may reorder a statement's resources. */
function expectSameItems(actual: unknown, expected: unknown[]): void {
  expect(actual).toEqual(expect.arrayContaining(expected));
  expect(actual).toHaveLength(expected.length);
}

const arn = (construct: Parameters<typeof logicalId>[0]) => ({ 'Fn::GetAtt': [logicalId(construct), 'Arn'] });
const objects = (construct: Parameters<typeof logicalId>[0], pattern = '*') => ({ 'Fn::Join': ['', [arn(construct), `/${pattern}`]] });

describe('iam', () => {
  beforeAll(() => {
    synth = defaultStack();
  });

  describe('function roles', () => {
    it.each(Object.keys(FUNCTIONS) as FunctionName[])('gives %s exactly the actions its code needs', (name) => {
      // Prepare
      const role = synth.stack.functions.pipelineFunctions[name].role;

      // Act
      const actions = roleActions(synth.template, role);

      // Assess
      expect(actions).toEqual([...FUNCTION_ACTIONS[name], ...LOGS].sort());
      expect(synth.template.toJSON().Resources[logicalId(role)].Properties.ManagedPolicyArns).toBeUndefined();
    });

    it('lets each function write its own log group only', () => {
      for (const fn of Object.values(synth.stack.functions.pipelineFunctions)) {
        expect(statementWith(fn.role, 'logs:PutLogEvents').Resource).toEqual(arn(fn.logGroup));
      }
    });

    it('scopes every table action to the table it is for', () => {
      // Prepare
      const { assetTable, taskTokenTable } = synth.stack.tables;
      const fns = synth.stack.functions.pipelineFunctions;

      // Assess
      expect(statementWith(fns.register.role, 'dynamodb:PutItem').Resource).toEqual(arn(assetTable));
      expect(statementWith(fns['submit-job'].role, 'dynamodb:PutItem').Resource).toEqual(arn(taskTokenTable));
      expect(statementWith(fns['submit-job'].role, 'dynamodb:UpdateItem').Resource).toEqual(arn(assetTable));
      const jobEvents = roleStatements(synth.template, fns['job-events'].role).filter((s) => actionsOf(s).includes('dynamodb:GetItem'));
      expect(jobEvents.map((s) => s.Resource)).toEqual(expect.arrayContaining([arn(assetTable), arn(taskTokenTable)]));
    });

    it('lets the probe read and list the ingest and recording buckets only', () => {
      const probe = synth.stack.functions.pipelineFunctions.probe.role;
      const { ingestBucket, recordingBucket } = synth.stack.storage;
      expectSameItems(statementWith(probe, 's3:GetObject').Resource, [objects(ingestBucket), objects(recordingBucket)]);
      expectSameItems(statementWith(probe, 's3:ListBucket').Resource, [arn(ingestBucket), arn(recordingBucket)]);
    });

    it('lets classify-loudness list, read and delete under the temporary loudness prefix only', () => {
      // Prepare
      const role = synth.stack.functions.pipelineFunctions['classify-loudness'].role;
      const output = synth.stack.storage.outputBucket;

      // Act
      const list = statementWith(role, 's3:ListBucket');
      const readDelete = statementWith(role, 's3:DeleteObject');

      // Assess
      expect(list.Resource).toEqual(arn(output));
      expect(list.Condition).toEqual({ StringLike: { 's3:prefix': ['tmp/loudness/*'] } });
      expect(actionsOf(readDelete).sort()).toEqual(['s3:DeleteObject', 's3:GetObject']);
      expect(readDelete.Resource).toEqual(objects(output, 'tmp/loudness/*'));
    });

    it('lets job-events write the thumbnails tracks of the outputs bucket and no other object', () => {
      // Prepare
      const role = synth.stack.functions.pipelineFunctions['job-events'].role;

      // Act
      const put = statementWith(role, 's3:PutObject');

      // Assess
      expect(actionsOf(put)).toEqual(['s3:PutObject']);
      expect(put.Resource).toEqual(objects(synth.stack.storage.outputBucket, '*/thumbnails/thumbnails.vtt'));
    });

    it("lets job-events complete this state machine's tasks and execution-status read its executions", () => {
      // Prepare
      const fns = synth.stack.functions.pipelineFunctions;
      const stateMachine = { Ref: logicalId(synth.stack.pipeline.stateMachine) };

      // Act
      const complete = statementWith(fns['job-events'].role, 'states:SendTaskSuccess');
      const read = statementWith(fns['execution-status'].role, 'states:GetExecutionHistory');

      // Assess
      expect(complete.Resource).toEqual(stateMachine);
      expect(JSON.stringify(read.Resource)).toContain(':execution:');
      expect(read.Resource).toEqual({
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':states:eu-west-1:111122223333:execution:',
            { 'Fn::Select': [6, { 'Fn::Split': [':', stateMachine] }] },
            ':*',
          ],
        ],
      });
    });
  });

  describe('iam:PassRole', () => {
    it('is granted to submit-job only, for the MediaConvert role only, passed to MediaConvert only', () => {
      // Prepare
      const policies = synth.template.findResources('AWS::IAM::Policy');
      const submitJob = synth.stack.functions.policies['submit-job'];

      // Act
      const holders = Object.entries(policies)
        .filter(([, policy]) => (policy.Properties.PolicyDocument.Statement as Statement[]).some((s) => actionsOf(s).includes('iam:PassRole')))
        .map(([id]) => id);
      const passRole = statementWith(synth.stack.functions.pipelineFunctions['submit-job'].role, 'iam:PassRole');

      // Assess
      expect(holders).toEqual([logicalId(submitJob)]);
      expect(passRole.Resource).toEqual(arn(synth.stack.mediaConvert.role));
      expect(passRole.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'mediaconvert.amazonaws.com' } });
      expect(actionsOf(passRole)).toEqual(['iam:PassRole']);
    });
  });

  describe('MediaConvert role', () => {
    it('is assumed by MediaConvert, reads the sources and writes the outputs, nothing else', () => {
      // Prepare
      const role = synth.stack.mediaConvert.role;
      const { ingestBucket, recordingBucket, assetsBucket, outputBucket } = synth.stack.storage;

      // Act
      const statements = roleStatements(synth.template, role);

      // Assess
      expect(synth.template.toJSON().Resources[logicalId(role)].Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'mediaconvert.amazonaws.com' } },
      ]);
      expect(roleActions(synth.template, role)).toEqual(['s3:GetObject', 's3:PutObject']);
      expectSameItems(statements.find((s) => actionsOf(s).includes('s3:GetObject'))?.Resource, [
        objects(ingestBucket),
        objects(recordingBucket),
        objects(assetsBucket),
      ]);
      expect(statements.find((s) => actionsOf(s).includes('s3:PutObject'))?.Resource).toEqual(objects(outputBucket));
    });
  });

  describe('state machine role', () => {
    it('invokes exactly the functions of the definition, writes the asset table and delivers logs', () => {
      // Prepare
      const role = synth.stack.pipeline.role;
      const invoked = (['register', 'probe', 'submit-job', 'classify-loudness'] as const).map((name) => synth.stack.functions.functions[name]);

      // Act
      const invoke = statementWith(role, 'lambda:InvokeFunction');

      // Assess
      expect(roleActions(synth.template, role)).toEqual(['dynamodb:UpdateItem', 'lambda:InvokeFunction', ...LOG_DELIVERY_ACTIONS].sort());
      const expected = invoked.flatMap((fn) => [arn(fn), { 'Fn::Join': ['', [arn(fn), ':*']] }]);
      expectSameItems(invoke.Resource, expected);
      expect(statementWith(role, 'dynamodb:UpdateItem').Resource).toEqual(arn(synth.stack.tables.assetTable));
      expect(statementWith(role, 'logs:CreateLogDelivery').Resource).toBe('*');
    });

    it('may write traces only when tracing is on', () => {
      // Act
      const traced = synthesize({ tracing: true });

      // Assess
      expect(roleActions(synth.template, synth.stack.pipeline.role).filter((a) => a.startsWith('xray:'))).toEqual([]);
      expect(roleActions(traced.template, traced.stack.pipeline.role).filter((a) => a.startsWith('xray:'))).toEqual([...XRAY_ACTIONS].sort());
      traced.template.hasResourceProperties('AWS::StepFunctions::StateMachine', { TracingConfiguration: { Enabled: true } });
    });
  });

  describe('EventBridge role', () => {
    it('may start this state machine and nothing else', () => {
      const role = synth.stack.eventRules.startExecutionRole;
      expect(roleActions(synth.template, role)).toEqual(['states:StartExecution']);
      expect(statementWith(role, 'states:StartExecution').Resource).toEqual({ Ref: logicalId(synth.stack.pipeline.stateMachine) });
    });
  });

  describe('all roles', () => {
    it('are the ones above, with no statement that allows every action of a service', () => {
      // Act
      const roles = Object.keys(synth.template.findResources('AWS::IAM::Role'));
      const allowed = Object.values(synth.template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
        (policy.Properties.PolicyDocument.Statement as Statement[]).filter((s) => s.Effect === 'Allow').flatMap(actionsOf),
      );

      // Assess
      expect(roles).toHaveLength(Object.keys(FUNCTIONS).length + 3);
      expect(allowed.filter((action) => action.includes('*'))).toEqual([]);
    });
  });
});

/**
 * The pipeline's Standard state machine, from state-machines/pipeline.asl.json and the wiring's
 * substitutions. An ASL file gives CDK nothing to derive permissions from, so the role's policy
 * lists exactly what the definition calls.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { STATE_MACHINE_DEFINITION, STATE_MACHINE_FUNCTIONS, definitionSubstitutions, type FunctionName, type PipelineSettings } from '../wiring';
import { acknowledge, acknowledgeWildcards } from './nag';

export interface PipelineStateMachineProps {
  functions: Record<FunctionName, lambda.IFunction>;
  assetTable: dynamodb.ITable;
  settings: PipelineSettings;
  tracing: boolean;
  logRetention: logs.RetentionDays;
}

/** What the Step Functions documentation asks of a role whose state machine logs to CloudWatch Logs. */
export const LOG_DELIVERY_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
];
export const XRAY_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'];

export class PipelineStateMachine extends Construct {
  public readonly stateMachine: sfn.StateMachine;
  public readonly role: iam.Role;
  public readonly policy: iam.Policy;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PipelineStateMachineProps) {
    super(scope, id);
    const invoked = [...new Set(Object.values(STATE_MACHINE_FUNCTIONS))].map((name) => props.functions[name]);

    // The /aws/vendedlogs/ prefix keeps CloudWatch Logs' resource policy for log delivery short.
    // A named group kept after the stack would block deploying the same stack again: it goes
    // with the stack (its events live only for the retention period anyway).
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-pipeline`,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      description: 'The video pipeline state machine: invokes its functions and writes the asset table',
    });
    this.policy = new iam.Policy(this, 'Policy', { roles: [this.role] });
    const add = (statement: iam.PolicyStatement, whyWildcard?: string) => {
      this.policy.addStatements(statement);
      if (whyWildcard) acknowledgeWildcards(this.policy, statement, whyWildcard);
    };
    add(
      new iam.PolicyStatement({
        sid: 'InvokeFunctions',
        actions: ['lambda:InvokeFunction'],
        resources: invoked.flatMap((fn) => [fn.functionArn, `${fn.functionArn}:*`]),
      }),
      'The ":*" ARNs are the versions and aliases of the functions the definition invokes, and of no other function.',
    );
    add(new iam.PolicyStatement({ sid: 'WriteAssetStatus', actions: ['dynamodb:UpdateItem'], resources: [props.assetTable.tableArn] }));
    add(
      new iam.PolicyStatement({ sid: 'DeliverLogs', actions: LOG_DELIVERY_ACTIONS, resources: ['*'] }),
      'Log delivery is set up through account-level CloudWatch Logs APIs that take no resource; Step Functions documents "Resource": "*" for them.',
    );
    if (props.tracing) {
      add(
        new iam.PolicyStatement({ sid: 'WriteTraces', actions: XRAY_ACTIONS, resources: ['*'] }),
        'X-Ray trace and sampling APIs take no resource; Step Functions documents "Resource": "*" for them.',
      );
    }

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromFile(STATE_MACHINE_DEFINITION),
      definitionSubstitutions: definitionSubstitutions(
        Object.fromEntries(Object.entries(props.functions).map(([name, fn]) => [name, fn.functionArn])) as Record<FunctionName, string>,
        { assetTable: props.assetTable.tableName },
        props.settings,
      ),
      // CDK would add its own statements to a role it may change; this role's policy is the one above.
      role: this.role.withoutPolicyUpdates(),
      // ALL events, without inputs and outputs: those hold task tokens and object keys, and the
      // execution history keeps them for the operators anyway.
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: props.tracing,
    });
    // Step Functions checks the log delivery permissions when it creates the state machine.
    this.stateMachine.node.addDependency(this.policy);
    if (!props.tracing) {
      acknowledge(
        this.stateMachine,
        'AwsSolutions-SF2',
        'X-Ray tracing is a choice of the deployment (tracing prop or -c tracing=true); it is off by default for cost.',
      );
    }
  }
}

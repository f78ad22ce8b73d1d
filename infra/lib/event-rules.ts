/**
 * The EventBridge rules of the wiring: uploads and recording ends start the state machine; job
 * state changes and execution status changes go to their functions. Every target retries and has
 * a dead-letter queue, so an event that cannot be delivered (or, for functions, processed) is kept.
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { EVENT_PATTERNS, RULES, type EventPattern, type FunctionName, type PipelineSettings, type ResourceNames, type RuleName } from '../wiring';
import type { Functions } from './functions';
import { acknowledge } from './nag';

export interface EventRulesProps {
  names: ResourceNames;
  settings: PipelineSettings;
  stateMachine: sfn.IStateMachine;
  functions: Functions;
}

/** EventBridge's own limits: a day, 185 attempts; a pipeline start or a job result is worth that. */
export const TARGET_MAX_EVENT_AGE = Duration.hours(24);
export const TARGET_RETRY_ATTEMPTS = 185;
/** Lambda's retries of an asynchronous invocation whose function failed. */
export const FUNCTION_ASYNC_RETRY_ATTEMPTS = 2;
export const FUNCTION_ASYNC_MAX_EVENT_AGE = Duration.hours(6);

/**
 * The wiring's patterns are the JSON EventBridge takes; CDK's EventPattern spells `detail-type`
 * as `detailType` and passes everything else (`$or`, `wildcard`, `numeric`, ...) through as it is.
 */
export function toCdkEventPattern(pattern: EventPattern): events.EventPattern {
  return Object.fromEntries(
    Object.entries(pattern).map(([key, value]) => [key.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()), value]),
  ) as events.EventPattern;
}

export class EventRules extends Construct {
  public readonly rules: Record<RuleName, events.Rule>;
  public readonly deadLetterQueues: Record<RuleName, sqs.Queue>;
  /** Assumed by EventBridge to start executions. */
  public readonly startExecutionRole: iam.Role;

  constructor(scope: Construct, id: string, props: EventRulesProps) {
    super(scope, id);
    this.startExecutionRole = new iam.Role(this, 'StartExecutionRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: 'Assumed by EventBridge to start the video pipeline state machine',
    });
    const startExecutionPolicy = new iam.Policy(this, 'StartExecutionPolicy', {
      roles: [this.startExecutionRole],
      statements: [
        new iam.PolicyStatement({ sid: 'StartPipeline', actions: ['states:StartExecution'], resources: [props.stateMachine.stateMachineArn] }),
      ],
    });

    const rules: Partial<Record<RuleName, events.Rule>> = {};
    const queues: Partial<Record<RuleName, sqs.Queue>> = {};
    for (const [name, spec] of Object.entries(RULES) as [RuleName, (typeof RULES)[RuleName]][]) {
      const ruleScope = new Construct(this, name);
      const queue = new sqs.Queue(ruleScope, 'DeadLetterQueue', {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      acknowledge(
        queue,
        'AwsSolutions-SQS3',
        `This queue is the dead-letter queue of the ${name} rule's target; a dead-letter queue of its own would have no reader either.`,
      );
      const rule = new events.Rule(ruleScope, 'Rule', {
        description: spec.description,
        eventPattern: toCdkEventPattern(EVENT_PATTERNS[name](props.names, props.settings)),
      });
      const retry = { deadLetterQueue: queue, maxEventAge: TARGET_MAX_EVENT_AGE, retryAttempts: TARGET_RETRY_ATTEMPTS };
      if (spec.target.kind === 'stateMachine') {
        rule.addTarget(new targets.SfnStateMachine(props.stateMachine, { ...retry, role: this.startExecutionRole.withoutPolicyUpdates() }));
        rule.node.addDependency(startExecutionPolicy);
      } else {
        this.routeToFunction(rule, queue, spec.target.name, props.functions, retry);
      }
      rules[name] = rule;
      queues[name] = queue;
    }
    this.rules = rules as Record<RuleName, events.Rule>;
    this.deadLetterQueues = queues as Record<RuleName, sqs.Queue>;
  }

  private routeToFunction(rule: events.Rule, queue: sqs.Queue, name: FunctionName, functions: Functions, retry: targets.LambdaFunctionProps): void {
    const fn = functions.functions[name];
    rule.addTarget(new targets.LambdaFunction(fn, retry));
    // EventBridge invokes asynchronously: once Lambda's own retries of a failed invocation are
    // spent, the event lands in the same queue as the events EventBridge could not deliver.
    const onFailure: lambda.IDestination = { bind: () => ({ destination: queue.queueArn }) };
    fn.configureAsyncInvoke({ retryAttempts: FUNCTION_ASYNC_RETRY_ATTEMPTS, maxEventAge: FUNCTION_ASYNC_MAX_EVENT_AGE, onFailure });
    functions.addToPolicy(name, new iam.PolicyStatement({ sid: 'SendFailedEvents', actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
  }
}

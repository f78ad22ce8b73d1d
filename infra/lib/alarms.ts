/**
 * What an operator has to be told about, without watching the console:
 * - executions that ended without completing (FAILED, TIMED_OUT, ABORTED): each asset is FAILED and
 *   waits for a fix and a redrive;
 * - events in a dead-letter queue: an upload, a recording or a job event the pipeline never processed.
 * The alarms notify an SNS topic when one is given, and are in the CloudWatch console either way.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface PipelineAlarmsProps {
  stateMachine: sfn.IStateMachine;
  /** The dead-letter queue of each EventBridge rule, by rule name. */
  deadLetterQueues: Record<string, sqs.IQueue>;
  /** An SNS topic told when an alarm goes off and when it is OK again. @default no notification */
  alarmTopicArn?: string;
}

const PERIOD = Duration.minutes(5);

export class PipelineAlarms extends Construct {
  public readonly executionsNotCompleted: cloudwatch.Alarm;
  public readonly deadLetters: Record<string, cloudwatch.Alarm>;

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    const { stateMachine } = props;

    const ended = new cloudwatch.MathExpression({
      expression: 'failed + timedOut + aborted',
      usingMetrics: {
        failed: stateMachine.metricFailed({ period: PERIOD, statistic: 'Sum' }),
        timedOut: stateMachine.metricTimedOut({ period: PERIOD, statistic: 'Sum' }),
        aborted: stateMachine.metricAborted({ period: PERIOD, statistic: 'Sum' }),
      },
      label: 'Executions failed, timed out or aborted',
      period: PERIOD,
    });
    this.executionsNotCompleted = ended.createAlarm(this, 'ExecutionsNotCompleted', {
      alarmDescription:
        'Pipeline executions ended without completing. Find the assets with `vod assets list --status FAILED` ' +
        "(or the asset table's status index), fix the cause recorded in each, then `vod redrive <assetId>`.",
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.deadLetters = Object.fromEntries(
      Object.entries(props.deadLetterQueues).map(([rule, queue]) => [
        rule,
        queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }).createAlarm(this, `${rule}DeadLetters`, {
          alarmDescription:
            `Events of the ${rule} rule that neither EventBridge nor the target could process are in its dead-letter queue. ` +
            "Read them (each message's attributes name the error), fix the cause, then trigger the input again: upload it " +
            'again, or redrive the execution that waited on it once it has failed.',
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      ]),
    );

    if (props.alarmTopicArn) {
      const topic = new actions.SnsAction(sns.Topic.fromTopicArn(this, 'Topic', props.alarmTopicArn));
      for (const alarm of [this.executionsNotCompleted, ...Object.values(this.deadLetters)]) {
        alarm.addAlarmAction(topic);
        alarm.addOkAction(topic);
      }
    }
  }
}

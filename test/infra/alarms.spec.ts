import { RULES } from '../../infra/wiring';
import { defaultStack, logicalId, resolved, synthesize, type Synthesized } from './synth';

type AlarmProperties = {
  Metrics?: {
    Id: string;
    Expression?: string;
    MetricStat?: { Metric: { MetricName: string; Namespace: string; Dimensions: { Name: string; Value: unknown }[] } };
  }[];
  MetricName?: string;
  Namespace?: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Threshold: number;
  ComparisonOperator: string;
  TreatMissingData: string;
  AlarmDescription: string;
  AlarmActions?: unknown[];
  OKActions?: unknown[];
};

function alarmsOf(synth: Synthesized): Record<string, AlarmProperties> {
  return Object.fromEntries(
    Object.entries(synth.template.findResources('AWS::CloudWatch::Alarm')).map(([id, alarm]) => [id, alarm.Properties as AlarmProperties]),
  );
}

describe('alarms', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = defaultStack();
  });

  it('go off on any execution that fails, times out or is aborted, telling how to redrive', () => {
    // Act
    const alarm = alarmsOf(synth)[logicalId(synth.stack.alarms.executionsNotCompleted)];

    // Assess
    const stateMachineArn = resolved(synth.stack, synth.stack.pipeline.stateMachine.stateMachineArn);
    const metrics = alarm.Metrics!.filter((metric) => metric.MetricStat).map((metric) => metric.MetricStat!.Metric);
    expect(metrics.map((metric) => metric.MetricName).sort()).toEqual(['ExecutionsAborted', 'ExecutionsFailed', 'ExecutionsTimedOut']);
    for (const metric of metrics) {
      expect(metric.Namespace).toBe('AWS/States');
      expect(metric.Dimensions).toEqual([{ Name: 'StateMachineArn', Value: stateMachineArn }]);
    }
    expect(alarm.Metrics!.find((metric) => metric.Expression)?.Expression).toBe('failed + timedOut + aborted');
    expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
    expect(alarm.AlarmDescription).toMatch(/vod redrive/);
  });

  it("go off on the first message in each rule's dead-letter queue", () => {
    // Act
    const alarms = alarmsOf(synth);

    // Assess
    const { deadLetterQueues } = synth.stack.eventRules;
    expect(Object.keys(synth.stack.alarms.deadLetters).sort()).toEqual(Object.keys(RULES).sort());
    for (const [rule, alarmConstruct] of Object.entries(synth.stack.alarms.deadLetters)) {
      const alarm = alarms[logicalId(alarmConstruct)];
      expect(alarm).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        // As it stands in the template (the resolved token is not a plain object).
        Dimensions: [
          {
            Name: 'QueueName',
            Value: JSON.parse(JSON.stringify(resolved(synth.stack, deadLetterQueues[rule as keyof typeof deadLetterQueues].queueName))),
          },
        ],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      expect(alarm.AlarmDescription).toContain(`the ${rule} rule`);
    }
    expect(Object.keys(alarms)).toHaveLength(1 + Object.keys(RULES).length);
  });

  it('notify no one by default, and the given topic of alarm and recovery when one is set', () => {
    // Prepare
    const topicArn = 'arn:aws:sns:eu-west-1:111122223333:vod-alarms';

    // Act
    const quiet = Object.values(alarmsOf(synth));
    const notifying = Object.values(alarmsOf(synthesize({ alarmTopicArn: topicArn })));

    // Assess
    for (const alarm of quiet) {
      expect(alarm.AlarmActions).toBeUndefined();
      expect(alarm.OKActions).toBeUndefined();
    }
    for (const alarm of notifying) {
      expect(alarm.AlarmActions).toEqual([topicArn]);
      expect(alarm.OKActions).toEqual([topicArn]);
    }
  });
});

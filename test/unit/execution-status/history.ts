/** Execution histories in GetExecutionHistory's shape, for tests. */
import type { HistoryEvent } from '@aws-sdk/client-sfn';

type Step = Omit<HistoryEvent, 'id' | 'timestamp' | 'previousEventId'>;

export const entered = (name: string, type = 'TaskStateEntered'): Step =>
  ({ type, stateEnteredEventDetails: { name, input: '{}', inputDetails: { truncated: false } } }) as Step;
export const exited = (name: string, type = 'TaskStateExited'): Step =>
  ({ type, stateExitedEventDetails: { name, output: '{}', outputDetails: { truncated: false } } }) as Step;
export const lambdaTask = (): Step[] => [
  { type: 'TaskScheduled', taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke', region: 'us-east-1', parameters: '{}' } },
  { type: 'TaskStarted', taskStartedEventDetails: { resourceType: 'lambda', resource: 'invoke' } },
];
export const taskFailed = (error: string, cause: string): Step => ({
  type: 'TaskFailed',
  taskFailedEventDetails: { resourceType: 'lambda', resource: 'invoke', error, cause },
});
export const succeeded = (): Step => ({
  type: 'TaskSucceeded',
  taskSucceededEventDetails: { resourceType: 'lambda', resource: 'invoke', output: '{}' },
});
export const executionStarted = (): Step =>
  ({ type: 'ExecutionStarted', executionStartedEventDetails: { input: '{}', roleArn: 'arn:aws:iam::111122223333:role/sfn' } }) as Step;

/** Numbers the steps as Step Functions does and returns them newest first (`reverseOrder: true`). */
export function newestFirst(steps: Step[]): HistoryEvent[] {
  const start = Date.parse('2026-03-01T10:00:00Z');
  return steps.map((step, i) => ({ ...step, id: i + 1, previousEventId: i, timestamp: new Date(start + i * 1000) }) as HistoryEvent).reverse();
}

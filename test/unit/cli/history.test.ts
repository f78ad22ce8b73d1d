import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { historyRows } from '../../../cli/history';

let id = 0;
const at = (second: number) => new Date(Date.UTC(2026, 10, 21, 12, 0, second));
const event = (type: string, second: number, extra: Partial<HistoryEvent> = {}): HistoryEvent =>
  ({ id: ++id, type, timestamp: at(second), ...extra }) as HistoryEvent;
const entered = (type: string, name: string, second: number) => event(`${type}StateEntered`, second, { stateEnteredEventDetails: { name } });
const exited = (type: string, name: string, second: number) => event(`${type}StateExited`, second, { stateExitedEventDetails: { name } });

describe('historyRows', () => {
  it('shows each state with its type, status and duration', () => {
    const rows = historyRows([
      event('ExecutionStarted', 0),
      entered('Task', 'Register', 0),
      event('TaskScheduled', 0),
      event('TaskSucceeded', 1),
      exited('Task', 'Register', 1),
      entered('Choice', 'ChooseBranch', 1),
      exited('Choice', 'ChooseBranch', 1),
      event('ExecutionSucceeded', 1),
    ]);

    expect(rows).toEqual([
      expect.objectContaining({ state: 'Register', type: 'Task', status: 'SUCCEEDED', durationMs: 1000 }),
      expect.objectContaining({ state: 'ChooseBranch', type: 'Choice', status: 'SUCCEEDED', durationMs: 0 }),
    ]);
  });

  it('shows where a run failed, with error and cause, then the redrive and the resumed state', () => {
    const rows = historyRows([
      entered('Task', 'SubmitStitchJob', 0),
      event('TaskFailed', 30, {
        taskFailedEventDetails: {
          resourceType: 'lambda',
          resource: 'invoke',
          error: 'MediaConvert.1030',
          cause: 'Failed probe/open: [No such file]',
        },
      }),
      event('ExecutionFailed', 30, { executionFailedEventDetails: { error: 'MediaConvert.1030', cause: 'Failed probe/open: [No such file]' } }),
      event('ExecutionRedriven', 90, { executionRedrivenEventDetails: { redriveCount: 1 } }),
      entered('Task', 'SubmitStitchJob', 90),
      event('TaskSucceeded', 120),
      exited('Task', 'SubmitStitchJob', 120),
    ]);

    expect(rows.map((r) => [r.state, r.status, r.error])).toEqual([
      ['SubmitStitchJob', 'FAILED', 'MediaConvert.1030'],
      ['(redrive)', 'REDRIVEN', undefined],
      ['SubmitStitchJob', 'SUCCEEDED', undefined],
    ]);
    expect(rows[0]).toMatchObject({ durationMs: 30_000, cause: 'Failed probe/open: [No such file]' });
  });

  it('shows the resumed state after a redrive even when no StateEntered event repeats it', () => {
    const rows = historyRows([
      entered('Task', 'SubmitStitchJob', 0),
      event('TaskFailed', 30, { taskFailedEventDetails: { resourceType: 'lambda', resource: 'invoke', error: 'MediaConvert.1404' } }),
      event('ExecutionFailed', 30, { executionFailedEventDetails: { error: 'MediaConvert.1404' } }),
      event('ExecutionRedriven', 90, { executionRedrivenEventDetails: { redriveCount: 1 } }),
      event('TaskScheduled', 90),
      event('TaskSucceeded', 100),
      exited('Task', 'SubmitStitchJob', 100),
      entered('Task', 'CompleteTranscode', 100),
      exited('Task', 'CompleteTranscode', 101),
    ]);

    expect(rows.map((r) => `${r.state}:${r.status}`)).toEqual([
      'SubmitStitchJob:FAILED',
      '(redrive):REDRIVEN',
      'SubmitStitchJob:SUCCEEDED',
      'CompleteTranscode:SUCCEEDED',
    ]);
    expect(rows[2].durationMs).toBe(10_000);
  });

  it('marks a caught error as CAUGHT, and a retried success as SUCCEEDED', () => {
    const rows = historyRows([
      entered('Task', 'Probe', 0),
      event('TaskFailed', 1, {
        taskFailedEventDetails: { resourceType: 'lambda', resource: 'invoke', error: 'NotMedia', cause: 'not a media file' },
      }),
      exited('Task', 'Probe', 1),
      entered('Task', 'Register', 2),
      event('TaskFailed', 3, { taskFailedEventDetails: { resourceType: 'lambda', resource: 'invoke', error: 'Lambda.TooManyRequestsException' } }),
      event('TaskSucceeded', 5),
      exited('Task', 'Register', 5),
    ]);

    expect(rows.map((r) => [r.state, r.status, r.error])).toEqual([
      ['Probe', 'CAUGHT', 'NotMedia'],
      ['Register', 'SUCCEEDED', undefined],
    ]);
  });

  it('leaves a state that has not ended RUNNING', () => {
    const rows = historyRows([entered('Task', 'SubmitDashJob', 0), event('TaskSubmitted', 1)]);
    expect(rows).toEqual([expect.objectContaining({ state: 'SubmitDashJob', status: 'RUNNING' })]);
    expect(rows[0].durationMs).toBeUndefined();
  });
});

import { scanComplete, scanFailure } from '../../../functions/execution-status/failure-scan';
import { entered, executionStarted, exited, lambdaTask, newestFirst, succeeded, taskFailed } from './history';

const lambdaCause = JSON.stringify({ errorType: 'Error', errorMessage: 'connect ETIMEDOUT 10.0.0.1:443', trace: [] });
const registered = [executionStarted(), entered('Register'), ...lambdaTask(), succeeded(), exited('Register')];

describe('scanFailure', () => {
  it('finds the state and error of a Lambda task that failed after its retries', () => {
    // Prepare
    const history = newestFirst([
      ...registered,
      entered('Probe'),
      ...lambdaTask(),
      taskFailed('Error', lambdaCause),
      ...lambdaTask(),
      taskFailed('Error', lambdaCause),
      { type: 'ExecutionFailed', executionFailedEventDetails: { error: 'Error', cause: lambdaCause } },
    ]);

    // Act
    const scan = scanFailure(history);

    // Assess
    expect(scan).toEqual({ state: 'Probe', error: 'Error', cause: lambdaCause, failureType: 'ExecutionFailed' });
    expect(scanComplete(scan)).toBe(true);
  });

  it('finds a heartbeat timeout of a callback task', () => {
    const history = newestFirst([
      ...registered,
      entered('Probe'),
      ...lambdaTask(),
      succeeded(),
      exited('Probe'),
      entered('ChooseBranch', 'ChoiceStateEntered'),
      exited('ChooseBranch', 'ChoiceStateExited'),
      entered('SubmitDashJob'),
      ...lambdaTask(),
      { type: 'TaskSubmitted', taskSubmittedEventDetails: { resourceType: 'lambda', resource: 'invoke.waitForTaskToken', output: '{}' } },
      {
        type: 'TaskTimedOut',
        taskTimedOutEventDetails: { resourceType: 'lambda', resource: 'invoke.waitForTaskToken', error: 'States.HeartbeatTimeout' },
      },
      { type: 'ExecutionFailed', executionFailedEventDetails: { error: 'States.HeartbeatTimeout' } },
    ]);

    expect(scanFailure(history)).toEqual({ state: 'SubmitDashJob', error: 'States.HeartbeatTimeout', failureType: 'ExecutionFailed' });
  });

  it('finds a States.Runtime failure after a task succeeded', () => {
    const cause =
      "An error occurred while executing the state 'ClassifyLoudness' (entered at the event id #30). The JSONPath '$.Payload.loudness' specified for the field 'loudness.$' could not be found in the input '{}'";
    const history = newestFirst([
      ...registered,
      entered('ClassifyLoudness'),
      ...lambdaTask(),
      succeeded(),
      { type: 'ExecutionFailed', executionFailedEventDetails: { error: 'States.Runtime', cause } },
    ]);

    expect(scanFailure(history)).toMatchObject({ state: 'ClassifyLoudness', error: 'States.Runtime', cause });
  });

  it('reports an execution timeout without details by its type and state', () => {
    const history = newestFirst([
      ...registered,
      entered('SubmitLoudnessJob'),
      ...lambdaTask(),
      { type: 'ExecutionTimedOut', executionTimedOutEventDetails: {} },
    ]);

    const scan = scanFailure(history);

    expect(scan).toEqual({ state: 'SubmitLoudnessJob', failureType: 'ExecutionTimedOut' });
    expect(scanComplete(scan)).toBe(false);
  });

  it('reads the error and cause an operator gave when stopping the execution', () => {
    const history = newestFirst([
      ...registered,
      entered('SubmitStitchJob'),
      ...lambdaTask(),
      { type: 'ExecutionAborted', executionAbortedEventDetails: { error: 'Operator', cause: 'wrong overlay' } },
    ]);

    expect(scanFailure(history)).toEqual({ state: 'SubmitStitchJob', error: 'Operator', cause: 'wrong overlay', failureType: 'ExecutionAborted' });
  });

  it('takes the failure of the latest run of a redriven execution, and its state from the run it resumed', () => {
    const history = newestFirst([
      ...registered,
      entered('Probe'),
      ...lambdaTask(),
      taskFailed('Lambda.ServiceException', 'first run'),
      { type: 'ExecutionFailed', executionFailedEventDetails: { error: 'Lambda.ServiceException', cause: 'first run' } },
      { type: 'ExecutionRedriven', executionRedrivenEventDetails: { redriveCount: 1 } },
      ...lambdaTask(),
      taskFailed('Lambda.TooManyRequestsException', 'second run'),
      { type: 'ExecutionFailed', executionFailedEventDetails: { error: 'Lambda.TooManyRequestsException', cause: 'second run' } },
    ]);

    expect(scanFailure(history)).toMatchObject({ state: 'Probe', error: 'Lambda.TooManyRequestsException', cause: 'second run' });
  });

  it('is incomplete when the page holds the failure but not the state', () => {
    const page = newestFirst([
      ...lambdaTask(),
      taskFailed('Error', 'x'),
      { type: 'ExecutionFailed', executionFailedEventDetails: { error: 'Error', cause: 'x' } },
    ]);

    expect(scanComplete(scanFailure(page))).toBe(false);
  });
});

import { failureRecord, isUnsuccessful } from '../../../functions/execution-status/failure-record';

describe('failureRecord', () => {
  it('prefers the error and cause of the status event', () => {
    // Act
    const record = failureRecord(
      'FAILED',
      { error: 'Lambda.Unknown', cause: 'event cause' },
      { state: 'Probe', error: 'Error', cause: 'history cause' },
    );

    // Assess
    expect(record).toEqual({ state: 'Probe', error: 'Lambda.Unknown', cause: 'event cause' });
  });

  it('falls back to the history', () => {
    expect(failureRecord('FAILED', { error: null, cause: null }, { state: 'Probe', error: 'Error', cause: 'history cause' })).toEqual({
      state: 'Probe',
      error: 'Error',
      cause: 'history cause',
    });
  });

  it('records the message of a Lambda error cause, never its stack trace', () => {
    const cause = JSON.stringify({
      errorType: 'TypeError',
      errorMessage: 'Probe: assetId is not a non-empty string',
      trace: ['TypeError: x', '    at /srv/functions/probe/handler.ts:28:11'],
    });

    expect(failureRecord('FAILED', { error: 'TypeError', cause }, { state: 'Probe' })).toEqual({
      state: 'Probe',
      error: 'TypeError',
      cause: 'Probe: assetId is not a non-empty string',
    });
    expect(failureRecord('FAILED', { error: null, cause: null }, { state: 'Probe', error: 'States.TaskFailed', cause })).toMatchObject({
      cause: 'TypeError: Probe: assetId is not a non-empty string',
    });
  });

  it('calls a timeout without an error States.Timeout', () => {
    expect(failureRecord('TIMED_OUT', {}, { state: 'SubmitDashJob' })).toEqual({
      state: 'SubmitDashJob',
      error: 'States.Timeout',
      cause: 'The execution timed out in state SubmitDashJob',
    });
  });

  it('calls a stopped execution ExecutionAborted, keeping what the operator said as the cause', () => {
    expect(failureRecord('ABORTED', { error: 'Operator', cause: 'wrong overlay' }, { state: 'SubmitStitchJob' })).toEqual({
      state: 'SubmitStitchJob',
      error: 'ExecutionAborted',
      cause: 'Operator: wrong overlay',
    });
    expect(failureRecord('ABORTED', {}, {})).toEqual({
      state: 'unknown',
      error: 'ExecutionAborted',
      cause: 'The execution was stopped in state unknown',
    });
  });

  it.each([
    ['FAILED', true],
    ['TIMED_OUT', true],
    ['ABORTED', true],
    ['RUNNING', false],
    ['SUCCEEDED', false],
  ])('%s unsuccessful: %p', (status, expected) => {
    expect(isUnsuccessful(status)).toBe(expected);
  });
});

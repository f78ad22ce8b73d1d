import { SEND_TASK_FAILURE_LIMITS, jobAction, jobPatch } from '../../../functions/job-events/job-action';
import { truncate } from '../../../functions/shared/truncate';

describe('jobAction', () => {
  it.each([
    ['COMPLETE', { kind: 'succeed' }],
    ['ERROR', { kind: 'fail', error: 'MediaConvert.1040', cause: 'Example error message' }],
    ['CANCELED', { kind: 'fail', error: 'MediaConvert.Canceled', cause: 'MediaConvert job j-1 was canceled before it completed' }],
    ['PROGRESSING', { kind: 'heartbeat' }],
    ['STATUS_UPDATE', { kind: 'heartbeat' }],
    ['INPUT_INFORMATION', { kind: 'ignore' }],
    ['NEW_WARNING', { kind: 'ignore' }],
  ])('maps %s', (status, expected) => {
    // Act
    const action = jobAction({ status, jobId: 'j-1', errorCode: 1040, errorMessage: 'Example error message' });

    // Assess
    expect(action).toEqual(expected);
  });

  it('cuts an error message longer than SendTaskFailure accepts', () => {
    const action = jobAction({ status: 'ERROR', jobId: 'j-1', errorCode: 1999, errorMessage: 'x'.repeat(40000) });

    expect(action.kind === 'fail' && action.cause.length).toBe(SEND_TASK_FAILURE_LIMITS.cause);
    expect(action.kind === 'fail' && action.cause.endsWith('…')).toBe(true);
  });

  it('names a generic error when the event has no error code or message', () => {
    expect(jobAction({ status: 'ERROR', jobId: 'j-1' })).toEqual({
      kind: 'fail',
      error: 'MediaConvert.Error',
      cause: 'MediaConvert job j-1 failed with error code Error and no message',
    });
  });
});

describe('truncate', () => {
  it('keeps text within the limit unchanged', () => {
    expect(truncate('MediaConvert.1040', SEND_TASK_FAILURE_LIMITS.error)).toBe('MediaConvert.1040');
  });

  it('never splits a surrogate pair', () => {
    const text = `${'a'.repeat(8)}🎬🎬`;

    const cut = truncate(text, 10);

    expect(cut).toBe(`${'a'.repeat(8)}…`);
    expect(cut.length).toBeLessThanOrEqual(10);
  });
});

describe('jobPatch', () => {
  const at = '2026-01-02T03:04:05.000Z';

  it.each([
    ['COMPLETE', { status: 'COMPLETE', completedAt: at }],
    ['ERROR', { status: 'ERROR', completedAt: at, errorCode: '1040', errorMessage: 'Example error message' }],
    ['CANCELED', { status: 'CANCELED', completedAt: at }],
    ['PROGRESSING', { status: 'PROGRESSING' }],
    ['STATUS_UPDATE', undefined],
  ])('records %s on the job', (status, expected) => {
    expect(jobPatch({ status, errorCode: 1040, errorMessage: 'Example error message' }, at)).toEqual(expected);
  });
});

import { lambdaErrorOf, readableCause } from '../../../functions/shared/lambda-error';

const trace = ['RecordingNotReady: the recording is not there yet', '    at notReady (/home/me/vod/functions/probe/probe-recording.ts:45:10)'];
const cause = JSON.stringify({ errorType: 'RecordingNotReady', errorMessage: 'the recording is not there yet; redrive it once it is', trace });

describe('lambdaErrorOf', () => {
  it('reads the type, message and trace of a Lambda error cause', () => {
    expect(lambdaErrorOf(cause)).toEqual({
      errorType: 'RecordingNotReady',
      errorMessage: 'the recording is not there yet; redrive it once it is',
      trace,
    });
  });

  it('reads the type and message of a cause cut short in its trace', () => {
    expect(lambdaErrorOf(cause.slice(0, cause.indexOf('/home')))).toEqual({
      errorType: 'RecordingNotReady',
      errorMessage: 'the recording is not there yet; redrive it once it is',
    });
  });

  it.each([
    ['a plain message', 'Input 3 does not exist: upload it and resubmit the job'],
    ['other JSON', '{"reason":"quota"}'],
    ['a JSON string', '"socket hang up"'],
    ['nothing', undefined],
  ])('finds no Lambda error in %s', (_case, text) => {
    expect(lambdaErrorOf(text)).toBeUndefined();
  });
});

describe('readableCause', () => {
  it('is the message of a Lambda error, without its trace, when the error name already says the type', () => {
    expect(readableCause(cause, 'RecordingNotReady')).toBe('the recording is not there yet; redrive it once it is');
  });

  it('leads with the error type when the error name does not say it', () => {
    expect(readableCause(cause, 'States.TaskFailed')).toBe('RecordingNotReady: the recording is not there yet; redrive it once it is');
  });

  it('leaves out a plain Error type', () => {
    expect(readableCause(JSON.stringify({ errorType: 'Error', errorMessage: 'socket hang up', trace: [] }), 'Lambda.Unknown')).toBe('socket hang up');
  });

  it('names the type of an error without a message', () => {
    expect(readableCause(JSON.stringify({ errorType: 'Sandbox.Timedout', errorMessage: '' }), 'Sandbox.Timedout')).toBe(
      'Sandbox.Timedout failed without a message',
    );
  });

  it('keeps any other cause as it is', () => {
    expect(readableCause('Input 3 does not exist: upload it and resubmit the job', 'MediaConvert.1404')).toBe(
      'Input 3 does not exist: upload it and resubmit the job',
    );
  });
});

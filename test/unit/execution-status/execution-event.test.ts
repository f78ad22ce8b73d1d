import { assetOfInput, inputIncluded } from '../../../functions/execution-status/execution-event';
import type { ExecutionStatusDetail } from '../../../functions/execution-status/execution-event';
import { objectCreated } from '../../support/events';

const detail = (extra: Partial<ExecutionStatusDetail>): ExecutionStatusDetail => ({
  executionArn: 'arn:aws:states:us-east-1:111122223333:execution:vod-pipeline:e1',
  stateMachineArn: 'arn:aws:states:us-east-1:111122223333:stateMachine:vod-pipeline',
  status: 'FAILED',
  ...extra,
});

describe('assetOfInput', () => {
  it('normalises the S3 event the execution started with', () => {
    // Act
    const found = assetOfInput(JSON.stringify(objectCreated('ingest', 'uploads/a b+é:1.mp4')));

    // Assess
    expect(found).toMatchObject({ ok: true, asset: { origin: 'upload', source: { bucket: 'ingest', key: 'uploads/a b+é:1.mp4' } } });
  });

  it.each([
    ['no input', undefined, 'the execution has no input'],
    ['input that is not JSON', '{"source":', 'the execution input is not JSON'],
    ['another event', '{"source":"aws.ec2"}', 'The pipeline starts on S3'],
  ])('names no asset for %s', (_case, input, reason) => {
    expect(assetOfInput(input)).toEqual({ ok: false, reason: expect.stringContaining(reason) });
  });
});

describe('inputIncluded', () => {
  it('is false when the event says the input was left out, or has none', () => {
    expect(inputIncluded(detail({ input: '{}', inputDetails: { included: true } }))).toBe(true);
    expect(inputIncluded(detail({ input: null, inputDetails: { included: false } }))).toBe(false);
    expect(inputIncluded(detail({ input: undefined }))).toBe(false);
  });
});

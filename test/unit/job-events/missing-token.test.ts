import type { JobRecord } from '../../../functions/shared/asset';
import { TOKEN_RACE_WINDOW_MS, missingTokenDecision } from '../../../functions/job-events/missing-token';

const job = (status: JobRecord['status']): JobRecord => ({ jobId: 'j-1', template: 'dash', status, submittedAt: '2026-01-01T00:00:00Z' });

describe('missingTokenDecision', () => {
  it.each([
    ['asset not listing the job, recent event', { jobs: [] }, 60_000, 'retry'],
    ['asset without jobs, unknown event age', { jobs: undefined }, undefined, 'retry'],
    ['job recorded but not finished, recent event', { jobs: [job('SUBMITTED')] }, 60_000, 'retry'],
    ['asset not listing the job, old event', { jobs: [] }, TOKEN_RACE_WINDOW_MS, 'ignore'],
    ['job already COMPLETE', { jobs: [job('COMPLETE')] }, 1_000, 'ignore'],
    ['job already CANCELED', { jobs: [job('CANCELED')] }, 1_000, 'ignore'],
    ['unknown asset', undefined, 1_000, 'ignore'],
  ])('%s -> %s', (_case, asset, age, expected) => {
    // Act
    const decision = missingTokenDecision(asset, 'j-1', age);

    // Assess
    expect(decision.action).toBe(expected);
    expect(decision.reason).not.toBe('');
  });
});

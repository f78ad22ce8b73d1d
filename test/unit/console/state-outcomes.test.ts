import * as fs from 'node:fs';
import * as path from 'node:path';
import { graphFromDefinition } from '../../../console/web/execution/graph-model';
import { executionAttempts, historyRows, type Attempt, type HistoryEventJson, type Outcome } from '../../../console/web/execution/state-outcomes';

const ROOT = path.resolve(__dirname, '../../..');
const graph = graphFromDefinition(fs.readFileSync(path.join(ROOT, 'state-machines/pipeline.asl.json'), 'utf8'));

function fixture(name: string): { execution: Record<string, unknown>; events: HistoryEventJson[] } {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/console', `${name}.json`), 'utf8'));
}

/** The states of an attempt with the given outcome, sorted. */
function withOutcome(attempt: Attempt, outcome: Outcome): string[] {
  return Object.entries(attempt.states)
    .filter(([, state]) => state.outcome === outcome)
    .map(([name]) => name)
    .sort();
}

const path_ = (attempt: Attempt, carried?: boolean) =>
  attempt.edges.filter((edge) => carried === undefined || edge.carried === carried).map((edge) => `${edge.from}->${edge.to}:${edge.kind}`);

describe('executionAttempts', () => {
  it('of a successful run: one attempt, the states on its path succeeded (a retried try too), the others not entered', () => {
    const attempts = executionAttempts(fixture('succeeded-dash').events, graph);

    expect(attempts).toHaveLength(1);
    const [run] = attempts;
    expect(run).toMatchObject({ index: 0, label: 'Original run', status: 'SUCCEEDED' });
    expect(withOutcome(run, 'succeeded')).toEqual(['ChooseBranch', 'CompleteTranscode', 'Probe', 'Register', 'SubmitDashJob']);
    expect(withOutcome(run, 'not-entered')).toEqual([
      'AwaitsManifest',
      'ClassifyLoudness',
      'Duplicate',
      'Rejected',
      'SubmitLoudnessJob',
      'SubmitStitchJob',
    ]);
    expect(path_(run)).toEqual([
      'Start->Register:next',
      'Register->Probe:next',
      'Probe->ChooseBranch:next',
      'ChooseBranch->SubmitDashJob:default',
      'SubmitDashJob->CompleteTranscode:next',
      'CompleteTranscode->End:end',
    ]);
  });

  it('of a failed run: the failing state failed with its error, the states after it not entered', () => {
    const [run, ...more] = executionAttempts(fixture('failed-stitch').events, graph);

    expect(more).toEqual([]);
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('MediaConvert.1404');
    expect(withOutcome(run, 'failed')).toEqual(['SubmitStitchJob']);
    expect(run.states.SubmitStitchJob.error).toBe('MediaConvert.1404');
    expect(run.states.SubmitStitchJob.cause).toMatch(/post-roll.*redrive/);
    expect(withOutcome(run, 'succeeded')).toEqual(['ChooseBranch', 'Probe', 'Register']);
    expect(run.states.CompleteTranscode.outcome).toBe('not-entered');
    expect(path_(run)).toContain('ChooseBranch->SubmitStitchJob:choice');
    expect(path_(run).some((edge) => edge.endsWith(':end'))).toBe(false);
  });

  it('of a caught failure: the state is caught, the execution goes on along the catch edge to its target', () => {
    const [run] = executionAttempts(fixture('caught-not-media').events, graph);

    expect(run.status).toBe('SUCCEEDED');
    expect(run.states.Probe).toMatchObject({ outcome: 'caught', error: 'NotMedia' });
    expect(withOutcome(run, 'succeeded')).toEqual(['Register', 'Rejected']);
    expect(path_(run)).toEqual(['Start->Register:next', 'Register->Probe:next', 'Probe->Rejected:catch', 'Rejected->End:end']);
  });

  it('of a run in progress: the current state is in progress, the attempt running', () => {
    const [run] = executionAttempts(fixture('running-loudness').events, graph);

    expect(run.status).toBe('RUNNING');
    expect(run.stopDate).toBeUndefined();
    expect(withOutcome(run, 'in-progress')).toEqual(['SubmitLoudnessJob']);
    expect(withOutcome(run, 'succeeded')).toEqual(['ChooseBranch', 'Probe', 'Register']);
    expect(path_(run)).toContain('ChooseBranch->SubmitLoudnessJob:choice');
  });

  it('of a failed then redriven run: two attempts; the redrive resumes the failed state and keeps the earlier results', () => {
    const attempts = executionAttempts(fixture('redriven-stitch').events, graph);

    expect(attempts.map((attempt) => [attempt.label, attempt.status])).toEqual([
      ['Original run', 'FAILED'],
      ['Redrive 1', 'SUCCEEDED'],
    ]);
    const [original, redrive] = attempts;
    expect(withOutcome(original, 'failed')).toEqual(['SubmitStitchJob']);
    expect(original.states.CompleteTranscode.outcome).toBe('not-entered');
    expect(withOutcome(redrive, 'succeeded')).toEqual(['ChooseBranch', 'CompleteTranscode', 'Probe', 'Register', 'SubmitStitchJob']);
    expect(redrive.states.Register.carried).toBe(true);
    expect(redrive.states.SubmitStitchJob.carried).toBe(false);
    expect(redrive.states.CompleteTranscode.carried).toBe(false);
    expect(path_(redrive, false)).toEqual(['SubmitStitchJob->CompleteTranscode:next', 'CompleteTranscode->End:end']);
    expect(path_(redrive, true)).toEqual(path_(original));
    expect(redrive.startDate).toBe(fixture('redriven-stitch').execution.redriveDate);
    expect(original.eventIds.length + redrive.eventIds.length).toBe(fixture('redriven-stitch').events.length);
  });

  it('of a redrive still running: the resumed state is in progress again', () => {
    const events = fixture('redriven-stitch').events;
    const redriven = events.findIndex((event) => event.type === 'ExecutionRedriven');

    const attempts = executionAttempts(events.slice(0, redriven + 2), graph);

    expect(attempts[1]).toMatchObject({ status: 'RUNNING' });
    expect(withOutcome(attempts[1], 'in-progress')).toEqual(['SubmitStitchJob']);
  });

  it('reads events in either order', () => {
    const events = fixture('redriven-stitch').events;

    expect(executionAttempts([...events].reverse(), graph)).toEqual(executionAttempts(events, graph));
  });

  it('of no events yet: one running attempt where nothing was entered', () => {
    const [run] = executionAttempts([], graph);

    expect(run.status).toBe('RUNNING');
    expect(withOutcome(run, 'not-entered')).toHaveLength(Object.keys(run.states).length);
  });
});

describe('historyRows', () => {
  it('gives each event its state, its duration, and its error, cause, input and output', () => {
    const events = fixture('failed-stitch').events;

    const rows = historyRows(events);

    expect(rows.map((row) => row.id)).toEqual(events.map((event) => event.id));
    const started = rows[0];
    expect(started).toMatchObject({ type: 'ExecutionStarted', state: '' });
    expect(started.durationMs).toBeUndefined();
    expect(JSON.parse(started.input ?? '')).toHaveProperty('detail');
    const failed = rows.find((row) => row.type === 'TaskFailed');
    expect(failed).toMatchObject({ state: 'SubmitStitchJob', error: 'MediaConvert.1404', durationMs: 20000 });
    expect(failed?.cause).toMatch(/post-roll/);
    const exited = rows.find((row) => row.type === 'TaskStateExited' && row.state === 'Probe');
    expect(exited?.durationMs).toBe(4000); // entered 4 s before
    expect(JSON.parse(exited?.output ?? '')).toHaveProperty('probe');
    expect(rows.find((row) => row.type === 'TaskScheduled')?.input).toContain('register');
    expect(rows.at(-1)).toMatchObject({ type: 'ExecutionFailed', state: '', error: 'MediaConvert.1404' });
  });

  it('gives the events after a redrive the state they resume', () => {
    const rows = historyRows(fixture('redriven-stitch').events);
    const redriven = rows.findIndex((row) => row.type === 'ExecutionRedriven');

    expect(rows[redriven].state).toBe('');
    expect(rows[redriven + 1]).toMatchObject({ type: 'TaskScheduled', state: 'SubmitStitchJob', durationMs: 1000 });
  });
});

describe('executionAttempts on histories recorded from the local cloud (record-histories.ts)', () => {
  it('finds the failed job state of a failed run, and nothing after it entered', () => {
    const [run] = executionAttempts(fixture('recorded-failed').events, graph);

    expect(run.status).toBe('FAILED');
    expect(withOutcome(run, 'failed')).toEqual(['SubmitDashJob']);
    expect(withOutcome(run, 'succeeded')).toEqual(['ChooseBranch', 'Probe', 'Register']);
    expect(run.states.SubmitDashJob.cause).toMatch(/post-roll/);
  });

  it('splits a redriven run at ExecutionRedriven, the redrive resuming the failed state', () => {
    const recorded = fixture('recorded-redriven');

    const attempts = executionAttempts(recorded.events, graph);

    expect(attempts.map((attempt) => attempt.status)).toEqual(['FAILED', 'SUCCEEDED']);
    expect(attempts).toHaveLength(Number(recorded.execution.redriveCount) + 1);
    expect(path_(attempts[1], false)).toEqual(['SubmitDashJob->CompleteTranscode:next', 'CompleteTranscode->End:end']);
    expect(withOutcome(attempts[1], 'succeeded')).toEqual(['ChooseBranch', 'CompleteTranscode', 'Probe', 'Register', 'SubmitDashJob']);
    expect(attempts[1].startDate).toBe(recorded.execution.redriveDate);
  });

  it('sees the NotMedia error caught by Probe and the run ending in Rejected', () => {
    const [run] = executionAttempts(fixture('recorded-caught').events, graph);

    expect(run.states.Probe).toMatchObject({ outcome: 'caught', error: 'NotMedia' });
    expect(path_(run)).toEqual(['Start->Register:next', 'Register->Probe:next', 'Probe->Rejected:catch', 'Rejected->End:end']);
  });
});

describe('executionAttempts with a Parallel state', () => {
  const parallel = graphFromDefinition({
    StartAt: 'Both',
    States: {
      Both: {
        Type: 'Parallel',
        Branches: [{ StartAt: 'Inner', States: { Inner: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } }],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Broken' }],
        End: true,
      },
      Broken: { Type: 'Fail', Error: 'Broken' },
    },
  });
  let id = 0;
  const event = (type: string, details: Record<string, unknown> = {}): HistoryEventJson => {
    id += 1;
    return { id, previousEventId: id - 1, type, timestamp: new Date(Date.UTC(2026, 11, 3, 14, 0, id)).toISOString(), ...details };
  };
  const entered = (name: string, type = 'Task') => event(`${type}StateEntered`, { stateEnteredEventDetails: { name, input: '{}' } });
  const exited = (name: string, type = 'Task') => event(`${type}StateExited`, { stateExitedEventDetails: { name, output: '{}' } });

  it('treats the branch states as the inside of the one node, and a branch failure caught as the Parallel state caught', () => {
    id = 0;
    const events = [
      event('ExecutionStarted', { executionStartedEventDetails: { input: '{}' } }),
      entered('Both', 'Parallel'),
      event('ParallelStateStarted'),
      entered('Inner'),
      event('TaskScheduled'),
      event('TaskFailed', { taskFailedEventDetails: { error: 'Boom', cause: 'inner task failed' } }),
      event('ParallelStateFailed', { parallelStateFailedEventDetails: { error: 'Boom', cause: 'inner task failed' } }),
      exited('Both', 'Parallel'),
      entered('Broken', 'Fail'),
      event('ExecutionFailed', { executionFailedEventDetails: { error: 'Broken' } }),
    ];

    const [run] = executionAttempts(events, parallel);

    expect(Object.keys(run.states).sort()).toEqual(['Both', 'Broken']);
    expect(run.states.Both).toMatchObject({ outcome: 'caught', error: 'Boom' });
    expect(run.states.Broken).toMatchObject({ outcome: 'failed', error: 'Broken' });
    expect(path_(run)).toEqual(['Start->Both:next', 'Both->Broken:catch']);
  });
});

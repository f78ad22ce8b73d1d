import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeRule, END, graphFromDefinition, START } from '../../../console/web/execution/graph-model';

const PIPELINE = fs.readFileSync(path.resolve(__dirname, '../../../state-machines/pipeline.asl.json'), 'utf8');

describe('graphFromDefinition on the pipeline state machine', () => {
  const graph = graphFromDefinition(PIPELINE);
  const edgesFrom = (from: string) => graph.edges.filter((edge) => edge.from === from);

  it('has one node per state, plus Start and End, each with its type', () => {
    const states = Object.entries((JSON.parse(PIPELINE) as { States: Record<string, { Type: string }> }).States);

    expect(graph.nodes.map((node) => node.id).sort()).toEqual([START, END, ...states.map(([name]) => name)].sort());
    for (const [name, state] of states) expect(graph.nodes.find((node) => node.id === name)).toEqual({ id: name, type: state.Type, label: name });
  });

  it('starts at Register', () => {
    expect(graph.startAt).toBe('Register');
    expect(edgesFrom(START)).toEqual([{ from: START, to: 'Register', kind: 'next' }]);
  });

  it('labels each Choice rule readably and marks the Default', () => {
    expect(edgesFrom('ChooseBranch')).toEqual([
      { from: 'ChooseBranch', to: 'SubmitStitchJob', kind: 'choice', label: '$.origin == "ivs"' },
      { from: 'ChooseBranch', to: 'SubmitDashJob', kind: 'choice', label: '$.settings.branch is present and $.settings.branch == "dash"' },
      { from: 'ChooseBranch', to: 'SubmitLoudnessJob', kind: 'choice', label: '$.settings.branch is present and $.settings.branch == "loudness"' },
      { from: 'ChooseBranch', to: 'SubmitLoudnessJob', kind: 'choice', label: '$.probe.audioCount > 2' },
      {
        from: 'ChooseBranch',
        to: 'SubmitLoudnessJob',
        kind: 'choice',
        label: '$.source.key is present and $.source.key matches "${LoudnessKeyPattern}"',
      },
      { from: 'ChooseBranch', to: 'SubmitDashJob', kind: 'default', label: 'Default' },
    ]);
  });

  it('has a catch edge labelled with its errors for each Catch, besides the Next', () => {
    expect(edgesFrom('Register')).toEqual([
      { from: 'Register', to: 'Probe', kind: 'next' },
      { from: 'Register', to: 'Duplicate', kind: 'catch', label: 'DuplicateEvent' },
      { from: 'Register', to: 'AwaitsManifest', kind: 'catch', label: 'AwaitsManifest' },
    ]);
    for (const state of ['Probe', 'SubmitStitchJob', 'SubmitDashJob', 'SubmitLoudnessJob']) {
      expect(edgesFrom(state).filter((edge) => edge.kind === 'catch')).toEqual([
        { from: state, to: 'Rejected', kind: 'catch', label: 'NotMedia, NoAudio, InputRejected' },
      ]);
    }
  });

  it('ends the End states and the Succeed states at End', () => {
    const ends = graph.edges.filter((edge) => edge.kind === 'end').map((edge) => edge.from);

    expect(ends.sort()).toEqual(['AwaitsManifest', 'ClassifyLoudness', 'CompleteTranscode', 'Duplicate', 'Rejected']);
    expect(graph.edges.filter((edge) => edge.kind === 'end').every((edge) => edge.to === END)).toBe(true);
  });

  it('reads a parsed definition too', () => {
    expect(graphFromDefinition(JSON.parse(PIPELINE) as object)).toEqual(graph);
  });
});

describe('graphFromDefinition on other states', () => {
  it('handles Pass, Wait and Fail states, and Parallel as one node', () => {
    const graph = graphFromDefinition({
      StartAt: 'Prepare',
      States: {
        Prepare: { Type: 'Pass', Next: 'Pause' },
        Pause: { Type: 'Wait', Seconds: 5, Next: 'Both' },
        Both: { Type: 'Parallel', Branches: [], Next: 'Broken', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Broken' }] },
        Broken: { Type: 'Fail', Error: 'Broken' },
      },
    });

    expect(graph.nodes.map((node) => `${node.id}:${node.type}`)).toEqual([
      'Start:Start',
      'Prepare:Pass',
      'Pause:Wait',
      'Both:Parallel',
      'Broken:Fail',
      'End:End',
    ]);
    expect(graph.edges).toContainEqual({ from: 'Both', to: 'Broken', kind: 'catch', label: 'States.ALL' });
    expect(graph.edges).toContainEqual({ from: 'Broken', to: END, kind: 'end' });
  });

  it.each([
    [{ Variable: '$.n', NumericLessThanEqualsPath: '$.max' }, '$.n <= $.max'],
    [{ Variable: '$.ok', BooleanEquals: false }, '$.ok == false'],
    [{ Not: { Variable: '$.x', IsNull: true } }, 'not $.x is null'],
    [
      {
        Or: [
          { Variable: '$.a', StringEquals: 'x' },
          {
            And: [
              { Variable: '$.b', IsPresent: false },
              { Variable: '$.c', NumericEquals: 1 },
            ],
          },
        ],
      },
      '$.a == "x" or ($.b is not present and $.c == 1)',
    ],
    [{ Condition: '{% $states.input.n > 2 %}' }, '{% $states.input.n > 2 %}'],
  ])('describes the rule %j as %s', (rule, text) => {
    expect(describeRule(rule)).toBe(text);
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['without StartAt', '{"States":{}}', /no StartAt/],
    ['starting at an unknown state', '{"StartAt":"A","States":{"B":{"Type":"Succeed"}}}', /"A", which is not one of its States/],
    ['going to an unknown state', '{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"C"}}}', /State "A" goes to "C"/],
  ])('rejects a definition %s with a clear error', (_case, definition, message) => {
    expect(() => graphFromDefinition(definition)).toThrow(message);
  });
});

/**
 * The state machine definition: valid ASL, and the rules of design.md §3 made checkable.
 */
import * as fs from 'node:fs';
import validate from 'asl-validator';
import {
  DEFAULT_SETTINGS,
  FUNCTIONS,
  STATE_MACHINE_DEFINITION,
  definitionSubstitutions,
  resolveSettings,
  substituteDefinition,
  type FunctionName,
} from '../../infra/wiring';
import { REJECTION_ERRORS } from '../../functions/shared/errors';

interface State {
  Type: string;
  Resource?: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: ChoiceRule[];
  Retry?: { ErrorEquals: string[]; JitterStrategy?: string; BackoffRate?: number; MaxAttempts?: number }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  TimeoutSeconds?: number;
  HeartbeatSeconds?: number;
  Parameters?: Record<string, unknown>;
}
interface ChoiceRule {
  Variable?: string;
  And?: ChoiceRule[];
  Next?: string;
  [operator: string]: unknown;
}
interface Definition {
  QueryLanguage?: string;
  StartAt: string;
  States: Record<string, State>;
}

const raw = fs.readFileSync(STATE_MACHINE_DEFINITION, 'utf8');
const arns = Object.fromEntries(Object.keys(FUNCTIONS).map((name) => [name, `arn:aws:lambda:us-east-1:111122223333:function:vod-${name}`])) as Record<
  FunctionName,
  string
>;
const substituted = (settings = DEFAULT_SETTINGS): Definition =>
  JSON.parse(substituteDefinition(raw, definitionSubstitutions(arns, { assetTable: 'vod-assets' }, settings)));
const definition = substituted();
const states = Object.entries(definition.States);

/** Follows JSONPath `$.a.b` in a plain object. */
function read(data: unknown, path: string): unknown {
  return path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], data);
}

/** Evaluates the Choice operators this definition uses; an unknown operator fails the test. */
function matches(rule: ChoiceRule, data: unknown): boolean {
  if (rule.And) return rule.And.every((inner) => matches(inner, data));
  const value = read(data, rule.Variable!);
  if ('IsPresent' in rule) return (value !== undefined) === rule.IsPresent;
  if ('StringEquals' in rule) return value === rule.StringEquals;
  if ('NumericGreaterThan' in rule) return typeof value === 'number' && value > (rule.NumericGreaterThan as number);
  if ('StringMatches' in rule) {
    const pattern = String(rule.StringMatches)
      .split(/(?<!\\)\*/)
      .map((part) => part.replace(/\\([*\\])/g, '$1').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    return typeof value === 'string' && new RegExp(`^${pattern}$`).test(value);
  }
  throw new Error(`Choice operator not covered by this test: ${JSON.stringify(rule)}`);
}

/** The states a successful execution enters for this data, in order. */
function happyPath(data: unknown, def = definition): string[] {
  const path: string[] = [];
  let name: string | undefined = def.StartAt;
  while (name) {
    path.push(name);
    const state: State = def.States[name];
    if (state.Type === 'Choice') {
      name = state.Choices!.find((rule) => matches(rule, data))?.Next ?? state.Default;
    } else {
      name = state.End ? undefined : state.Next;
    }
  }
  return path;
}

describe('state machine definition', () => {
  it('is valid ASL before and after substitution', () => {
    expect(validate(JSON.parse(raw))).toMatchObject({ isValid: true, errors: [] });
    expect(validate(structuredClone(definition))).toMatchObject({ isValid: true, errors: [] });
  });

  it('is authored in JSONPath, without JSONata or variables', () => {
    expect(definition.QueryLanguage).toBe('JSONPath');
    expect(raw).not.toMatch(/"Assign"|"Arguments"|"Output"|\{%/);
  });

  it('leaves no substitution unresolved, and fails loudly on an unknown one', () => {
    expect(JSON.stringify(definition)).not.toMatch(/\$\{/);
    expect(() => substituteDefinition('{"a":"${Nope}"}', {})).toThrow(/no substitution for \$\{Nope\}/);
  });

  it('invokes only functions of the wiring', () => {
    const invoked = states.map(([, state]) => state.Parameters?.FunctionName).filter((name): name is string => typeof name === 'string');
    expect(invoked.length).toBeGreaterThan(0);
    for (const arn of invoked) expect(Object.values(arns)).toContain(arn);
  });

  it.each([
    ['an IVS recording', { origin: 'ivs', source: { bucket: 'r', prefix: 'ivs/v1/x' }, probe: { audioCount: 1 } }, 'SubmitStitchJob'],
    ['an upload with 8 audio tracks', { origin: 'upload', source: { key: 'uploads/a.mov' }, probe: { audioCount: 8 } }, 'SubmitLoudnessJob'],
    ['an upload under mezzanine/', { origin: 'upload', source: { key: 'mezzanine/a b.mxf' }, probe: { audioCount: 2 } }, 'SubmitLoudnessJob'],
    ['a stereo upload', { origin: 'upload', source: { key: 'uploads/a.mp4' }, probe: { audioCount: 1 } }, 'SubmitDashJob'],
    ['an upload with no audio', { origin: 'upload', source: { key: 'uploads/a.mp4' }, probe: { audioCount: 0 } }, 'SubmitDashJob'],
  ])('sends %s to %s', (_what, data, expected) => {
    expect(happyPath(data)).toContain(expected);
  });

  it('takes the loudness prefix from the settings, literally', () => {
    const custom = substituted(resolveSettings({ loudnessPrefix: 'masters*/' }));
    const data = (key: string) => ({ origin: 'upload', source: { key }, probe: { audioCount: 2 } });

    expect(happyPath(data('masters*/a.mxf'), custom)).toContain('SubmitLoudnessJob');
    expect(happyPath(data('mastersX/a.mxf'), custom)).toContain('SubmitDashJob');
  });

  it('has five state transitions on each happy path', () => {
    const stitch = happyPath({ origin: 'ivs', probe: { audioCount: 1 }, source: {} });
    const dash = happyPath({ origin: 'upload', source: { key: 'uploads/a.mp4' }, probe: { audioCount: 2 } });
    const loudness = happyPath({ origin: 'upload', source: { key: 'mezzanine/a.mxf' }, probe: { audioCount: 8 } });

    expect(stitch).toEqual(['Register', 'Probe', 'ChooseBranch', 'SubmitStitchJob', 'CompleteTranscode']);
    expect(dash).toEqual(['Register', 'Probe', 'ChooseBranch', 'SubmitDashJob', 'CompleteTranscode']);
    expect(loudness).toEqual(['Register', 'Probe', 'ChooseBranch', 'SubmitLoudnessJob', 'ClassifyLoudness']);
  });

  it('has no display-only Pass states and no Fail state a redrive would land on', () => {
    const types = states.map(([, state]) => state.Type);
    expect(types).not.toContain('Pass');
    expect(types).not.toContain('Fail');
  });

  it('catches only duplicates and permanent input errors, never infrastructure failures', () => {
    const caught = states.flatMap(([, state]) => state.Catch ?? []).flatMap((c) => c.ErrorEquals);
    expect(new Set(caught)).toEqual(new Set(['DuplicateEvent', 'AwaitsManifest', ...REJECTION_ERRORS]));
    for (const [, state] of states) {
      for (const c of state.Catch ?? []) expect(definition.States[c.Next].Type).toBe('Succeed');
    }
  });

  it('retries throttling and Lambda service errors on every task, with backoff and jitter', () => {
    const tasks = states.filter(([, state]) => state.Type === 'Task');
    expect(tasks).toHaveLength(7);
    for (const [name, state] of tasks) {
      const retried = (state.Retry ?? []).flatMap((r) => r.ErrorEquals);
      const expected = state.Resource!.includes(':dynamodb:')
        ? ['DynamoDB.ThrottlingException', 'DynamoDB.ProvisionedThroughputExceededException']
        : ['Lambda.TooManyRequestsException', 'Lambda.ServiceException', 'TooManyRequestsException'];
      expect({ name, retried }).toEqual({ name, retried: expect.arrayContaining(expected) });
      for (const retry of state.Retry!) {
        expect(retry).toMatchObject({ JitterStrategy: 'FULL', BackoffRate: expect.any(Number) });
        expect(retry.BackoffRate).toBeGreaterThan(1);
      }
      expect(state.Retry!.flatMap((r) => r.ErrorEquals)).not.toContain('States.ALL');
    }
  });

  it('waits on MediaConvert with task tokens, each with a timeout and a heartbeat', () => {
    const callbacks = states.filter(([, state]) => state.Resource?.endsWith('.waitForTaskToken'));
    expect(callbacks.map(([name]) => name).sort()).toEqual(['SubmitDashJob', 'SubmitLoudnessJob', 'SubmitStitchJob']);
    for (const [, state] of callbacks) {
      expect(state.TimeoutSeconds).toBeGreaterThan(0);
      expect(state.HeartbeatSeconds).toBeGreaterThan(0);
      expect(state.HeartbeatSeconds).toBeLessThan(state.TimeoutSeconds!);
      expect(JSON.stringify(state.Parameters)).toContain('"taskToken.$":"$$.Task.Token"');
    }
  });

  it('reaches every state', () => {
    const reachable = new Set<string>();
    const visit = (name: string) => {
      if (reachable.has(name)) return;
      reachable.add(name);
      const state = definition.States[name];
      [state.Next, state.Default, ...(state.Choices ?? []).map((c) => c.Next), ...(state.Catch ?? []).map((c) => c.Next)]
        .filter((next): next is string => typeof next === 'string')
        .forEach(visit);
    };
    visit(definition.StartAt);
    expect([...reachable].sort()).toEqual(Object.keys(definition.States).sort());
  });
});

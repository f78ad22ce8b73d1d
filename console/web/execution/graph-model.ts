/**
 * The graph of a state machine, from its Amazon States Language definition: one node per state plus
 * Start and End, and one edge per transition (Next, each Choice rule, Default, each Catch, End).
 * Pure: no DOM, so the console's pages and the unit tests share it.
 */

export const START = 'Start';
export const END = 'End';

export type NodeType = 'Start' | 'End' | 'Task' | 'Choice' | 'Pass' | 'Succeed' | 'Fail' | 'Wait' | 'Parallel' | 'Map';

export interface GraphNode {
  /** The state's name (unique in a definition), or `Start` / `End`. */
  id: string;
  type: NodeType;
  label: string;
}

export type EdgeKind = 'next' | 'choice' | 'default' | 'catch' | 'end';

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** The Choice rule (`$.origin == "ivs"`), `Default`, or the caught errors; absent for plain transitions. */
  label?: string;
}

export interface StateGraph {
  startAt: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The parts of an ASL state this module reads. */
interface AslState {
  Type: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: AslRule[];
  Catch?: { ErrorEquals?: string[]; Next: string }[];
}

type AslRule = Record<string, unknown>;

const STATE_TYPES = new Set<NodeType>(['Task', 'Choice', 'Pass', 'Succeed', 'Fail', 'Wait', 'Parallel', 'Map']);

/** A definition as the DescribeStateMachine output has it (a string) or already parsed. */
export function graphFromDefinition(definition: string | object): StateGraph {
  const parsed = typeof definition === 'string' ? parseDefinition(definition) : definition;
  const { StartAt: startAt, States: states } = parsed as { StartAt?: unknown; States?: unknown };
  if (typeof startAt !== 'string' || !states || typeof states !== 'object') {
    throw new Error('The state machine definition has no StartAt or no States: is this an Amazon States Language definition?');
  }
  const entries = Object.entries(states as Record<string, AslState>);
  const names = new Set(entries.map(([name]) => name));
  if (!names.has(startAt)) throw new Error(`The definition starts at "${startAt}", which is not one of its States.`);

  const nodes: GraphNode[] = [{ id: START, type: 'Start', label: 'Start' }];
  const edges: GraphEdge[] = [{ from: START, to: startAt, kind: 'next' }];
  for (const [name, state] of entries) {
    const type = STATE_TYPES.has(state.Type as NodeType) ? (state.Type as NodeType) : 'Task';
    nodes.push({ id: name, type, label: name });
    edges.push(...stateEdges(name, state));
  }
  nodes.push({ id: END, type: 'End', label: 'End' });
  for (const edge of edges) {
    if (edge.to !== END && !names.has(edge.to))
      throw new Error(`State "${edge.from}" goes to "${edge.to}", which is not one of the definition's States.`);
  }
  return { startAt, nodes, edges };
}

function parseDefinition(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`The state machine definition is not JSON (${(error as Error).message}).`);
  }
}

function stateEdges(name: string, state: AslState): GraphEdge[] {
  const edges: GraphEdge[] = [];
  if (state.Type === 'Choice') {
    for (const rule of state.Choices ?? []) {
      if (typeof rule.Next === 'string') edges.push({ from: name, to: rule.Next, kind: 'choice', label: describeRule(rule) });
    }
    if (state.Default) edges.push({ from: name, to: state.Default, kind: 'default', label: 'Default' });
  } else if (state.Type === 'Succeed' || state.Type === 'Fail' || state.End === true) {
    edges.push({ from: name, to: END, kind: 'end' });
  } else if (state.Next) {
    edges.push({ from: name, to: state.Next, kind: 'next' });
  }
  for (const handler of state.Catch ?? []) {
    edges.push({ from: name, to: handler.Next, kind: 'catch', label: (handler.ErrorEquals ?? []).join(', ') });
  }
  return edges;
}

/** Comparison operators by ASL name (without the `Path` suffix, which compares with another path). */
const OPERATORS: Record<string, string> = {
  StringEquals: '==',
  StringLessThan: '<',
  StringGreaterThan: '>',
  StringLessThanEquals: '<=',
  StringGreaterThanEquals: '>=',
  NumericEquals: '==',
  NumericLessThan: '<',
  NumericGreaterThan: '>',
  NumericLessThanEquals: '<=',
  NumericGreaterThanEquals: '>=',
  BooleanEquals: '==',
  TimestampEquals: '==',
  TimestampLessThan: '<',
  TimestampGreaterThan: '>',
  TimestampLessThanEquals: '<=',
  TimestampGreaterThanEquals: '>=',
};

const TYPE_TESTS: Record<string, string> = {
  IsPresent: 'present',
  IsNull: 'null',
  IsString: 'a string',
  IsNumeric: 'numeric',
  IsBoolean: 'a boolean',
  IsTimestamp: 'a timestamp',
};

/** A Choice rule as people read it: `$.origin == "ivs"`, `$.key is present and $.key matches "loudness/*"`. */
export function describeRule(rule: AslRule): string {
  if (typeof rule.Condition === 'string') return rule.Condition; // JSONata: the expression is its own best description
  if (Array.isArray(rule.And)) return (rule.And as AslRule[]).map((inner) => group(inner)).join(' and ');
  if (Array.isArray(rule.Or)) return (rule.Or as AslRule[]).map((inner) => group(inner)).join(' or ');
  if (rule.Not && typeof rule.Not === 'object') return `not ${group(rule.Not as AslRule)}`;
  const variable = String(rule.Variable ?? '?');
  for (const [key, value] of Object.entries(rule)) {
    if (key === 'Variable' || key === 'Next' || key === 'Comment') continue;
    if (key in TYPE_TESTS) return `${variable} is ${value === false ? 'not ' : ''}${TYPE_TESTS[key]}`;
    if (key === 'StringMatches') return `${variable} matches ${JSON.stringify(value)}`;
    const isPath = key.endsWith('Path');
    const operator = OPERATORS[isPath ? key.slice(0, -'Path'.length) : key];
    if (operator) return `${variable} ${operator} ${isPath ? String(value) : JSON.stringify(value)}`;
  }
  return variable;
}

function group(rule: AslRule): string {
  const text = describeRule(rule);
  return Array.isArray(rule.And) || Array.isArray(rule.Or) ? `(${text})` : text;
}

/**
 * EventBridge event patterns: validation and matching, as the EventBridge documentation describes
 * them ("Amazon EventBridge event patterns", "Content filtering", "Arrays", "Null values and empty
 * strings"). Pure: the local bus compiles each rule's pattern once (refusing malformed ones) and
 * matches every event against it.
 *
 * Semantics:
 * - A pattern field is a list of alternatives (OR); the fields of an object are all required (AND);
 *   `$or: [{...}, {...}]` at any level is an OR of sub-patterns.
 * - A field the event lacks matches nothing, except `{ "exists": false }`. `anything-but` needs a value.
 * - An array in the event matches if any of its elements does (nested arrays are flattened); a
 *   sub-pattern is matched against each object element on its own, so two fields never combine
 *   values from different elements.
 * - `exists` looks at leaves only: a field whose value is an object (or an empty array) does not
 *   exist; `null` does. `exists: false` holds when no leaf is found at that path anywhere in the event.
 * - Strings match character by character; numbers as numbers (the event is parsed JSON, so `300`
 *   and `3.0e2` are the same value); numeric operators apply to JSON numbers only, within ±5e9.
 */
import type { EventPattern } from '../../infra/wiring';
import { cidrContains, parseCidr } from './pattern-cidr';
import { matchesWildcard, parseWildcard, type Wildcard } from './pattern-wildcard';

export type { EventPattern };

type IgnoreCase = { 'equals-ignore-case': string };
type OneOrMore<T> = T | T[];

/** The operator objects a pattern field may list, beside plain strings, numbers, booleans and null. */
export type MatchExpression =
  | { prefix: string | IgnoreCase }
  | { suffix: string | IgnoreCase }
  | { 'equals-ignore-case': string }
  | { wildcard: string }
  | {
      'anything-but':
        | OneOrMore<string>
        | OneOrMore<number>
        | { prefix: OneOrMore<string> }
        | { suffix: OneOrMore<string> }
        | { wildcard: OneOrMore<string> }
        | { 'equals-ignore-case': OneOrMore<string> };
    }
  /** `['>', 0, '<=', 5]`, `['=', 3.018e2]`, `['<', 10]`: a lower bound comes before an upper bound. */
  | { numeric: (string | number)[] }
  | { exists: boolean }
  | { cidr: string };

export type MatchValue = string | number | boolean | null | MatchExpression;

export const OPERATORS = ['prefix', 'suffix', 'equals-ignore-case', 'wildcard', 'anything-but', 'numeric', 'exists', 'cidr'] as const;

/** Refusal of a malformed pattern, named and worded as EventBridge's PutRule refusal. */
export class InvalidEventPatternException extends Error {
  override readonly name = 'InvalidEventPatternException';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Event pattern is not valid. Reason: ${problems.join('; ')}. Fix the pattern and create the rule again.`);
    this.problems = problems;
  }
}

/** A matcher compiled from a valid pattern. */
export type CompiledPattern = (event: unknown) => boolean;

/** The problems of a pattern, each naming the field; empty when the pattern is valid. */
export function validatePattern(pattern: unknown): string[] {
  return compile(pattern).problems;
}

export function assertValidPattern(pattern: unknown): asserts pattern is EventPattern {
  const { problems } = compile(pattern);
  if (problems.length > 0) throw new InvalidEventPatternException(problems);
}

/** Validates once and returns a matcher; throws InvalidEventPatternException for a malformed pattern. */
export function compilePattern(pattern: unknown): CompiledPattern {
  const { node, problems } = compile(pattern);
  if (problems.length > 0) throw new InvalidEventPatternException(problems);
  return (event) => matchNode(node, isObject(event) ? event : undefined, event);
}

/** Whether the event matches; a malformed pattern throws rather than silently never matching. */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return compilePattern(pattern)(event);
}

// ---------------------------------------------------------------------------------------------
// Compiled form

type Leaf = string | number | boolean | null;
type Json = Record<string, unknown>;
type ValueTest = (value: Leaf) => boolean;

interface FieldCondition {
  kind: 'field';
  key: string;
  /** From the event root ($or adds no step): `exists: false` looks for the field anywhere. */
  path: readonly string[];
  tests: ValueTest[];
  existsTrue: boolean;
  existsFalse: boolean;
}

interface ObjectCondition {
  kind: 'object';
  key: string;
  node: PatternNode;
}

interface PatternNode {
  conditions: (FieldCondition | ObjectCondition)[];
  /** Each entry is one `$or`: at least one of its branches must match. */
  ors: PatternNode[][];
}

// ---------------------------------------------------------------------------------------------
// Matching

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLeaf(value: unknown): value is Leaf {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function field(object: Json | undefined, key: string): unknown {
  // Own properties only: a pattern field named `constructor` must not find Object's.
  return object !== undefined && Object.hasOwn(object, key) ? object[key] : undefined;
}

function flatten(value: unknown): unknown[] {
  return Array.isArray(value) ? value.flatMap(flatten) : [value];
}

function leavesOf(value: unknown): Leaf[] {
  return value === undefined ? [] : flatten(value).filter(isLeaf);
}

function leavesAt(root: unknown, path: readonly string[]): Leaf[] {
  let values: unknown[] = [root];
  for (const key of path) {
    values = values
      .flatMap(flatten)
      .filter(isObject)
      .filter((object) => Object.hasOwn(object, key))
      .map((object) => object[key]);
  }
  return values.flatMap(leavesOf);
}

/** The objects a sub-pattern is matched against: each object element of an array, or none (`undefined`). */
function candidates(value: unknown): (Json | undefined)[] {
  const elements = flatten(value).map((element) => (isObject(element) ? element : undefined));
  return elements.length > 0 ? elements : [undefined];
}

function matchNode(node: PatternNode, object: Json | undefined, root: unknown): boolean {
  return (
    node.conditions.every((condition) => matchCondition(condition, object, root)) &&
    node.ors.every((branches) => branches.some((branch) => matchNode(branch, object, root)))
  );
}

function matchCondition(condition: FieldCondition | ObjectCondition, object: Json | undefined, root: unknown): boolean {
  const value = field(object, condition.key);
  if (condition.kind === 'object') {
    return candidates(value).some((candidate) => matchNode(condition.node, candidate, root));
  }
  const leaves = leavesOf(value);
  if (condition.existsTrue && leaves.length > 0) return true;
  if (condition.existsFalse && leavesAt(root, condition.path).length === 0) return true;
  return leaves.some((leaf) => condition.tests.some((test) => test(leaf)));
}

// ---------------------------------------------------------------------------------------------
// Compiling (and validating)

/** Numeric operators compare within this range, as EventBridge does, to six decimal places. */
const NUMERIC_LIMIT = 5e9;
const LOWER_BOUNDS = ['>', '>='];
const UPPER_BOUNDS = ['<', '<='];

const lower = (text: string) => text.toLowerCase();
const AFFIX = {
  prefix: (value: string, affix: string) => value.startsWith(affix),
  suffix: (value: string, affix: string) => value.endsWith(affix),
};
const isString = (value: Leaf): value is string => typeof value === 'string';

interface Compiler {
  problems: string[];
}

function compile(pattern: unknown): { node: PatternNode; problems: string[] } {
  const compiler: Compiler = { problems: [] };
  if (!isObject(pattern)) {
    compiler.problems.push(`the pattern must be a JSON object, not ${describe(pattern)}`);
    return { node: { conditions: [], ors: [] }, problems: compiler.problems };
  }
  const node = compileObject(compiler, pattern, [], '', false);
  return { node, problems: compiler.problems };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function join(where: string, key: string): string {
  return where === '' ? key : `${where}.${key}`;
}

function compileObject(compiler: Compiler, pattern: Json, path: string[], where: string, insideOr: boolean): PatternNode {
  const node: PatternNode = { conditions: [], ors: [] };
  const entries = Object.entries(pattern);
  if (entries.length === 0) {
    compiler.problems.push(`${where || 'the pattern'}: empty objects are not allowed`);
  }
  for (const [key, value] of entries) {
    const at = join(where, key);
    if (key === '$or') {
      node.ors.push(compileOr(compiler, value, path, at));
      continue;
    }
    if (insideOr && (OPERATORS as readonly string[]).includes(key)) {
      compiler.problems.push(`${at}: "${key}" is an operator and cannot be a field name inside $or`);
      continue;
    }
    if (Array.isArray(value)) {
      node.conditions.push(compileField(compiler, value, [...path, key], at));
    } else if (isObject(value)) {
      node.conditions.push({ kind: 'object', key, node: compileObject(compiler, value, [...path, key], at, insideOr) });
    } else {
      compiler.problems.push(`${at}: must be an object or an array of values to match, not ${describe(value)}`);
    }
  }
  return node;
}

function compileOr(compiler: Compiler, value: unknown, path: string[], at: string): PatternNode[] {
  if (!Array.isArray(value) || value.length < 2 || !value.every(isObject)) {
    compiler.problems.push(`${at}: $or must be an array of at least 2 objects, not ${describe(value)}`);
    return [];
  }
  return value.map((branch, i) => compileObject(compiler, branch, path, `${at}[${i}]`, true));
}

function compileField(compiler: Compiler, values: unknown[], path: string[], at: string): FieldCondition {
  const condition: FieldCondition = {
    kind: 'field',
    key: path[path.length - 1],
    path,
    tests: [],
    existsTrue: false,
    existsFalse: false,
  };
  if (values.length === 0) compiler.problems.push(`${at}: empty arrays are not allowed`);
  values.forEach((value, i) => {
    const here = `${at}[${i}]`;
    if (typeof value === 'string' || typeof value === 'boolean' || value === null) {
      condition.tests.push((leaf) => leaf === value);
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) compiler.problems.push(`${here}: ${value} is not a JSON number`);
      condition.tests.push((leaf) => leaf === value);
    } else if (isObject(value)) {
      const compiled = compileExpression(compiler, value, here);
      if (compiled === 'exists:true') condition.existsTrue = true;
      else if (compiled === 'exists:false') condition.existsFalse = true;
      else if (compiled) condition.tests.push(compiled);
    } else {
      compiler.problems.push(`${here}: values to match must be strings, numbers, true, false, null or an operator object, not ${describe(value)}`);
    }
  });
  return condition;
}

type Compiled = ValueTest | 'exists:true' | 'exists:false' | undefined;

function compileExpression(compiler: Compiler, expression: Json, at: string): Compiled {
  const keys = Object.keys(expression);
  if (keys.length !== 1) {
    compiler.problems.push(`${at}: an operator object must have exactly one key, not ${keys.length} (${keys.join(', ')})`);
    return undefined;
  }
  const operator = keys[0];
  const operand = expression[operator];
  const fail = (problem: string) => {
    compiler.problems.push(`${at} "${operator}": ${problem}`);
    return undefined;
  };
  switch (operator) {
    case 'prefix':
    case 'suffix': {
      const test = AFFIX[operator];
      if (typeof operand === 'string') return (leaf) => isString(leaf) && test(leaf, operand);
      const ignoreCase = ignoreCaseOperand(operand);
      if (ignoreCase !== undefined) {
        const affix = lower(ignoreCase);
        return (leaf) => isString(leaf) && test(lower(leaf), affix);
      }
      return fail(`expects a string or { "equals-ignore-case": string }, not ${describe(operand)}`);
    }
    case 'equals-ignore-case':
      if (typeof operand !== 'string') return fail(`expects a string, not ${describe(operand)}`);
      return (leaf) => isString(leaf) && lower(leaf) === lower(operand);
    case 'wildcard': {
      if (typeof operand !== 'string') return fail(`expects a string, not ${describe(operand)}`);
      const parsed = parseWildcard(operand);
      if (!parsed.ok) return fail(`pattern ${JSON.stringify(operand)}: ${parsed.problem}`);
      return (leaf) => isString(leaf) && matchesWildcard(parsed.wildcard, leaf);
    }
    case 'anything-but':
      return compileAnythingBut(operand, fail);
    case 'numeric':
      return compileNumeric(operand, fail);
    case 'exists':
      if (typeof operand !== 'boolean') return fail(`expects true or false, not ${describe(operand)}`);
      return operand ? 'exists:true' : 'exists:false';
    case 'cidr': {
      const block = typeof operand === 'string' ? parseCidr(operand) : undefined;
      if (!block) return fail(`expects an IPv4 or IPv6 CIDR block such as "10.0.0.0/24", not ${describe(operand)}`);
      return (leaf) => isString(leaf) && cidrContains(block, leaf);
    }
    default:
      return fail(`unknown operator (known operators: ${OPERATORS.join(', ')})`);
  }
}

function ignoreCaseOperand(operand: unknown): string | undefined {
  if (!isObject(operand)) return undefined;
  const keys = Object.keys(operand);
  const value = operand['equals-ignore-case'];
  return keys.length === 1 && typeof value === 'string' ? value : undefined;
}

const ANYTHING_BUT_FORMS = ['prefix', 'suffix', 'wildcard', 'equals-ignore-case'] as const;

function compileAnythingBut(operand: unknown, fail: (problem: string) => undefined): Compiled {
  const usage =
    'expects a string, a number, a list of only strings or only numbers, or one of ' +
    ANYTHING_BUT_FORMS.map((form) => `{ "${form}": ... }`).join(', ');
  if (typeof operand === 'string') return (leaf) => leaf !== operand;
  if (typeof operand === 'number') {
    if (!Number.isFinite(operand)) return fail(`${operand} is not a JSON number`);
    return (leaf) => leaf !== operand;
  }
  if (Array.isArray(operand)) {
    const strings = operand.every((value) => typeof value === 'string');
    const numbers = operand.every((value) => typeof value === 'number' && Number.isFinite(value));
    if (operand.length === 0 || !(strings || numbers)) return fail(`${usage}; got ${JSON.stringify(operand)}`);
    const excluded = new Set<unknown>(operand);
    return (leaf) => !excluded.has(leaf);
  }
  if (!isObject(operand) || Object.keys(operand).length !== 1) return fail(`${usage}; got ${describe(operand)}`);
  const form = Object.keys(operand)[0];
  if (!(ANYTHING_BUT_FORMS as readonly string[]).includes(form)) return fail(`${usage}; "${form}" is not one of them`);
  const inner = operand[form];
  const list = typeof inner === 'string' ? [inner] : inner;
  if (!Array.isArray(list) || list.length === 0 || !list.every((value) => typeof value === 'string')) {
    return fail(`{ "${form}": ... } expects a string or a non-empty list of strings, not ${describe(inner)}`);
  }
  switch (form) {
    case 'prefix':
    case 'suffix': {
      if (list.includes('')) return fail(`{ "${form}": ... } must not be empty`);
      const test = AFFIX[form];
      return (leaf) => !(isString(leaf) && list.some((affix) => test(leaf, affix)));
    }
    case 'equals-ignore-case': {
      const excluded = new Set(list.map(lower));
      return (leaf) => !(isString(leaf) && excluded.has(lower(leaf)));
    }
    case 'wildcard': {
      const wildcards: Wildcard[] = [];
      for (const text of list) {
        const parsed = parseWildcard(text);
        if (!parsed.ok) return fail(`{ "wildcard": ${JSON.stringify(text)} }: ${parsed.problem}`);
        wildcards.push(parsed.wildcard);
      }
      return (leaf) => !(isString(leaf) && wildcards.some((wildcard) => matchesWildcard(wildcard, leaf)));
    }
    default:
      return fail(`${usage}; "${form}" is not one of them`);
  }
}

function numericBound(value: unknown, operator: string, fail: (problem: string) => undefined): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fail(`the value after "${operator}" must be a number, not ${describe(value)}`);
  }
  if (Math.abs(value) > NUMERIC_LIMIT) {
    return fail(`${value} is outside the supported range -5e9 to 5e9`);
  }
  if (Number(value.toFixed(6)) !== value) {
    return fail(`${value} has more than 6 decimal places`);
  }
  return value;
}

function compare(operator: string, leaf: number, bound: number): boolean {
  switch (operator) {
    case '=':
      return leaf === bound;
    case '>':
      return leaf > bound;
    case '>=':
      return leaf >= bound;
    case '<':
      return leaf < bound;
    default:
      return leaf <= bound;
  }
}

function compileNumeric(operand: unknown, fail: (problem: string) => undefined): Compiled {
  const usage = 'expects [operator, number] or [">" or ">=", number, "<" or "<=", number]';
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) {
    return fail(`${usage}, not ${Array.isArray(operand) ? JSON.stringify(operand) : describe(operand)}`);
  }
  const [first, firstValue, second, secondValue] = operand as unknown[];
  if (typeof first !== 'string' || !['=', ...LOWER_BOUNDS, ...UPPER_BOUNDS].includes(first)) {
    return fail(`unknown comparison ${JSON.stringify(first)} (use =, <, <=, > or >=)`);
  }
  const firstBound = numericBound(firstValue, first, fail);
  if (firstBound === undefined) return undefined;
  const inRange = (leaf: Leaf): leaf is number => typeof leaf === 'number' && Math.abs(leaf) <= NUMERIC_LIMIT;
  if (operand.length === 2) return (leaf) => inRange(leaf) && compare(first, leaf, firstBound);

  if (!LOWER_BOUNDS.includes(first)) {
    return fail(`a range starts with its lower bound (">" or ">="), not ${JSON.stringify(first)}`);
  }
  if (typeof second !== 'string' || !UPPER_BOUNDS.includes(second)) {
    return fail(`a range ends with its upper bound ("<" or "<="), not ${JSON.stringify(second)}`);
  }
  const secondBound = numericBound(secondValue, second, fail);
  if (secondBound === undefined) return undefined;
  if (firstBound >= secondBound) {
    return fail(`the lower bound ${firstBound} must be less than the upper bound ${secondBound}`);
  }
  return (leaf) => inRange(leaf) && compare(first, leaf, firstBound) && compare(second, leaf, secondBound);
}

/**
 * State machine definitions: validation at CreateStateMachine, and their compilation into one small
 * library state machine per state. The executor drives transitions itself (so it can write history,
 * persist, time out and redrive at any state) and lets aws-local-stepfunctions run each state:
 * InputPath, Parameters, the Task call, ResultSelector, ResultPath, OutputPath, Retry and Catch.
 *
 * Each state's library definition is the state plus stub `Pass` states standing for its successors,
 * so the stub the library enters names the next state. The state itself is adapted to AWS semantics
 * the library lacks:
 * - Task timeouts: TimeoutSeconds/HeartbeatSeconds are enforced by the executor; the library's own
 *   Task timer (60 s when unset) is pushed to the longest Node timer.
 * - `States.Timeout` in Retry/Catch also matches `States.HeartbeatTimeout`, as on AWS.
 * - `ResultPath: "$"` means "replace the input" (the library nests the result under a `$` key).
 * - `$$.Execution.*`: the library overwrites Execution.Input and Execution.StartTime with the run's
 *   input and clock, so paths read the executor's execution context under another key.
 */
import { ServiceError } from '../protocol/json-rpc';
import { parseTaskResource, SUPPORTED_RESOURCES } from './integrations';
import { MAX_TIMER_SECONDS, StateMachine, validateDefinition, type LibraryDefinition } from './library';

export interface AslState {
  Type: string;
  [field: string]: unknown;
}

export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  TimeoutSeconds?: number;
  QueryLanguage?: string;
  Comment?: string;
}

/** The context key `$$.Execution` paths are rewritten to. */
export const EXECUTION_CONTEXT_KEY = 'ExecutionContext';

const NESTED_TYPES = new Set(['Parallel', 'Map']);

function invalid(message: string): never {
  throw new ServiceError('InvalidDefinition', `Invalid State Machine Definition: ${message}`);
}

/** Calls `visit` for every state, nested Parallel branches and Map processors included. */
export function forEachState(definition: Pick<AslDefinition, 'States'>, visit: (name: string, state: AslState) => void): void {
  for (const [name, state] of Object.entries(definition.States)) {
    visit(name, state);
    for (const branch of (state.Branches as AslDefinition[] | undefined) ?? []) forEachState(branch, visit);
    const processor = (state.ItemProcessor ?? state.Iterator) as AslDefinition | undefined;
    if (processor?.States) forEachState(processor, visit);
  }
}

/**
 * Definitions already validated, with the problem found (undefined when valid): the library's
 * validator compiles its JSON schemas on every call, which takes about half a second.
 */
const validated = new Map<string, string | undefined>();

/** Parses and validates a definition as CreateStateMachine does; InvalidDefinition otherwise. */
export function parseDefinition(text: unknown): AslDefinition {
  if (typeof text !== 'string') invalid('definition must be a JSON string');
  if (validated.has(text)) {
    const problem = validated.get(text);
    if (problem !== undefined) invalid(problem);
    return JSON.parse(text) as AslDefinition;
  }
  try {
    const definition = checkDefinition(text);
    validated.set(text, undefined);
    return definition;
  } catch (error) {
    if (error instanceof ServiceError) validated.set(text, error.message.replace('Invalid State Machine Definition: ', ''));
    throw error;
  }
}

function checkDefinition(text: string): AslDefinition {
  let definition: AslDefinition;
  try {
    definition = JSON.parse(text) as AslDefinition;
  } catch (error) {
    invalid(`not valid JSON (${(error as Error).message})`);
  }
  if (typeof definition !== 'object' || definition === null || typeof definition.States !== 'object') {
    invalid('a definition is an object with StartAt and States');
  }
  if (definition.QueryLanguage === 'JSONata') {
    invalid('the local executor runs JSONPath definitions only; set "QueryLanguage": "JSONPath"');
  }
  try {
    // The validator fills in QueryLanguage on every state: give it a copy.
    validateDefinition(structuredClone(definition) as unknown as LibraryDefinition);
  } catch (error) {
    invalid((error as Error).message.replace(/\s*\n\s*/g, ' '));
  }
  forEachState(definition, (name, state) => {
    if (state.QueryLanguage === 'JSONata') invalid(`state "${name}" uses JSONata; the local executor runs JSONPath only`);
    if (state.Type !== 'Task') return;
    if (!parseTaskResource(state.Resource)) {
      invalid(
        `state "${name}" calls ${String(state.Resource)}, which the local executor does not implement; it implements ${SUPPORTED_RESOURCES.join(', ')}`,
      );
    }
    for (const field of ['TimeoutSecondsPath', 'HeartbeatSecondsPath']) {
      if (field in state) invalid(`state "${name}" uses ${field}; the local executor supports fixed TimeoutSeconds and HeartbeatSeconds only`);
    }
  });
  return definition;
}

/** The Parallel and Map states of a definition (the executor redrives flat state machines only). */
export function nestedStates(definition: AslDefinition): string[] {
  return Object.entries(definition.States)
    .filter(([, state]) => NESTED_TYPES.has(state.Type))
    .map(([name]) => name);
}

const CONTEXT_PATH = /\$\$\.Execution(?![A-Za-z0-9_])/g;

/** Rewrites `$$.Execution` in every path-valued field (keys ending in `.$` or `Path`, and `Variable`). */
function rewriteContextPaths(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    const isPath = key.endsWith('.$') || key.endsWith('Path') || key === 'Variable';
    return isPath ? value.replace(CONTEXT_PATH, `$$$$.${EXECUTION_CONTEXT_KEY}`) : value;
  }
  if (Array.isArray(value)) return value.map((item) => rewriteContextPaths(item, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteContextPaths(v, k)]));
  }
  return value;
}

interface ErrorMatcher {
  ErrorEquals?: string[];
  ResultPath?: unknown;
  Next?: string;
}

function withHeartbeatTimeout(matcher: ErrorMatcher): void {
  const errors = matcher.ErrorEquals;
  if (errors?.includes('States.Timeout') && !errors.includes('States.HeartbeatTimeout')) errors.push('States.HeartbeatTimeout');
}

/** Adapts one state (and the states nested in it) to the library; see the module comment. */
function adaptState(state: AslState, taskTimerSeconds: number): AslState {
  if (state.Type === 'Task') {
    for (const field of ['TimeoutSeconds', 'TimeoutSecondsPath', 'HeartbeatSeconds', 'HeartbeatSecondsPath', 'Credentials']) {
      delete state[field];
    }
    state.TimeoutSeconds = taskTimerSeconds;
  }
  if (state.ResultPath === '$') delete state.ResultPath;
  for (const retrier of (state.Retry as ErrorMatcher[] | undefined) ?? []) withHeartbeatTimeout(retrier);
  for (const catcher of (state.Catch as ErrorMatcher[] | undefined) ?? []) {
    withHeartbeatTimeout(catcher);
    if (catcher.ResultPath === '$') delete catcher.ResultPath;
  }
  const nested = [
    ...((state.Branches as AslDefinition[] | undefined) ?? []),
    ...[state.ItemProcessor, state.Iterator].filter((processor): processor is AslDefinition => Boolean(processor)),
  ];
  for (const machine of nested) {
    for (const inner of Object.values(machine.States)) adaptState(inner, taskTimerSeconds);
  }
  return state;
}

/** One state compiled for the library: its run enters a stub named `STUB + next state` on a transition. */
export interface CompiledState {
  name: string;
  type: string;
  definition: AslState;
  machine: StateMachine;
}

const STUB = '\u0000next:';

/** The next state a stub name stands for, or undefined for any other state name. */
export function stubTarget(stateName: string): string | undefined {
  return stateName.startsWith(STUB) ? stateName.slice(STUB.length) : undefined;
}

/** A definition compiled lazily, state by state, shared by all executions that run it. */
export class CompiledDefinition {
  private readonly states = new Map<string, CompiledState>();
  /** Every Task state by name, nested ones included: the library looks handlers up by state name. */
  readonly tasks = new Map<string, AslState>();

  constructor(
    readonly definition: AslDefinition,
    private readonly taskTimerSeconds = MAX_TIMER_SECONDS,
  ) {
    forEachState(definition, (name, state) => {
      if (state.Type === 'Task') this.tasks.set(name, state);
    });
  }

  state(name: string): CompiledState {
    const cached = this.states.get(name);
    if (cached) return cached;
    const original = this.definition.States[name];
    if (!original) throw new Error(`State "${name}" is not in the definition`);
    const state = adaptState(rewriteContextPaths(structuredClone(original)) as AslState, this.taskTimerSeconds);
    const stubs: Record<string, AslState> = {};
    const stub = (target: unknown): string => {
      const stubName = `${STUB}${String(target)}`;
      stubs[stubName] = { Type: 'Pass', End: true };
      return stubName;
    };
    if (typeof state.Next === 'string') state.Next = stub(state.Next);
    if (typeof state.Default === 'string') state.Default = stub(state.Default);
    for (const rule of (state.Choices as ErrorMatcher[] | undefined) ?? []) rule.Next = stub(rule.Next);
    for (const catcher of (state.Catch as ErrorMatcher[] | undefined) ?? []) catcher.Next = stub(catcher.Next);
    const machine = new StateMachine({ StartAt: name, States: { [name]: state, ...stubs } } as unknown as LibraryDefinition, {
      validationOptions: { noValidate: true },
    });
    const compiled = { name, type: original.Type, definition: original, machine };
    this.states.set(name, compiled);
    return compiled;
  }
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompiledDefinition, parseDefinition, stubTarget, type AslDefinition } from '../../../../local/stepfunctions/definition';
import { StepFunctionsStore, type ExecutionRecord } from '../../../../local/stepfunctions/store';
import { makeDataDir } from './harness';

/** The library definition a compiled state runs (a private field of the library's StateMachine). */
const libraryDefinition = (compiled: CompiledDefinition, state: string) =>
  (compiled.state(state).machine as unknown as { definition: { StartAt: string; States: Record<string, Record<string, unknown>> } }).definition;

const DEFINITION: AslDefinition = {
  StartAt: 'Submit',
  States: {
    Submit: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: 'submit',
        Payload: { 'id.$': '$$.Execution.Id', 'input.$': 'States.JsonToString($$.Execution.Input)', note: '$$.Execution stays literal here' },
      },
      TimeoutSeconds: 60,
      HeartbeatSeconds: 10,
      ResultPath: '$',
      Retry: [{ ErrorEquals: ['States.Timeout'], MaxAttempts: 1 }],
      Catch: [{ ErrorEquals: ['Boom'], ResultPath: '$', Next: 'Check' }],
      Next: 'Check',
    },
    Check: {
      Type: 'Choice',
      Choices: [{ Variable: '$$.Execution.Name', StringEquals: 'x', Next: 'Submit' }],
      Default: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};

describe('CompiledDefinition', () => {
  it('compiles a state with stub states standing for its successors', () => {
    // Act
    const library = libraryDefinition(new CompiledDefinition(DEFINITION, 99), 'Check');

    // Assess
    expect(library.StartAt).toBe('Check');
    const check = library.States.Check as { Choices: { Next: string }[]; Default: string };
    expect(stubTarget(check.Choices[0].Next)).toBe('Submit');
    expect(stubTarget(check.Default)).toBe('Done');
    expect(library.States[check.Default]).toEqual({ Type: 'Pass', End: true });
    expect(stubTarget('Check')).toBeUndefined();
  });

  it('adapts a Task to AWS semantics the library lacks and leaves the original definition alone', () => {
    // Act
    const submit = libraryDefinition(new CompiledDefinition(DEFINITION, 99), 'Submit').States.Submit as Record<string, unknown> & {
      Parameters: { Payload: Record<string, string> };
      Retry: { ErrorEquals: string[] }[];
      Catch: { ErrorEquals: string[]; ResultPath?: string; Next: string }[];
    };

    // Assess: the executor times the task; the library's own timer is the cap given.
    expect(submit.TimeoutSeconds).toBe(99);
    expect(submit).not.toHaveProperty('HeartbeatSeconds');
    expect(submit).not.toHaveProperty('ResultPath');
    expect(submit.Catch[0]).not.toHaveProperty('ResultPath');
    expect(submit.Retry[0].ErrorEquals).toEqual(['States.Timeout', 'States.HeartbeatTimeout']);
    expect(submit.Parameters.Payload).toEqual({
      'id.$': '$$.ExecutionContext.Id',
      'input.$': 'States.JsonToString($$.ExecutionContext.Input)',
      note: '$$.Execution stays literal here',
    });
    expect(DEFINITION.States.Submit.TimeoutSeconds).toBe(60);
    expect(DEFINITION.States.Submit.ResultPath).toBe('$');
  });

  it('lists every Task state, nested ones included', () => {
    // Prepare
    const nested: AslDefinition = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'Inner', States: { Inner: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } }],
          End: true,
        },
      },
    };

    // Act
    const compiled = new CompiledDefinition(nested);

    // Assess
    expect([...compiled.tasks.keys()]).toEqual(['Inner']);
  });
});

describe('parseDefinition', () => {
  it('refuses TimeoutSecondsPath, which the executor does not evaluate', () => {
    const text = JSON.stringify({
      StartAt: 'A',
      States: { A: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', TimeoutSecondsPath: '$.t', End: true } },
    });
    expect(() => parseDefinition(text)).toThrow(
      expect.objectContaining({ code: 'InvalidDefinition', message: expect.stringContaining('TimeoutSecondsPath') }),
    );
  });

  it('refuses text that is not JSON', () => {
    expect(() => parseDefinition('{"StartAt":')).toThrow(expect.objectContaining({ code: 'InvalidDefinition' }));
  });
});

describe('StepFunctionsStore', () => {
  it('ignores a history line torn by a crash', () => {
    // Prepare
    const dataDir = makeDataDir();
    const store = new StepFunctionsStore(dataDir);
    store.init();
    const record = { stateMachineName: 'machine', name: 'run 1+é' } as ExecutionRecord;
    store.saveExecution({ ...record, status: 'RUNNING' } as ExecutionRecord);
    store.appendHistory(record, { id: 1, previousEventId: 0, type: 'ExecutionStarted', timestamp: new Date(0) });
    const file = path.join(dataDir, 'stepfunctions', 'executions', 'machine', `${encodeURIComponent('run 1+é')}.history.jsonl`);
    fs.appendFileSync(file, '{"id":2,"type":"TaskSta');

    // Act
    const events = store.readHistory(record);

    // Assess
    expect(events).toEqual([{ id: 1, previousEventId: 0, type: 'ExecutionStarted', timestamp: new Date(0) }]);
    expect(store.loadExecutions()).toEqual([expect.objectContaining({ name: 'run 1+é', status: 'RUNNING' })]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});

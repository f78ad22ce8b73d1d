/**
 * The local Step Functions' cost per state transition: a definition of N states alternating Pass
 * and Task (`lambda:invoke` of a function that returns at once), executed sequentially, compared
 * with aws-local-stepfunctions running the same definition alone (no history, no persistence).
 *
 *   npx ts-node --transpile-only bench/state-transitions.ts [states=200] [executions=20]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { StateMachine, type LibraryDefinition } from '../local/stepfunctions/library';
import { LocalStepFunctions } from '../local/stepfunctions/service';

const states = Number(process.argv[2] ?? 200);
const executions = Number(process.argv[3] ?? 20);

function definition(count: number) {
  const entries = Array.from({ length: count }, (_, index) => {
    const name = `S${index}`;
    const transition = index === count - 1 ? { End: true } : { Next: `S${index + 1}` };
    const state =
      index % 2 === 0
        ? { Type: 'Pass', Parameters: { 'step.$': '$.step', 'n.$': '$.n' }, ...transition }
        : {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'noop', 'Payload.$': '$' },
            OutputPath: '$.Payload',
            ...transition,
          };
    return [name, state];
  });
  return { StartAt: 'S0', States: Object.fromEntries(entries) };
}

async function libraryAlone(): Promise<number> {
  const asl = definition(states);
  const machine = new StateMachine(asl as unknown as LibraryDefinition, { validationOptions: { noValidate: true } });
  const handlers = Object.fromEntries(
    Object.keys(asl.States).map((name) => [name, async (input: { Payload: unknown }) => ({ Payload: input.Payload })]),
  );
  const started = performance.now();
  for (let run = 0; run < executions; run += 1) {
    // The library takes its handler's result as the Task result; wrap it like lambda:invoke does.
    await machine.run({ step: run, n: 1 }, { overrides: { taskResourceLocalHandlers: handlers as never } }).result;
  }
  return performance.now() - started;
}

async function localStepFunctions(): Promise<{ ms: number; eventsPerExecution: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-bench-sfn-'));
  const service = new LocalStepFunctions({
    dataDir,
    region: 'us-east-1',
    accountId: '000000000000',
    invokeFunction: async (_name, payload) => ({ ok: true, payload }),
    dynamodb: new DynamoDBClient({ region: 'us-east-1' }),
    putEvent: async () => undefined,
  });
  await service.start();
  const { stateMachineArn } = service.createStateMachine({
    name: 'bench',
    definition: JSON.stringify(definition(states)),
    roleArn: 'arn:aws:iam::000000000000:role/bench',
  });
  // One warm-up execution compiles the states.
  const warm = service.startExecution({ stateMachineArn, input: '{"step":-1,"n":1}' });
  await service.waitForExecution(warm.executionArn as string);
  const started = performance.now();
  let last = '';
  for (let run = 0; run < executions; run += 1) {
    const { executionArn } = service.startExecution({ stateMachineArn, input: JSON.stringify({ step: run, n: 1 }) });
    const result = await service.waitForExecution(executionArn as string);
    if (result.status !== 'SUCCEEDED') throw new Error(`Execution ${executionArn} ended ${result.status}: ${result.error} ${result.cause}`);
    last = executionArn as string;
  }
  const ms = performance.now() - started;
  let eventsPerExecution = 0;
  let nextToken: string | undefined;
  do {
    const page = service.getExecutionHistory({ executionArn: last, maxResults: 1000, nextToken });
    eventsPerExecution += page.events?.length ?? 0;
    nextToken = page.nextToken;
  } while (nextToken);
  await service.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { ms, eventsPerExecution };
}

async function main(): Promise<void> {
  const transitions = states * executions;
  await libraryAlone(); // warm-up
  const library = await libraryAlone();
  const local = await localStepFunctions();
  const perTransition = (ms: number) => (ms / transitions).toFixed(4);
  console.log(`${states} states (Pass/Task alternating) x ${executions} sequential executions = ${transitions} transitions`);
  console.log(`aws-local-stepfunctions alone:       ${perTransition(library)} ms/transition`);
  console.log(
    `LocalStepFunctions (history on disk): ${perTransition(local.ms)} ms/transition (${local.eventsPerExecution} history events per execution)`,
  );
  console.log(`executor overhead:                    ${perTransition(local.ms - library)} ms/transition`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidArn,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskTimedOut,
  UpdateStateMachineCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { Gateway } from '../../../../local/gateway';
import { stepFunctionsHandler } from '../../../../local/stepfunctions/api';
import { ACCOUNT, CALLBACK_STATE_EVENTS, harnessPerTest, ok, REGION, ROLE_ARN, type Harness } from './harness';

const WAITING = {
  StartAt: 'Wait',
  States: {
    Wait: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'submit', Payload: { 'taskToken.$': '$$.Task.Token', 'name.$': '$$.Execution.Name' } },
      End: true,
    },
  },
};

const services = harnessPerTest();
let h: Harness;
let gateway: Gateway;
let sfn: SFNClient;
beforeEach(async () => {
  h = await services.start();
  h.functions.on('submit', () => ok({}));
  const credentials = { accessKeyId: 'AKIAVODLOCALTEST0000', secretAccessKey: 'local-secret' };
  gateway = new Gateway({ routes: { states: stepFunctionsHandler(h.service.operations) }, credentials });
  const endpoint = await gateway.listen(0);
  sfn = new SFNClient({ endpoint, region: REGION, credentials });
});
afterEach(async () => {
  sfn.destroy();
  await gateway.close();
});

async function createWaiting(name: string): Promise<string> {
  const created = await sfn.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(WAITING), roleArn: ROLE_ARN }));
  return created.stateMachineArn as string;
}

/** Answers the callback of the execution named `name` once its task has been submitted. */
async function complete(name: string, output: unknown): Promise<void> {
  for (let call = 1; ; call += 1) {
    const payload = (await h.functions.call('submit', call)) as { taskToken: string; name: string };
    if (payload.name === name) {
      await sfn.send(new SendTaskSuccessCommand({ taskToken: payload.taskToken, output: JSON.stringify(output) }));
      return;
    }
  }
}

describe('the states API through the SDK', () => {
  it('creates state machines idempotently and describes and lists them', async () => {
    // Prepare
    const arn = await createWaiting('api-machine');

    // Act
    const again = await sfn.send(
      new CreateStateMachineCommand({ name: 'api-machine', definition: JSON.stringify(WAITING), roleArn: 'arn:aws:iam::000000000000:role/other' }),
    );
    const conflicting = await sfn
      .send(
        new CreateStateMachineCommand({
          name: 'api-machine',
          definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Succeed' } } }),
          roleArn: ROLE_ARN,
        }),
      )
      .catch((error: unknown) => error);
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    const listed = await sfn.send(new ListStateMachinesCommand({}));

    // Assess
    expect(arn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:api-machine`);
    expect(again.stateMachineArn).toBe(arn);
    expect(conflicting).toBeInstanceOf(StateMachineAlreadyExists);
    expect(described).toMatchObject({
      name: 'api-machine',
      status: 'ACTIVE',
      type: 'STANDARD',
      roleArn: ROLE_ARN,
      definition: JSON.stringify(WAITING),
    });
    expect(described.creationDate).toBeInstanceOf(Date);
    expect(listed.stateMachines?.map((machine) => machine.stateMachineArn)).toEqual([arn]);
  });

  it('updates the definition for new executions', async () => {
    // Prepare
    const arn = await createWaiting('api-update');
    const succeed = JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } });

    // Act
    const updated = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: succeed }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"a":1}' }));
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(updated.updateDate).toBeInstanceOf(Date);
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '{"a":1}' });
  });

  it('starts executions idempotently by name and input, as on AWS', async () => {
    // Prepare
    const arn = await createWaiting('api-idempotent');
    const first = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'asset-1', input: '{"key":"a b+c"}' }));

    // Act
    const same = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'asset-1', input: '{"key":"a b+c"}' }));
    const otherInput = await sfn
      .send(new StartExecutionCommand({ stateMachineArn: arn, name: 'asset-1', input: '{"key":"other"}' }))
      .catch((error: unknown) => error);
    await complete('asset-1', { done: true });
    await h.service.waitForExecution(first.executionArn as string);
    const afterClose = await sfn
      .send(new StartExecutionCommand({ stateMachineArn: arn, name: 'asset-1', input: '{"key":"a b+c"}' }))
      .catch((error: unknown) => error);

    // Assess
    expect(same).toMatchObject({ executionArn: first.executionArn, startDate: first.startDate });
    expect(otherInput).toBeInstanceOf(ExecutionAlreadyExists);
    expect(afterClose).toBeInstanceOf(ExecutionAlreadyExists);
    expect(h.functions.callsOf('submit')).toHaveLength(1);
    const generated = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
    expect(generated.executionArn).toMatch(new RegExp(`^arn:aws:states:${REGION}:${ACCOUNT}:execution:api-idempotent:[0-9a-f-]{36}$`));
  });

  it('describes executions with dates the SDK reads', async () => {
    // Prepare
    const arn = await createWaiting('api-describe');
    const { executionArn, startDate } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'd1', input: '{"x":"é"}' }));

    // Act
    const running = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    await complete('d1', { y: 2 });
    await h.service.waitForExecution(executionArn as string);
    const done = await sfn.send(new DescribeExecutionCommand({ executionArn }));

    // Assess
    expect(running).toMatchObject({
      status: 'RUNNING',
      input: '{"x":"é"}',
      inputDetails: { included: true },
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
    });
    expect(running.stopDate).toBeUndefined();
    expect(running.startDate?.getTime()).toBe(startDate?.getTime());
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: '{"y":2}', outputDetails: { included: true } });
    expect(done.stopDate?.getTime()).toBeGreaterThanOrEqual(done.startDate?.getTime() as number);
  });

  it('lists executions newest first, filtered by status, page by page', async () => {
    // Prepare: three executions; the middle one succeeds, one is stopped.
    const arn = await createWaiting('api-list');
    const started: string[] = [];
    for (const name of ['e1', 'e2', 'e3']) {
      started.push((await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name }))).executionArn as string);
    }
    await complete('e2', {});
    await h.service.waitForExecution(started[1]);
    await sfn.send(new StopExecutionCommand({ executionArn: started[2] }));

    // Act
    const all = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn }));
    const running = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'RUNNING' }));
    const succeeded = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'SUCCEEDED' }));
    const page1 = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 2 }));
    const page2 = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 2, nextToken: page1.nextToken }));

    // Assess
    expect(all.executions?.map((item) => item.name)).toEqual(['e3', 'e2', 'e1']);
    expect(all.executions?.map((item) => item.status)).toEqual(['ABORTED', 'SUCCEEDED', 'RUNNING']);
    expect(running.executions?.map((item) => item.name)).toEqual(['e1']);
    expect(succeeded.executions?.map((item) => item.name)).toEqual(['e2']);
    expect(succeeded.executions?.[0].stopDate).toBeInstanceOf(Date);
    expect(page1.executions?.map((item) => item.name)).toEqual(['e3', 'e2']);
    expect(page1.nextToken).toEqual(expect.any(String));
    expect(page2.executions?.map((item) => item.name)).toEqual(['e1']);
    expect(page2.nextToken).toBeUndefined();
  });

  it('pages the history, in reverse too, and leaves the data out when asked', async () => {
    // Prepare
    const arn = await createWaiting('api-history');
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'h1', input: '{"secret":1}' }));
    await complete('h1', { out: 1 });
    await h.service.waitForExecution(executionArn as string);

    // Act
    const full = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const pages: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3, nextToken }));
      pages.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    const reversed = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 2 }));
    const withoutData = await sfn.send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }));

    // Assess
    expect(full.events?.map((event) => event.type)).toEqual(['ExecutionStarted', ...CALLBACK_STATE_EVENTS, 'ExecutionSucceeded']);
    expect(full.events?.[0].timestamp).toBeInstanceOf(Date);
    expect(pages).toEqual(full.events);
    expect(reversed.events?.map((event) => event.id)).toEqual([8, 7]);
    expect(withoutData.events?.[0].executionStartedEventDetails).toEqual({ inputDetails: { truncated: false }, roleArn: ROLE_ARN });
    expect(withoutData.events?.[7].executionSucceededEventDetails).toEqual({ outputDetails: { truncated: false } });
  });

  it('answers unknown and malformed ARNs and spent tokens with AWS error codes', async () => {
    // Prepare
    const arn = await createWaiting('api-errors');
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'x1' }));
    const payload = (await h.functions.call('submit', 1)) as { taskToken: string };
    await sfn.send(new SendTaskSuccessCommand({ taskToken: payload.taskToken, output: '{}' }));
    await h.service.waitForExecution(executionArn as string);

    // Act & Assess
    await expect(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${arn}-missing` }))).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(sfn.send(new DescribeExecutionCommand({ executionArn: `${executionArn}-missing` }))).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(
      sfn.send(new DescribeExecutionCommand({ executionArn: 'arn:aws:states:eu-west-1:000000000000:execution:a:b' })),
    ).rejects.toBeInstanceOf(InvalidArn);
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: payload.taskToken, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
  });
});

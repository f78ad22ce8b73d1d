/**
 * The local Step Functions' state machine operations through the AWS SDK's SFNClient against a
 * local cloud: DescribeStateMachineForExecution, tags, and what an operation it lacks answers.
 */
import {
  CreateStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  ExecutionDoesNotExist,
  ListActivitiesCommand,
  ListTagsForResourceCommand,
  ResourceNotFound,
  StartExecutionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import type { Clients } from '../../local/clients';
import type { LocalCloud } from '../../local/cloud';
import { cloudPerFile, executionWithStatus } from './support';

let cloud: LocalCloud;
let aws: Clients;
cloudPerFile((started, clients) => {
  cloud = started;
  aws = clients;
});

const ROLE_ARN = 'arn:aws:iam::000000000000:role/api-test';
const PASS = { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } };
const SUCCEED = { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } };
const machineArn = (name: string) => cloud.names.stateMachineArn.replace(/:stateMachine:.*$/, `:stateMachine:${name}`);

describe('the local Step Functions through SFNClient', () => {
  it('describes the state machine an execution ran, as it was when it started', async () => {
    // Prepare
    const { stateMachineArn } = await aws.sfn.send(
      new CreateStateMachineCommand({ name: 'for-execution', definition: JSON.stringify(PASS), roleArn: ROLE_ARN }),
    );
    const { executionArn } = await aws.sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"a":1}' }));
    await executionWithStatus(aws, executionArn!, 'SUCCEEDED');

    // Act
    await aws.sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: JSON.stringify(SUCCEED) }));
    const described = await aws.sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    const missing = await aws.sfn
      .send(new DescribeStateMachineForExecutionCommand({ executionArn: `${executionArn}-never-started` }))
      .catch((error: unknown) => error);

    // Assess
    expect(described).toMatchObject({ stateMachineArn, name: 'for-execution', definition: JSON.stringify(PASS), roleArn: ROLE_ARN });
    expect(described.updateDate).toBeInstanceOf(Date);
    expect(missing).toBeInstanceOf(ExecutionDoesNotExist);
  });

  it('lists the tags given at CreateStateMachine and TagResource, without those UntagResource removed', async () => {
    // Prepare
    const { stateMachineArn } = await aws.sfn.send(
      new CreateStateMachineCommand({
        name: 'tagged',
        definition: JSON.stringify(PASS),
        roleArn: ROLE_ARN,
        tags: [
          { key: 'team', value: 'média' },
          { key: 'stage', value: 'dev' },
        ],
      }),
    );

    // Act
    const created = await aws.sfn.send(new ListTagsForResourceCommand({ resourceArn: stateMachineArn }));
    await aws.sfn.send(
      new TagResourceCommand({
        resourceArn: stateMachineArn,
        tags: [
          { key: 'stage', value: 'prod' },
          { key: 'cost', value: 'vod' },
        ],
      }),
    );
    await aws.sfn.send(new UntagResourceCommand({ resourceArn: stateMachineArn, tagKeys: ['team'] }));
    const after = await aws.sfn.send(new ListTagsForResourceCommand({ resourceArn: stateMachineArn }));
    const pipeline = await aws.sfn.send(new ListTagsForResourceCommand({ resourceArn: cloud.names.stateMachineArn }));
    const unknown = await aws.sfn.send(new ListTagsForResourceCommand({ resourceArn: machineArn('never-created') })).catch((error: unknown) => error);

    // Assess
    expect(created.tags).toEqual([
      { key: 'team', value: 'média' },
      { key: 'stage', value: 'dev' },
    ]);
    expect(after.tags).toEqual([
      { key: 'stage', value: 'prod' },
      { key: 'cost', value: 'vod' },
    ]);
    expect(pipeline.tags).toEqual([]);
    expect(unknown).toBeInstanceOf(ResourceNotFound);
  });

  it('answers an operation it lacks with UnknownOperationException naming the ones it supports', async () => {
    // Act
    const error = (await aws.sfn.send(new ListActivitiesCommand({})).catch((caught: unknown) => caught)) as Error & {
      $metadata?: { httpStatusCode?: number };
    };

    // Assess
    expect(error.name).toBe('UnknownOperationException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toContain('The local Step Functions does not implement AWSStepFunctions.ListActivities');
    for (const operation of ['StartExecution', 'DescribeStateMachineForExecution', 'ListTagsForResource', 'SendTaskSuccess']) {
      expect(error.message).toContain(operation);
    }
  });
});

/**
 * Calls an AWS user makes against the local cloud with the SDK's own clients: MediaConvert's
 * queues, EventBridge's buses, Lambda's functions and invocations, and CloudWatch Logs over what
 * the functions logged; an operation the local cloud does not implement names the ones it does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeLogStreamsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeEventBusCommand, ListEventBusesCommand, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { GetFunctionCommand, InvokeCommand, ListFunctionsCommand, ListLayersCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueCommand, ListPresetsCommand, ListQueuesCommand } from '@aws-sdk/client-mediaconvert';
import { DescribeActivityCommand } from '@aws-sdk/client-sfn';
import type { Clients } from '../../local/clients';
import type { LocalCloud } from '../../local/cloud';
import { cloudPerFile } from './support';

jest.setTimeout(60_000);

// The tests silence the functions' logs; these read them. Set before the handlers' logger loads.
const savedLevel = process.env.POWERTOOLS_LOG_LEVEL;
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';

let cloud: LocalCloud;
let aws: Clients;
let lambda: LambdaClient;
let logs: CloudWatchLogsClient;

cloudPerFile((started, clients) => {
  cloud = started;
  aws = clients;
  const config = { endpoint: cloud.endpoint, region: 'us-east-1', credentials: cloud.credentials };
  lambda = new LambdaClient(config);
  logs = new CloudWatchLogsClient(config);
});

afterAll(() => {
  lambda?.destroy();
  logs?.destroy();
  if (savedLevel === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
  else process.env.POWERTOOLS_LOG_LEVEL = savedLevel;
});

const decode = (bytes: Uint8Array | undefined) => JSON.parse(Buffer.from(bytes ?? new Uint8Array()).toString('utf8')) as Record<string, unknown>;

describe('MediaConvert queues', () => {
  it('lists and gets the one queue, Default: ACTIVE, on demand, with its job counts', async () => {
    // Act
    const { Queues } = await aws.mediaConvert.send(new ListQueuesCommand({}));
    const { Queue } = await aws.mediaConvert.send(new GetQueueCommand({ Name: 'Default' }));
    const missing = await aws.mediaConvert.send(new GetQueueCommand({ Name: 'Fast' })).catch((error: Error) => error);

    // Assess
    expect(Queues).toEqual([Queue]);
    expect(Queue).toMatchObject({
      Name: 'Default',
      Arn: 'arn:aws:mediaconvert:us-east-1:000000000000:queues/Default',
      Status: 'ACTIVE',
      PricingPlan: 'ON_DEMAND',
      SubmittedJobsCount: 0,
      ProgressingJobsCount: 0,
    });
    expect(missing).toMatchObject({ name: 'NotFoundException', message: expect.stringMatching(/one queue, Default/) });
  });

  it('refuses an operation it does not implement with UnknownOperationException naming the ones it does', async () => {
    // Act
    const error = await aws.mediaConvert.send(new ListPresetsCommand({})).catch((caught: Error) => caught);

    // Assess
    expect(error).toMatchObject({ name: 'UnknownOperationException', message: expect.stringMatching(/ListQueues, GetQueue/) });
  });
});

describe('EventBridge buses', () => {
  it('lists and describes the default bus with its ARN', async () => {
    // Act
    const { EventBuses } = await aws.events.send(new ListEventBusesCommand({}));
    const described = await aws.events.send(new DescribeEventBusCommand({}));
    const rules = await aws.events.send(new ListRulesCommand({}));

    // Assess
    expect(EventBuses).toEqual([expect.objectContaining({ Name: 'default', Arn: 'arn:aws:events:us-east-1:000000000000:event-bus/default' })]);
    expect(described).toMatchObject({ Name: 'default', Arn: 'arn:aws:events:us-east-1:000000000000:event-bus/default' });
    expect(rules.Rules?.length).toBeGreaterThan(0);
  });
});

describe('Step Functions', () => {
  it('refuses an operation it does not implement, naming the ones it does', async () => {
    // Act
    const error = await aws.sfn
      .send(new DescribeActivityCommand({ activityArn: 'arn:aws:states:us-east-1:000000000000:activity:a' }))
      .catch((caught: Error) => caught);

    // Assess
    expect(error).toMatchObject({ name: 'UnknownOperationException', message: expect.stringMatching(/StartExecution/) });
  });
});

describe('Lambda', () => {
  it("lists the pipeline's functions as deployed: runtime, handler, memory, timeout, environment", async () => {
    // Act
    const { Functions = [] } = await lambda.send(new ListFunctionsCommand({}));
    const { Configuration } = await lambda.send(new GetFunctionCommand({ FunctionName: 'vod-probe' }));

    // Assess
    expect(Functions.map((fn) => fn.FunctionName)).toEqual(expect.arrayContaining(['vod-register', 'vod-probe', 'vod-submit-job', 'vod-job-events']));
    const probe = Functions.find((fn) => fn.FunctionName === 'vod-probe');
    expect(probe).toMatchObject({
      Runtime: 'nodejs22.x',
      Handler: 'functions/probe/handler.handler',
      MemorySize: 1024,
      Timeout: 120,
      FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:vod-probe',
      Environment: { Variables: { ASSET_TABLE: cloud.names.assetTable } },
    });
    expect(Configuration).toEqual(probe);
  });

  it('invokes a function: a thrown error is FunctionError Unhandled with its payload, and LogType Tail gives its log', async () => {
    // Act
    const answer = await lambda.send(
      new InvokeCommand({ FunctionName: 'vod-register', Payload: JSON.stringify({ unexpected: true }), LogType: 'Tail' }),
    );

    // Assess
    expect(answer.StatusCode).toBe(200);
    expect(answer.FunctionError).toBe('Unhandled');
    expect(decode(answer.Payload)).toMatchObject({ errorType: expect.any(String), errorMessage: expect.any(String) });
    const tail = Buffer.from(answer.LogResult ?? '', 'base64').toString('utf8');
    expect(tail).toMatch(/^START RequestId: [0-9a-f-]+ Version: \$LATEST$/m);
    expect(tail).toMatch(/^REPORT RequestId: [0-9a-f-]+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB/m);
  });

  it('queues an Event invocation (202) and answers ResourceNotFoundException for an unknown function', async () => {
    // Act
    const queued = await lambda.send(new InvokeCommand({ FunctionName: 'vod-register', InvocationType: 'Event', Payload: '{}' }));
    const missing = await lambda.send(new InvokeCommand({ FunctionName: 'vod-nothing' })).catch((error: Error) => error);
    const unknown = await lambda.send(new ListLayersCommand({})).catch((error: Error) => error);

    // Assess
    expect(queued.StatusCode).toBe(202);
    expect(missing).toMatchObject({ name: 'ResourceNotFoundException', message: expect.stringMatching(/vod-probe/) });
    expect(unknown).toMatchObject({
      name: 'UnknownOperationException',
      message: expect.stringMatching(/ListFunctions, GetFunction, GetFunctionConfiguration, Invoke/),
    });
  });
});

describe('CloudWatch Logs', () => {
  it("filters a function's logs after an invocation, by term and by JSON level, from its log files", async () => {
    // Prepare
    const before = Date.now() - 1000;
    const { Payload } = await lambda.send(new InvokeCommand({ FunctionName: 'vod-register', Payload: JSON.stringify({ logs: 'test' }) }));
    const group = '/aws/lambda/vod-register';

    // Act
    const all = await logs.send(new FilterLogEventsCommand({ logGroupName: group, startTime: before }));
    const starts = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '"START RequestId"' }));
    const errors = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '{ $.level = "ERROR" }' }));
    const paged = await logs.send(new FilterLogEventsCommand({ logGroupName: group, limit: 1 }));
    const next = await logs.send(new FilterLogEventsCommand({ logGroupName: group, limit: 1, nextToken: paged.nextToken }));
    const { logGroups = [] } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
    const { logStreams = [] } = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));

    // Assess
    expect(decode(Payload)).toHaveProperty('errorMessage');
    expect(all.events?.map((event) => event.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^START RequestId/), expect.stringMatching(/^END RequestId/)]),
    );
    expect(starts.events?.length).toBeGreaterThanOrEqual(1);
    expect(starts.events?.every((event) => event.message?.startsWith('START RequestId'))).toBe(true);
    expect(errors.events?.length).toBeGreaterThanOrEqual(1);
    expect(errors.events?.every((event) => (JSON.parse(event.message!) as { level: string }).level === 'ERROR')).toBe(true);
    // The handler's own Powertools line, and the runtime's, as Lambda logs an unhandled error.
    expect(errors.events?.map((event) => (JSON.parse(event.message!) as { message: string }).message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Invocation failed/), 'Invoke Error']),
    );
    expect(paged.events).toHaveLength(1);
    expect(next.events?.[0]?.eventId).not.toBe(paged.events?.[0]?.eventId);
    expect(logGroups.map((g) => g.logGroupName)).toContain(group);
    expect(logStreams).toHaveLength(1);
    const stream = logStreams[0].logStreamName!;
    expect(stream).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    const file = path.join(cloud.dataDir, 'logs', 'aws', 'lambda', 'vod-register', ...stream.split('/'));
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z\tSTART RequestId/m);
  });

  it('refuses a filter pattern it does not support, and an unknown log group', async () => {
    // Act
    const pattern = await logs
      .send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/vod-register', filterPattern: '[ip, user]' }))
      .catch((error: Error) => error);
    const group = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/vod-nothing' })).catch((error: Error) => error);

    // Assess
    expect(pattern).toMatchObject({ name: 'InvalidParameterException', message: expect.stringMatching(/not supported/) });
    expect(group).toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

import { mockClient } from 'aws-sdk-client-mock';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../../../cli/args';
import { putEvent } from '../../../cli/commands/events';
import { STATE_MACHINE_ARN, testTarget as target } from './support';

const sfn = mockClient(SFNClient);
const eventBridge = mockClient(EventBridgeClient);

const FIXTURES = path.resolve(__dirname, '../../fixtures/aws-events');
const sample = (file: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));

beforeEach(() => {
  sfn.reset();
  eventBridge.reset();
  sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE_ARN}:run-1`, startDate: new Date() });
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] });
});

describe('vod events put', () => {
  it.each([
    ['an S3 upload', 's3/eventbridge-object-created.awsdocs-current-event-version-1.1.json'],
    ['an IVS recording end', 'ivs/eventbridge-recording-end.awsdocs.json'],
  ])('on AWS, starts the state machine with %s, as its rule would', async (_, file) => {
    // Prepare
    const event = sample(file);

    // Act
    const result = await putEvent(target('aws'), event);

    // Assess
    expect(result).toEqual({ executionArn: `${STATE_MACHINE_ARN}:run-1` });
    const input = sfn.commandCalls(StartExecutionCommand)[0].args[0].input;
    expect(input.stateMachineArn).toBe(STATE_MACHINE_ARN);
    expect(JSON.parse(input.input!)).toEqual(event);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('on AWS, refuses a MediaConvert job event, which would not start the pipeline, and says what to do instead', async () => {
    const event = sample('mediaconvert/ev_status_error.json');

    const putting = putEvent(target('aws'), event);

    await expect(putting).rejects.toThrow(UsageError);
    await expect(putting).rejects.toThrow(/no aws\.mediaconvert events from callers.*vod redrive <assetId> --aws/);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('on a local cloud, puts any event on the bus', async () => {
    const event = sample('mediaconvert/ev_status_error.json');

    const result = await putEvent(target('endpoint'), event);

    expect(result).toEqual({ eventId: 'event-1' });
    const [entry] = eventBridge.commandCalls(PutEventsCommand)[0].args[0].input.Entries!;
    expect(entry).toMatchObject({ Source: 'aws.mediaconvert', DetailType: 'MediaConvert Job State Change', Detail: JSON.stringify(event.detail) });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });
});

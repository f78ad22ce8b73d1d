import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeRuleCommand,
  EventBridgeClient,
  ListRuleNamesByTargetCommand,
  PutEventsCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../../../cli/args';
import { noMatchWarning, putEvent } from '../../../cli/commands/events';
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

  describe('with the rules of the deployment', () => {
    const RECORDING_PATTERN = { source: ['aws.ivs'], resources: ['arn:aws:ivs:eu-west-1:111122223333:channel/allowed'] };

    beforeEach(() => {
      eventBridge.on(ListRuleNamesByTargetCommand).resolves({ RuleNames: [] });
      eventBridge.on(ListRuleNamesByTargetCommand, { TargetArn: STATE_MACHINE_ARN }).resolves({ RuleNames: ['recording'] });
      eventBridge.on(DescribeRuleCommand, { Name: 'recording' }).resolves({ EventPattern: JSON.stringify(RECORDING_PATTERN) });
    });

    it('on AWS, starts nothing for a recording its rule does not take, and says what the rule takes', async () => {
      eventBridge.on(TestEventPatternCommand).resolves({ Result: false });

      const result = await putEvent(target('aws'), sample('ivs/eventbridge-recording-end.awsdocs.json'));

      expect(result).toEqual({ matchedRules: [], unmatched: { patterns: [RECORDING_PATTERN], sources: ['aws.ivs'] } });
      expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
      const tested = JSON.parse(eventBridge.commandCalls(TestEventPatternCommand)[0].args[0].input.Event!);
      expect(tested).toMatchObject({ source: 'aws.ivs', account: expect.any(String), region: expect.any(String), id: expect.any(String) });
    });

    it('on AWS, starts the state machine for a recording its rule takes, naming the rule', async () => {
      eventBridge.on(TestEventPatternCommand).resolves({ Result: true });

      const result = await putEvent(target('aws'), sample('ivs/eventbridge-recording-end.awsdocs.json'));

      expect(result).toEqual({ executionArn: `${STATE_MACHINE_ARN}:run-1`, matchedRules: ['recording'] });
    });

    it("on a local cloud, asks the functions' rules too", async () => {
      eventBridge.on(TestEventPatternCommand).resolves({ Result: false });

      await putEvent(target('endpoint'), sample('mediaconvert/ev_status_error.json'));

      const asked = eventBridge.commandCalls(ListRuleNamesByTargetCommand).map((call) => call.args[0].input.TargetArn);
      expect(asked).toEqual(expect.arrayContaining([STATE_MACHINE_ARN, expect.stringMatching(/:function:vod-job-events$/)]));
    });

    it('warns with the patterns of the rules for the source', () => {
      const warning = noMatchWarning(
        { source: 'aws.ivs', 'detail-type': 'IVS Recording State Change', detail: {} },
        { patterns: [RECORDING_PATTERN], sources: ['aws.ivs'] },
        false,
      );

      expect(warning).toBe(
        `vod: no rule of the pipeline matches this IVS Recording State Change event. Nothing was started. The rules for aws.ivs events take: ${JSON.stringify(RECORDING_PATTERN)}.`,
      );
    });
  });
});

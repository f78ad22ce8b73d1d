import { mockClient } from 'aws-sdk-client-mock';
import { DescribeRuleCommand, EventBridgeClient, ListRuleNamesByTargetCommand, TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { askPipelineRules, objectCreatedEvent } from '../../../cli/pipeline-rules';
import { STATE_MACHINE_ARN, testTarget as target } from './support';

const eventBridge = mockClient(EventBridgeClient);
const UPLOAD_PATTERN = JSON.stringify({ source: ['aws.s3'], detail: { object: { key: [{ wildcard: 'uploads/*.mp4' }] } } });
const RECORDING_PATTERN = JSON.stringify({ source: ['aws.ivs'] });

beforeEach(() => {
  eventBridge.reset();
  eventBridge.on(ListRuleNamesByTargetCommand, { TargetArn: STATE_MACHINE_ARN }).resolves({ RuleNames: ['recording', 'upload'] });
  eventBridge.on(DescribeRuleCommand, { Name: 'upload' }).resolves({ EventPattern: UPLOAD_PATTERN });
  eventBridge.on(DescribeRuleCommand, { Name: 'recording' }).resolves({ EventPattern: RECORDING_PATTERN });
});

describe('askPipelineRules', () => {
  it("asks EventBridge's matcher about an Object Created event of the deployment's account and region", async () => {
    // Prepare
    eventBridge.on(TestEventPatternCommand).resolves({ Result: true });

    // Act
    const answer = await askPipelineRules(target(), objectCreatedEvent(target(), 'ingest', 'uploads/clip été+1.mp4'));

    // Assess
    expect(answer).toEqual({ starts: true, patterns: [] });
    const tests = eventBridge.commandCalls(TestEventPatternCommand);
    expect(tests).toHaveLength(1);
    expect(tests[0].args[0].input.EventPattern).toBe(UPLOAD_PATTERN);
    expect(JSON.parse(tests[0].args[0].input.Event!)).toMatchObject({
      source: 'aws.s3',
      'detail-type': 'Object Created',
      account: '111122223333',
      region: 'eu-west-1',
      resources: ['arn:aws:s3:::ingest'],
      id: expect.any(String),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      detail: { bucket: { name: 'ingest' }, object: { key: 'uploads/clip été+1.mp4' } },
    });
  });

  it("says the upload would not start the pipeline, with the upload rule's key filter", async () => {
    eventBridge.on(TestEventPatternCommand).resolves({ Result: false });

    const answer = await askPipelineRules(target(), objectCreatedEvent(target(), 'ingest', 'notes.txt'));

    expect(answer).toEqual({ starts: false, patterns: [JSON.parse(UPLOAD_PATTERN)] });
  });

  it('tests an IVS event against the recording rule only', async () => {
    eventBridge.on(TestEventPatternCommand).resolves({ Result: false });
    const event = { ...objectCreatedEvent(target(), 'recordings', 'x'), source: 'aws.ivs', 'detail-type': 'IVS Recording State Change' };

    const answer = await askPipelineRules(target(), event);

    expect(answer).toEqual({ starts: false, patterns: [JSON.parse(RECORDING_PATTERN)] });
    expect(eventBridge.commandCalls(TestEventPatternCommand)[0].args[0].input.EventPattern).toBe(RECORDING_PATTERN);
  });

  it('cannot tell when the caller may not ask (and the upload goes ahead)', async () => {
    eventBridge.on(ListRuleNamesByTargetCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));

    const answer = await askPipelineRules(target(), objectCreatedEvent(target(), 'ingest', 'uploads/clip.mp4'));

    expect(answer).toBeUndefined();
  });
});

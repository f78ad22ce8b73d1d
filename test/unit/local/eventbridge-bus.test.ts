import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EventBusOptions } from '../../../local/eventbridge/service';
import { EventBus } from '../../../local/eventbridge/service';
import type { BusEvent } from '../../../local/eventbridge/types';
import type { InvokeResult } from '../../../local/lambda/types';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:vod-job-events';
const MACHINE_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:vod-pipeline';

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-bus-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function bus(overrides: Partial<EventBusOptions> = {}) {
  const started: { arn: string; input: unknown }[] = [];
  const invoked: { fn: string; payload: BusEvent }[] = [];
  const instance = new EventBus({
    region: 'us-east-1',
    accountId: '000000000000',
    dataDir,
    retry: { attempts: 3, delayMs: 1, backoffRate: 2 },
    startExecution: async (arn, input) => {
      started.push({ arn, input: JSON.parse(input) });
    },
    invokeFunction: async (fn, payload) => {
      invoked.push({ fn, payload: payload as BusEvent });
      return { ok: true, payload: null };
    },
    ...overrides,
  });
  instance.addRule({
    name: 'upload',
    pattern: { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { object: { key: [{ wildcard: '*.mp4' }] } } },
    target: { kind: 'stateMachine', arn: MACHINE_ARN },
  });
  instance.addRule({
    name: 'jobStateChange',
    pattern: { source: ['aws.mediaconvert'] },
    target: { kind: 'function', arn: FUNCTION_ARN },
  });
  return { instance, started, invoked };
}

const pending = () => fs.readdirSync(path.join(dataDir, 'events', 'pending'));

const jobEvent = (status: string) => ({ source: 'aws.mediaconvert', detailType: 'MediaConvert Job State Change', detail: { status } });
const statusesOf = (invoked: { payload: BusEvent }[]) => invoked.map((call) => call.payload.detail.status);

const upload = (key: string) => ({
  Source: 'aws.s3',
  DetailType: 'Object Created',
  Detail: JSON.stringify({ bucket: { name: 'vod-ingest' }, object: { key } }),
  Resources: ['arn:aws:s3:::vod-ingest'],
});

describe('EventBus PutEvents', () => {
  it('returns event ids, then starts an execution with the matching event as input', async () => {
    // Prepare
    const { instance, started, invoked } = bus();

    // Act
    const result = (await instance.operations.PutEvents({ Entries: [upload('a/clip été.mp4'), upload('notes.txt')] })) as {
      FailedEntryCount: number;
      Entries: { EventId: string }[];
    };
    await instance.idle();

    // Assess
    expect(result.FailedEntryCount).toBe(0);
    expect(result.Entries).toHaveLength(2);
    expect(started).toEqual([
      {
        arn: MACHINE_ARN,
        input: expect.objectContaining({
          id: result.Entries[0].EventId,
          source: 'aws.s3',
          'detail-type': 'Object Created',
          account: '000000000000',
          region: 'us-east-1',
          resources: ['arn:aws:s3:::vod-ingest'],
          detail: { bucket: { name: 'vod-ingest' }, object: { key: 'a/clip été.mp4' } },
        }),
      },
    ]);
    expect(invoked).toHaveLength(0);
  });

  it('reports invalid entries one by one, as EventBridge does, and delivers the valid ones', async () => {
    // Prepare
    const { instance, started } = bus();
    const entries = [
      { DetailType: 'x', Detail: '{}' },
      { Source: 'app', DetailType: 'x', Detail: '{not json' },
      { Source: 'app', DetailType: 'x', Detail: '[1]' },
      { ...upload('ok.mp4'), EventBusName: 'other-bus' },
      { ...upload('ok.mp4'), Time: 1763719200 },
    ];

    // Act
    const result = (await instance.operations.PutEvents({ Entries: entries })) as {
      FailedEntryCount: number;
      Entries: Record<string, string>[];
    };
    await instance.idle();

    // Assess
    expect(result.FailedEntryCount).toBe(4);
    expect(result.Entries.slice(0, 4)).toEqual([
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus other-bus does not exist.' },
    ]);
    expect(result.Entries[4].EventId).toEqual(expect.any(String));
    expect(started).toHaveLength(1);
    expect(started[0].input).toMatchObject({ time: '2025-11-21T10:00:00Z' });
  });

  it('refuses a request without entries or with more than ten', async () => {
    const { instance } = bus();

    await expect(instance.operations.PutEvents({ Entries: [] })).rejects.toMatchObject({ code: 'ValidationException' });
    await expect(instance.operations.PutEvents({ Entries: Array(11).fill(upload('a.mp4')) })).rejects.toMatchObject({
      code: 'ValidationException',
    });
  });
});

describe('EventBus delivery', () => {
  it("delivers a rule's events to its function in the order they were put", async () => {
    // Prepare
    const order: string[] = [];
    const { instance } = bus({
      invokeFunction: async (_fn, payload) => {
        const status = (payload as BusEvent).detail.status as string;
        // The first event takes longest: a concurrent delivery would finish it last.
        await new Promise((resolve) => setTimeout(resolve, status === 'PROGRESSING' ? 20 : 1));
        order.push(status);
        return { ok: true, payload: null };
      },
    });

    // Act
    for (const status of ['PROGRESSING', 'COMPLETE']) {
      await instance.putEvent({ source: 'aws.mediaconvert', detailType: 'MediaConvert Job State Change', detail: { status } });
    }
    await instance.idle();

    // Assess
    expect(order).toEqual(['PROGRESSING', 'COMPLETE']);
  });

  it('retries a failing function, then writes the event to the dead-letter folder', async () => {
    // Prepare
    const failure: InvokeResult = { ok: false, errorType: 'TypeError', errorMessage: 'boom' };
    const invoke = jest.fn(async () => failure);
    const log = jest.fn();
    const { instance } = bus({ invokeFunction: invoke, log });

    // Act
    await instance.putEvent({ source: 'aws.mediaconvert', detailType: 'MediaConvert Job State Change', detail: { jobId: 'j:1' } });
    await instance.idle();

    // Assess
    expect(invoke).toHaveBeenCalledTimes(3);
    const folder = path.join(dataDir, 'events', 'dead-letter');
    const letters = fs.readdirSync(folder);
    expect(letters).toHaveLength(1);
    const letter = JSON.parse(fs.readFileSync(path.join(folder, letters[0]), 'utf8'));
    expect(letter).toMatchObject({
      ruleArn: 'arn:aws:events:us-east-1:000000000000:rule/jobStateChange',
      targetArn: FUNCTION_ARN,
      attempts: 3,
      errorCode: 'TypeError',
      errorMessage: 'boom',
      event: { source: 'aws.mediaconvert', detail: { jobId: 'j:1' } },
    });
    expect(log).toHaveBeenCalledWith(expect.stringContaining(letters[0]));
    expect(pending()).toEqual([]);
  });

  it('succeeds on a retry without a dead letter', async () => {
    const results: InvokeResult[] = [
      { ok: false, errorType: 'Error', errorMessage: 'flaky' },
      { ok: true, payload: null },
    ];
    const invoke = jest.fn(async () => results.shift()!);
    const { instance } = bus({ invokeFunction: invoke });

    await instance.putEvent({ source: 'aws.mediaconvert', detailType: 'x', detail: {} });
    await instance.idle();

    expect(invoke).toHaveBeenCalledTimes(2);
    expect(fs.existsSync(path.join(dataDir, 'events', 'dead-letter'))).toBe(false);
    expect(pending()).toEqual([]);
  });

  it('refuses a rule with a malformed pattern', () => {
    const { instance } = bus();

    expect(() => instance.addRule({ name: 'bad', pattern: { source: 'aws.s3' }, target: { kind: 'stateMachine', arn: MACHINE_ARN } })).toThrow(
      /source/,
    );
  });

  it('names the rules of a target (ListRuleNamesByTarget)', async () => {
    const { instance } = bus();

    const machine = await instance.operations.ListRuleNamesByTarget({ TargetArn: MACHINE_ARN });
    const nobody = await instance.operations.ListRuleNamesByTarget({ TargetArn: 'arn:aws:lambda:us-east-1:000000000000:function:other' });

    expect(machine).toEqual({ RuleNames: ['upload'] });
    expect(nobody).toEqual({ RuleNames: [] });
  });

  it('tells listeners about every event and answers TestEventPattern with the matcher', async () => {
    const { instance } = bus();
    const seen: BusEvent[] = [];
    instance.onEvent((event) => seen.push(event));

    await instance.putEvent({ source: 'app', detailType: 'x', detail: { n: 1 } });
    const test = await instance.operations.TestEventPattern({
      EventPattern: JSON.stringify({ detail: { n: [{ numeric: ['>', 0] }] } }),
      Event: JSON.stringify(seen[0]),
    });

    expect(seen).toHaveLength(1);
    expect(test).toEqual({ Result: true });
  });
});

describe('EventBus durable delivery', () => {
  it('keeps a delivery its function has not taken across a stop, and delivers it at the next start', async () => {
    // Prepare: a function that fails, so the event waits for its retry when the bus stops
    const first = bus({
      invokeFunction: async () => ({ ok: false, errorType: 'Error', errorMessage: 'down' }),
      retry: { attempts: 3, delayMs: 60_000, backoffRate: 1 },
    });
    await first.instance.putEvent(jobEvent('COMPLETE'));
    await new Promise((resolve) => setImmediate(resolve));
    await first.instance.stop();
    await first.instance.idle();

    // Act
    const second = bus({ held: true });
    const resumed = second.instance.resumePending();
    second.instance.release();
    await second.instance.idle();

    // Assess
    expect(resumed).toBe(1);
    expect(statusesOf(second.invoked)).toEqual(['COMPLETE']);
    expect(pending()).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'events', 'dead-letter'))).toBe(false);
  });

  it('delivers what an earlier run left pending before what is put since, each in the order it was put', async () => {
    // Prepare: a bus stopped before it delivered anything
    const first = bus({ held: true });
    for (const status of ['PROGRESSING', 'STATUS_UPDATE']) await first.instance.putEvent(jobEvent(status));
    await first.instance.stop();

    // Act
    const second = bus({ held: true });
    second.instance.resumePending();
    await second.instance.putEvent(jobEvent('COMPLETE'));
    second.instance.release();
    await second.instance.idle();

    // Assess
    expect(first.invoked).toEqual([]);
    expect(statusesOf(second.invoked)).toEqual(['PROGRESSING', 'STATUS_UPDATE', 'COMPLETE']);
    expect(pending()).toEqual([]);
  });

  it('holds deliveries until released, and is idle while it holds them', async () => {
    const { instance, invoked } = bus({ held: true });

    await instance.putEvent(jobEvent('COMPLETE'));
    await instance.idle();
    const beforeRelease = invoked.length;
    instance.release();
    await instance.idle();

    expect(beforeRelease).toBe(0);
    expect(statusesOf(invoked)).toEqual(['COMPLETE']);
  });

  it('releases the rules it is asked to, and keeps the deliveries of the others pending', async () => {
    // Prepare
    const { instance, started, invoked } = bus({ held: true });
    await instance.putEvent({ source: 'aws.s3', detailType: 'Object Created', detail: { object: { key: 'held.mp4' } } });
    await instance.putEvent(jobEvent('COMPLETE'));

    // Act: functions only, as a cloud started only to read does
    instance.release((rule) => rule.target.kind !== 'stateMachine');
    await instance.idle();

    // Assess
    expect(statusesOf(invoked)).toEqual(['COMPLETE']);
    expect(started).toEqual([]);
    expect(pending()).toEqual([expect.stringContaining('-upload-')]);
  });

  it('keeps an event put after the stop (an upload while the cloud shuts down) for the next start', async () => {
    // Prepare
    const first = bus();
    await first.instance.stop();

    // Act
    await first.instance.putEvent({ source: 'aws.s3', detailType: 'Object Created', detail: { object: { key: 'late.mp4' } } });
    const second = bus({ held: true });
    second.instance.resumePending();
    second.instance.release();
    await second.instance.idle();

    // Assess
    expect(first.started).toEqual([]);
    expect(second.started).toEqual([{ arn: MACHINE_ARN, input: expect.objectContaining({ detail: { object: { key: 'late.mp4' } } }) }]);
  });

  it('dead-letters a pending delivery whose rule no longer exists', async () => {
    // Prepare: a delivery left pending for a rule the next run does not have
    const first = bus({ held: true });
    first.instance.addRule({ name: 'retired', pattern: { source: ['aws.ivs'] }, target: { kind: 'function', arn: FUNCTION_ARN } });
    await first.instance.putEvent({ source: 'aws.ivs', detailType: 'IVS Recording State Change', detail: { recording_status: 'Recording End' } });
    await first.instance.stop();
    const log = jest.fn();

    // Act
    const second = bus({ held: true, log });
    const queued = second.instance.resumePending();
    second.instance.release();
    await second.instance.idle();

    // Assess
    expect(queued).toBe(0);
    const folder = path.join(dataDir, 'events', 'dead-letter');
    const [letter] = fs.readdirSync(folder).map((file) => JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')));
    expect(letter).toMatchObject({
      ruleArn: 'arn:aws:events:us-east-1:000000000000:rule/retired',
      errorCode: 'Local.RuleNotFound',
      event: { source: 'aws.ivs' },
    });
    expect(second.invoked).toEqual([]);
    expect(pending()).toEqual([]);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('could not deliver'));
  });

  it('leaves an unreadable pending file in place and delivers the others', async () => {
    // Prepare
    const first = bus({ held: true });
    await first.instance.putEvent(jobEvent('COMPLETE'));
    await first.instance.stop();
    fs.writeFileSync(path.join(dataDir, 'events', 'pending', '000000000000000-000000000-broken.json'), '{ "rule": ');
    const log = jest.fn();

    // Act
    const second = bus({ held: true, log });
    const queued = second.instance.resumePending();
    second.instance.release();
    await second.instance.idle();

    // Assess
    expect(queued).toBe(1);
    expect(statusesOf(second.invoked)).toEqual(['COMPLETE']);
    expect(pending()).toEqual(['000000000000000-000000000-broken.json']);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/broken\.json cannot be read .*left in place/));
  });
});

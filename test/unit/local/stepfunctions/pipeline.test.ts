/**
 * The pipeline's own state machine (state-machines/pipeline.asl.json with the wiring's
 * substitutions) on the local executor, with fake functions and a real dynalite.
 */
import * as fs from 'node:fs';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DEFAULT_SETTINGS,
  EVENT_PATTERNS,
  FUNCTIONS,
  STATE_MACHINE_DEFINITION,
  definitionSubstitutions,
  substituteDefinition,
  type FunctionName,
  type ResourceNames,
} from '../../../../infra/wiring';
import type { BusEvent, EventEntry } from '../../../../local/eventbridge/types';
import { matchesPattern } from '../../../../local/eventbridge/pattern';
import { completeTranscodeValues } from '../../../../functions/job-events/record-values';
import { objectCreated } from '../../../support/events';
import {
  ACCOUNT,
  REGION,
  ROLE_ARN,
  expectLinked,
  fails,
  functionArn,
  harnessPerTest,
  history,
  ok,
  putAsset,
  statuses,
  type Harness,
} from './harness';

const TABLE = 'vod-assets';
const BUCKET = 'vod-ingest';
const KEY = 'uploads/Summer Été 2024+final:cut.mp4';
const ASSET_ID = 's3-4f1c2d';

const arns = Object.fromEntries((Object.keys(FUNCTIONS) as FunctionName[]).map((name) => [name, functionArn(`vod-${name}`)])) as Record<
  FunctionName,
  string
>;
const DEFINITION = substituteDefinition(
  fs.readFileSync(STATE_MACHINE_DEFINITION, 'utf8'),
  definitionSubstitutions(arns, { assetTable: TABLE }, DEFAULT_SETTINGS),
);

const source = { bucket: BUCKET, key: KEY };
const probe = { container: 'MPEG-4', durationMs: 4000, audioCount: 1, audioTracks: [{ index: 0, codec: 'AAC', channels: 2, sampleRate: 48000 }] };
const outputs = { dash: `s3://vod-out/${ASSET_ID}/dash/index.mpd`, proxy: `s3://vod-out/${ASSET_ID}/proxy.mp4` };
/** What job-events hands CompleteTranscode: the record's fields as attribute values. */
const record = completeTranscodeValues(outputs, { baseUrl: 'https://cdn.example.com', outputBucket: 'vod-out' });

const services = harnessPerTest(TABLE);
let h: Harness;
let machine: string;
beforeEach(async () => {
  h = await services.start();
  machine = h.service.createStateMachine({ name: 'vod-pipeline', definition: DEFINITION, roleArn: ROLE_ARN }).stateMachineArn as string;
  await putAsset(h.dynamodb, TABLE, ASSET_ID);
  h.functions
    .on('vod-register', () => ok({ assetId: ASSET_ID, origin: 'upload', source }))
    .on('vod-probe', (payload) => ok({ ...(payload as object), probe, settings: {} }))
    .on('vod-submit-job', () => ok({ jobId: '1700000000000-abcdef' }));
});

type SubmitPayload = { taskToken: string; branch: string; state: string; executionArn: string; assetId: string };

const submission = async (call: number) => (await h.functions.call('vod-submit-job', call)) as SubmitPayload;
const enteredStates = (executionArn: string) =>
  history(h.service, executionArn)
    .filter((event) => event.type?.endsWith('StateEntered'))
    .map((event) => event.stateEnteredEventDetails?.name);

/** The status change event as the bus delivers it, for the rule's pattern. */
const onTheBus = (entry: EventEntry): BusEvent => ({
  version: '0',
  id: 'e1',
  'detail-type': entry.detailType,
  source: entry.source,
  account: ACCOUNT,
  time: new Date().toISOString(),
  region: REGION,
  resources: entry.resources ?? [],
  detail: entry.detail,
});

describe('the pipeline state machine', () => {
  it('takes an upload through register, probe, the dash job and CompleteTranscode', async () => {
    // Prepare
    const event = objectCreated(BUCKET, KEY);

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine, input: JSON.stringify(event) });
    const submitted = await submission(1);
    h.service.sendTaskSuccess({ taskToken: submitted.taskToken, output: JSON.stringify({ jobId: '1700000000000-abcdef', outputs, record }) });
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(h.functions.callsOf('vod-register')).toEqual([{ event, executionArn, state: 'Register' }]);
    expect(submitted).toMatchObject({ assetId: ASSET_ID, branch: 'dash', state: 'SubmitDashJob', executionArn });
    expect(enteredStates(executionArn as string)).toEqual(['Register', 'Probe', 'ChooseBranch', 'SubmitDashJob', 'CompleteTranscode']);
    const events = history(h.service, executionArn as string);
    expectLinked(events);
    const completeEntered = events.find((item) => item.stateEnteredEventDetails?.name === 'CompleteTranscode');
    const item = await h.dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: { assetId: { S: ASSET_ID } } }));
    expect(item.Item).toMatchObject({
      status: { S: 'COMPLETE' },
      outputs: { M: { dash: { S: outputs.dash }, proxy: { S: outputs.proxy } } },
      playback: {
        M: { dash: { S: `https://cdn.example.com/${ASSET_ID}/dash/index.mpd` }, proxy: { S: `https://cdn.example.com/${ASSET_ID}/proxy.mp4` } },
      },
      updatedAt: { S: completeEntered?.timestamp?.toISOString() },
    });
  });

  it('fails at the job when MediaConvert fails it, and a redrive completes the same asset from there', async () => {
    // Prepare
    const names = { stateMachineArn: machine } as ResourceNames;
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine, input: JSON.stringify(objectCreated(BUCKET, KEY)) });
    h.service.sendTaskFailure({ taskToken: (await submission(1)).taskToken, error: 'MediaConvert.JobError', cause: '1040: Invalid input' });
    const failed = await h.service.waitForExecution(executionArn as string);

    // Act
    h.service.redriveExecution({ executionArn });
    h.service.sendTaskSuccess({ taskToken: (await submission(2)).taskToken, output: JSON.stringify({ outputs, record }) });
    const result = await h.service.waitForExecution(executionArn as string);
    await h.service.flushed();

    // Assess
    expect(failed).toMatchObject({ status: 'FAILED', error: 'MediaConvert.JobError', cause: '1040: Invalid input' });
    expect(result).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect(h.functions.callsOf('vod-register')).toHaveLength(1);
    expect(h.functions.callsOf('vod-probe')).toHaveLength(1);
    expect(enteredStates(executionArn as string)).toEqual(['Register', 'Probe', 'ChooseBranch', 'SubmitDashJob', 'CompleteTranscode']);
    const item = await h.dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: { assetId: { S: ASSET_ID } } }));
    expect(item.Item?.status).toEqual({ S: 'COMPLETE' });
    // The rule that records FAILED, the redrive and the final status on the asset sees those three events.
    const mine = h.events.filter((event) => event.resources?.includes(executionArn as string));
    expect(statuses(h.events, executionArn as string)).toEqual(['RUNNING', 'FAILED', 'RUNNING', 'SUCCEEDED']);
    expect(mine.map((event) => matchesPattern(EVENT_PATTERNS.executionStatus(names), onTheBus(event)))).toEqual([false, true, true, true]);
  });

  it('ends quietly on a duplicate event without starting a job', async () => {
    // Prepare
    h.functions.on('vod-register', () => fails('DuplicateEvent', `${KEY} was registered by another execution`));

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine, input: JSON.stringify(objectCreated(BUCKET, KEY)) });
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output as string).duplicate).toMatchObject({ Error: 'DuplicateEvent' });
    expect(enteredStates(executionArn as string)).toEqual(['Register', 'Duplicate']);
    expect(h.functions.callsOf('vod-submit-job')).toHaveLength(0);
  });

  it('sends mezzanine uploads through the loudness job and its classification', async () => {
    // Prepare
    const key = 'mezzanine/Reel 1+2:final.mxf';
    h.functions
      .on('vod-register', () => ok({ assetId: ASSET_ID, origin: 'upload', source: { bucket: BUCKET, key } }))
      .on('vod-classify-loudness', () =>
        ok({ loudness: { thresholdDb: -50, maxLoudness: [-20.1, -143.3], loudnessMap: [1, 0], silentTracks: [1], layout: 'mono' } }),
      );

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine, input: JSON.stringify(objectCreated(BUCKET, key)) });
    const submitted = await submission(1);
    h.service.sendTaskSuccess({ taskToken: submitted.taskToken, output: JSON.stringify({ jobId: 'j-2', logs: 's3://vod-out/tmp/loudness/' }) });
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(submitted).toMatchObject({ branch: 'loudness', state: 'SubmitLoudnessJob' });
    expect(result.status).toBe('SUCCEEDED');
    expect(enteredStates(executionArn as string)).toEqual(['Register', 'Probe', 'ChooseBranch', 'SubmitLoudnessJob', 'ClassifyLoudness']);
    expect(JSON.parse(result.output as string).result.loudness).toMatchObject({ loudnessMap: [1, 0], layout: 'mono' });
    expect(h.functions.callsOf('vod-classify-loudness')[0]).toMatchObject({ assetId: ASSET_ID, job: { jobId: 'j-2' }, state: 'ClassifyLoudness' });
  });

  it('records a rejected input through the Catch of Probe', async () => {
    // Prepare
    h.functions.on('vod-probe', () => fails('NotMedia', `${KEY} is not a media file`));

    // Act
    const { executionArn } = h.service.startExecution({ stateMachineArn: machine, input: JSON.stringify(objectCreated(BUCKET, KEY)) });
    const result = await h.service.waitForExecution(executionArn as string);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(enteredStates(executionArn as string)).toEqual(['Register', 'Probe', 'Rejected']);
    expect(JSON.parse(result.output as string)).toMatchObject({ assetId: ASSET_ID, rejection: { Error: 'NotMedia' } });
  });
});

import { mockClient } from 'aws-sdk-client-mock';
import { CreateJobCommand, MediaConvertClient, TooManyRequestsException } from '@aws-sdk/client-mediaconvert';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { resetClients } from '../../../functions/shared/clients';
import { handler } from '../../../functions/submit-job/handler';
import { TEMPLATES } from '../../../functions/submit-job/templates';
import type { SubmitJobEvent } from '../../../functions/submit-job/payload';
import { probeOf, stereoTracks } from './support';

const mc = mockClient(MediaConvertClient);
const ddb = mockClient(DynamoDBDocumentClient);
const context = { functionName: 'submit-job', awsRequestId: 'req-1' } as Context;

const JOB_ID = '1700000000000-abc123';
const CREATED_AT = new Date('2024-03-07T09:05:00.000Z');
const taskToken = 'AQCEAAAAKgAAAAMAAAAAAAAAAd+token/with=chars';

const event = (overrides: Partial<SubmitJobEvent> = {}): SubmitJobEvent => ({
  assetId: 'my-clip-0123456789abcdef',
  origin: 'upload',
  source: { bucket: 'vod-ingest', key: 'uploads/my clip+été:1.mp4' },
  probe: probeOf(),
  branch: 'dash',
  taskToken,
  executionArn: 'arn:aws:states:us-east-1:111122223333:execution:vod:run-1',
  state: 'SubmitDashJob',
  ...overrides,
});

beforeEach(() => {
  mc.reset();
  ddb.reset();
  resetClients();
  Object.assign(process.env, {
    ASSET_TABLE: 'assets',
    TASK_TOKEN_TABLE: 'tokens',
    OUTPUT_BUCKET: 'vod-outputs',
    ASSETS_BUCKET: 'vod-assets',
    MEDIACONVERT_ROLE_ARN: 'arn:aws:iam::111122223333:role/vod-mediaconvert',
    PIPELINE_NAME: 'vod-test',
  });
  delete process.env.MAX_JOB_COST_USD;
  mc.on(CreateJobCommand).resolves({ Job: { Id: JOB_ID, CreatedAt: CREATED_AT, Role: 'r', Settings: {} } });
  ddb.on(PutCommand).resolves({});
  ddb.on(GetCommand).resolves({ Item: { assetId: 'my-clip-0123456789abcdef', status: 'PROBING', jobs: [] } });
  ddb.on(UpdateCommand).resolves({});
});

describe('submit-job handler', () => {
  it('creates the job, stores the task token under the job id and records the job', async () => {
    // Act
    const result = await handler(event(), context);

    // Assess
    expect(result).toEqual({ jobId: JOB_ID });
    const request = mc.commandCalls(CreateJobCommand)[0].args[0].input;
    expect(request).toMatchObject({
      Role: 'arn:aws:iam::111122223333:role/vod-mediaconvert',
      UserMetadata: { assetId: 'my-clip-0123456789abcdef', pipeline: 'vod-test', branch: 'dash' },
      ClientRequestToken: createHash('sha256').update(taskToken).digest('hex'),
      StatusUpdateInterval: 'SECONDS_60',
    });
    expect(request.Settings?.Inputs?.[0].FileInput).toBe('s3://vod-ingest/uploads/my clip+été:1.mp4');

    const put = ddb.commandCalls(PutCommand)[0].args[0].input;
    expect(put.TableName).toBe('tokens');
    expect(put.Item).toMatchObject({
      jobId: JOB_ID,
      taskToken,
      assetId: 'my-clip-0123456789abcdef',
      branch: 'dash',
      executionArn: 'arn:aws:states:us-east-1:111122223333:execution:vod:run-1',
    });

    const update = ddb.commandCalls(UpdateCommand)[0].args[0].input;
    expect(update.Key).toEqual({ assetId: 'my-clip-0123456789abcdef' });
    expect(update.ExpressionAttributeValues).toMatchObject({
      ':status': 'TRANSCODING',
      ':branch': 'dash',
      ':job': [{ jobId: JOB_ID, template: 'vod-pipeline-dash', status: 'SUBMITTED', submittedAt: '2024-03-07T09:05:00.000Z' }],
    });
  });

  it('records a loudness job as ANALYZING from the loudness template', async () => {
    await handler(
      event({
        branch: 'loudness',
        state: 'SubmitLoudnessJob',
        source: { bucket: 'vod-ingest', key: 'mezzanine/show.mxf' },
        probe: probeOf({ audioTracks: stereoTracks(8, 1) }),
      }),
      context,
    );

    const request = mc.commandCalls(CreateJobCommand)[0].args[0].input;
    expect(Object.keys(request.Settings?.Inputs?.[0].AudioSelectors ?? {})).toHaveLength(8);
    expect(ddb.commandCalls(UpdateCommand)[0].args[0].input.ExpressionAttributeValues).toMatchObject({
      ':status': 'ANALYZING',
      ':job': [expect.objectContaining({ template: 'vod-pipeline-loudness' })],
    });
  });

  it('lets a CreateJob throttling error through with its name, so the state machine retries', async () => {
    mc.on(CreateJobCommand).rejects(new TooManyRequestsException({ message: 'Too many requests', $metadata: {} }));

    await expect(handler(event(), context)).rejects.toMatchObject({ name: 'TooManyRequestsException' });

    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('records a job once when a retried invocation gets the same job back', async () => {
    ddb.on(GetCommand).resolves({
      Item: {
        assetId: 'my-clip-0123456789abcdef',
        status: 'TRANSCODING',
        jobs: [{ jobId: JOB_ID, template: 'vod-pipeline-dash', status: 'SUBMITTED', submittedAt: 'x' }],
      },
    });

    const result = await handler(event(), context);

    expect(result).toEqual({ jobId: JOB_ID });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('rejects a file without video before creating any job, and records the rejection', async () => {
    await expect(handler(event({ probe: probeOf({ video: undefined }) }), context)).rejects.toMatchObject({ name: 'InputRejected' });

    expect(mc.commandCalls(CreateJobCommand)).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)[0].args[0].input.ExpressionAttributeValues).toMatchObject({
      ':status': 'REJECTED',
      ':error': { state: 'SubmitDashJob', error: 'InputRejected' },
    });
  });

  it("records the job's estimated cost and the asset's total with the price table", async () => {
    // Prepare: the asset already has a job estimated at $0.10 (a redriven submit).
    ddb.on(GetCommand).resolves({
      Item: {
        assetId: 'my-clip-0123456789abcdef',
        status: 'FAILED',
        jobs: [{ jobId: 'old', template: 't', status: 'ERROR', submittedAt: 'x', estimatedCostUsd: 0.1 }],
      },
    });

    // Act
    await handler(event(), context);

    // Assess: 2 minutes of 1080p25, the dash job of cost-estimate.test.ts: $0.678
    expect(ddb.commandCalls(UpdateCommand)[0].args[0].input.ExpressionAttributeValues).toMatchObject({
      ':job': [expect.objectContaining({ jobId: JOB_ID, estimatedCostUsd: 0.678 })],
      ':cost': { estimatedUsd: 0.778, priceTable: 'MediaConvert on-demand us-east-1 2026-12-03 (https://aws.amazon.com/mediaconvert/pricing/)' },
    });
  });

  it('rejects an asset above maxJobCostUsd before creating any job, with the estimate and the limit', async () => {
    // Prepare
    process.env.MAX_JOB_COST_USD = '0.5';

    // Act
    const result = handler(event(), context);

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'InputRejected' });
    expect(mc.commandCalls(CreateJobCommand)).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)[0].args[0].input.ExpressionAttributeValues).toMatchObject({
      ':status': 'REJECTED',
      ':error': {
        state: 'SubmitDashJob',
        error: 'InputRejected',
        cause:
          'Asset my-clip-0123456789abcdef (SubmitDashJob): estimated MediaConvert cost $0.6780 is above maxJobCostUsd $0.5000; ' +
          'raise the limit in cdk.json (-c maxJobCostUsd=...) or split the source',
      },
    });
  });

  it("rejects a source longer than the manifest's lowered maxSourceMinutes", async () => {
    // Prepare: the stack allows 240 minutes; the manifest lowers it to 1.
    ddb.on(GetCommand).resolves({
      Item: {
        assetId: 'my-clip-0123456789abcdef',
        status: 'PROBING',
        manifest: { bucket: 'vod-ingest', key: 'uploads/clip.vod.json', settings: { source: 'uploads/clip.mp4', limits: { maxSourceMinutes: 1 } } },
      },
    });

    // Act
    const result = handler(event(), context);

    // Assess
    await expect(result).rejects.toThrow(
      'the source is 2 minutes long, above maxSourceMinutes 1 minute; the manifest s3://vod-ingest/uploads/clip.vod.json set it',
    );
    expect(mc.commandCalls(CreateJobCommand)).toHaveLength(0);
  });

  it('refuses a malformed payload without touching MediaConvert or the asset', async () => {
    const bad = { ...event(), taskToken: undefined } as unknown as SubmitJobEvent;

    await expect(handler(bad, context)).rejects.toThrow(/invalid payload for asset my-clip-0123456789abcdef: taskToken/);

    expect(mc.commandCalls(CreateJobCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('fails on a malformed template without creating a job or marking the asset', async () => {
    // Prepare: a dash template that lost its inputs
    const original = TEMPLATES.dash;
    TEMPLATES.dash = { ...original, Settings: { ...original.Settings, Inputs: [] } };

    try {
      // Act
      const failing = handler(event(), context);

      // Assess: not an input rejection, so the execution fails at this state and can be redriven after the fix
      await expect(failing).rejects.toMatchObject({
        name: 'JobTemplateError',
        message: expect.stringMatching(/my-clip-0123456789abcdef \(SubmitDashJob\).*job-templates\/dash-abr\.json.*redrive/),
      });
      expect(mc.commandCalls(CreateJobCommand)).toHaveLength(0);
      expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
      expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    } finally {
      TEMPLATES.dash = original;
    }
  });

  it('fails clearly when MediaConvert returns no job id', async () => {
    mc.on(CreateJobCommand).resolves({});

    await expect(handler(event(), context)).rejects.toThrow(/my-clip-0123456789abcdef \(SubmitDashJob\): MediaConvert CreateJob returned no job id/);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });
});

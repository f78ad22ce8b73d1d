import * as fs from 'node:fs';
import * as path from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { handler } from '../../../functions/classify-loudness/handler';
import type { ClassifyLoudnessEvent } from '../../../functions/classify-loudness/handler';
import type { AssetRecord, Probe } from '../../../functions/shared/asset';
import { resetClients } from '../../../functions/shared/clients';
import { loudnessLogKeys } from '../../../functions/shared/output-layout';

const s3 = mockClient(S3Client);
const ddb = mockClient(DynamoDBDocumentClient);
const context = { functionName: 'classify-loudness', awsRequestId: 'req-1' } as Context;
const assetId = 'mezzanine-8-tracks-0a1b2c3d4e5f6789';
const folder = `tmp/loudness/${assetId}/`;
/** The loudness job's output with video, as the submit step names it (output-layout.ts). */
const proxyKey = `${folder}audio_analysis.mp4`;

const fixture = (name: string): string => fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'loudness', name), 'utf8');

/** A GetObject body; the handler only calls transformToString, which the SDK mixes into real streams. */
const body = (text: string) => ({ transformToString: async () => text }) as unknown as GetObjectCommandOutput['Body'];

function probe(audioCount: number): Probe {
  return {
    container: 'MXF',
    durationMs: 60000,
    video: { codec: 'AVC', width: 1920, height: 1080 },
    audioCount,
    audioTracks: Array.from({ length: audioCount }, (_, i) => ({ index: i + 1, codec: 'PCM', channels: 1, sampleRate: 48000 })),
  };
}

function payload(audioCount = 8): ClassifyLoudnessEvent {
  return {
    assetId,
    job: {
      jobId: '1700000000000-abc123',
      status: 'COMPLETE',
      outputs: { proxy: `s3://out/${proxyKey}` },
      outputFiles: [`s3://out/${proxyKey}`],
      durationMs: 60000,
    },
    probe: probe(audioCount),
    state: 'ClassifyLoudness',
  };
}

/**
 * The job's folder holds the proxy and the logs the submit step's layout names, for the given
 * tracks of `trackCount`; tracks in `audible` get an audible log.
 */
function jobFolder(
  tracks: number[],
  audible: number[],
  logOf: (track: number) => string = () => fixture('silent.csv'),
  options: { trackCount?: number; hasVideo?: boolean } = {},
): string[] {
  const names = loudnessLogKeys(assetId, options.trackCount ?? Math.max(...tracks), options.hasVideo ?? true);
  const logs = tracks.map((track) => names[track - 1]);
  const media = options.hasVideo === false ? [] : [proxyKey];
  s3.on(ListObjectsV2Command, { Bucket: 'out', Prefix: folder }).resolves({
    Contents: [...media, ...logs].map((Key) => ({ Key })),
    IsTruncated: false,
  });
  for (const track of tracks) {
    const text = audible.includes(track) ? fixture('audible.csv') : logOf(track);
    s3.on(GetObjectCommand, { Bucket: 'out', Key: names[track - 1] }).resolves({ Body: body(text) });
  }
  return [...media, ...logs];
}

beforeEach(() => {
  s3.reset();
  ddb.reset();
  resetClients();
  process.env.ASSET_TABLE = 'assets';
  process.env.OUTPUT_BUCKET = 'out';
  delete process.env.LOUDNESS_THRESHOLD_DB;
  ddb.on(UpdateCommand).resolves({});
  s3.on(DeleteObjectsCommand).resolves({});
});

describe('classify-loudness', () => {
  it('classifies 8 tracks with 2 audible as stereo, records it and deletes the temporary files', async () => {
    // Prepare
    const keys = jobFolder([1, 2, 3, 4, 5, 6, 7, 8], [1, 2]);

    // Act
    const result = await handler(payload(), context);

    // Assess
    const expected = {
      thresholdDb: -50,
      maxLoudness: [-9.87, -9.87, -143.27, -143.27, -143.27, -143.27, -143.27, -143.27],
      loudnessMap: [1, 1, 0, 0, 0, 0, 0, 0],
      silentTracks: [3, 4, 5, 6, 7, 8],
      layout: 'stereo',
    };
    expect(result).toEqual({ loudness: expected });
    const update = ddb.commandCalls(UpdateCommand)[0].args[0].input;
    expect(update.Key).toEqual({ assetId });
    expect(update.ExpressionAttributeValues).toMatchObject({ ':status': 'COMPLETE', ':loudness': expected });
    const deletion = s3.commandCalls(DeleteObjectsCommand)[0].args[0].input;
    expect(deletion.Bucket).toBe('out');
    expect(deletion.Delete?.Objects?.map((object) => object.Key).sort()).toEqual([...keys].sort());
  });

  it('reads the logs of an audio-only input, one output per track', async () => {
    const keys = jobFolder([1, 2, 3], [2], undefined, { hasVideo: false });
    const input = payload(3);
    const firstTrack = `s3://out/${folder}audio_track1.mp4`;
    input.job.outputs = { proxy: firstTrack };
    input.job.outputFiles = [1, 2, 3].map((n) => `s3://out/${folder}audio_track${n}.mp4`);

    const result = await handler(input, context);

    expect(result.loudness).toMatchObject({ loudnessMap: [0, 1, 0], silentTracks: [1, 3], layout: 'mono' });
    expect(
      s3
        .commandCalls(DeleteObjectsCommand)[0]
        .args[0].input.Delete?.Objects?.map((object) => object.Key)
        .sort(),
    ).toEqual([...keys].sort());
  });

  it('uses the configured threshold', async () => {
    process.env.LOUDNESS_THRESHOLD_DB = '-5';
    jobFolder([1, 2], [1, 2]);

    const result = await handler(payload(2), context);

    expect(result.loudness).toMatchObject({ thresholdDb: -5, loudnessMap: [0, 0], layout: 'none' });
  });

  it("uses the job manifest's threshold over the configured one", async () => {
    process.env.LOUDNESS_THRESHOLD_DB = '-5';
    jobFolder([1, 2], [1, 2]);

    const result = await handler({ ...payload(2), settings: { loudness: { thresholdDb: -60 } } }, context);

    expect(result.loudness).toMatchObject({ thresholdDb: -60 });
  });

  it('fails naming the missing tracks when there are fewer logs than audio tracks, and keeps the files', async () => {
    jobFolder([1, 2, 4, 5, 6, 8], [1, 2], undefined, { trackCount: 8 });

    const result = handler(payload(8), context);

    await expect(result).rejects.toMatchObject({
      name: 'LoudnessLogsMismatch',
      message: expect.stringMatching(
        new RegExp(`Asset ${assetId}, state ClassifyLoudness: .*6 loudness logs .*8 audio tracks; missing tracks: 3, 7`),
      ),
    });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(s3.commandCalls(DeleteObjectsCommand)).toHaveLength(0);
  });

  it('fails naming the file of a log without any numeric value', async () => {
    jobFolder([1, 2], [1], () => fixture('no-values.csv'));

    const result = handler(payload(2), context);

    await expect(result).rejects.toMatchObject({
      name: 'LoudnessLogUnreadable',
      message: expect.stringContaining(
        `Asset ${assetId}, state ClassifyLoudness, track 2: s3://out/${folder}audio_analysis_loudness.2.csv has no numeric`,
      ),
    });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it("refuses a job whose proxy is outside the asset's temporary folder, touching nothing", async () => {
    const input = payload();
    input.job.outputs.proxy = 's3://out/assets/other/clip.mp4';

    await expect(handler(input, context)).rejects.toMatchObject({ name: 'TemporaryFolderRefused' });

    expect(s3.calls()).toHaveLength(0);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('returns the recorded result when a retry finds the logs already deleted', async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: [], IsTruncated: false });
    const loudness = { thresholdDb: -50, maxLoudness: [-9.87], loudnessMap: [1 as const], silentTracks: [], layout: 'mono' as const };
    const record: Partial<AssetRecord> = { assetId, status: 'COMPLETE', loudness };
    ddb.on(GetCommand).resolves({ Item: record });

    const result = await handler(payload(1), context);

    expect(result).toEqual({ loudness });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('lists every page of the folder', async () => {
    s3.on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [{ Key: proxyKey }, { Key: `${folder}audio_analysis_loudness.1.csv` }],
        IsTruncated: true,
        NextContinuationToken: 'page-2',
      })
      .resolves({ Contents: [{ Key: `${folder}audio_analysis_loudness.2.csv` }], IsTruncated: false });
    s3.on(GetObjectCommand).resolves({ Body: body(fixture('audible.csv')) });

    const result = await handler(payload(2), context);

    expect(result.loudness.loudnessMap).toEqual([1, 1]);
    expect(s3.commandCalls(ListObjectsV2Command)[1].args[0].input.ContinuationToken).toBe('page-2');
    expect(s3.commandCalls(DeleteObjectsCommand)[0].args[0].input.Delete?.Objects).toHaveLength(3);
  });
});

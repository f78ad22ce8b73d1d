import { readdirSync } from 'node:fs';
import path from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { handler } from '../../../functions/probe/handler';
import type { ProbeEvent } from '../../../functions/probe/handler';
import { resetClients } from '../../../functions/shared/clients';
import { FakeS3 } from './support/fake-s3';
import { audioOnly, hlsRendition, tempDir } from './support/media';

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = new FakeS3();
const context = { functionName: 'probe', awsRequestId: 'req-1' } as Context;
const temp = tempDir();
let tone: string;
let rendition: string;

const PREFIX = 'ivs/v1/123456789012/AsXego4U6tnj/2024/5/1/10/7/rec1';

beforeAll(() => {
  tone = audioOnly(temp.file('tone.m4a'), 1);
  rendition = temp.file('720p30/');
  hlsRendition(rendition, { seconds: 2, picture: { width: 1280, height: 720, rate: 30 }, videoBitrate: '800k' });
}, 60_000);

afterAll(() => temp.remove());

beforeEach(() => {
  ddb.reset();
  ddb.on(UpdateCommand).resolves({});
  s3.reset();
  resetClients();
  process.env.ASSET_TABLE = 'assets';
});

const updates = () => ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);

describe('probe handler', () => {
  it('marks the asset PROBING, records the probe and returns the resolved source with it', async () => {
    // Prepare
    s3.putFile('ingest', 'uploads/Café take 1.m4a', tone);
    const event: ProbeEvent = {
      assetId: 's3-abc',
      origin: 'upload',
      source: { bucket: 'ingest', key: 'uploads/Caf%C3%A9+take+1.m4a' },
      state: 'Probe',
    };

    // Act
    const result = await handler(event, context);

    // Assess
    expect(result).toEqual({
      assetId: 's3-abc',
      origin: 'upload',
      source: { bucket: 'ingest', key: 'uploads/Café take 1.m4a', size: expect.any(Number), etag: expect.any(String) },
      probe: {
        container: 'MPEG-4',
        durationMs: expect.any(Number),
        audioCount: 1,
        audioTracks: [{ index: 1, codec: 'AAC', channels: 2, sampleRate: 48000 }],
      },
    });
    const [probing, recorded] = updates();
    expect(probing).toMatchObject({ Key: { assetId: 's3-abc' }, ExpressionAttributeValues: { ':status': 'PROBING' } });
    expect(recorded).toMatchObject({ Key: { assetId: 's3-abc' }, ExpressionAttributeValues: { ':probe': result.probe } });
    expect(updates()).toHaveLength(2);
    expect(ddb.commandCalls(UpdateCommand)[0].calledBefore(s3.mock.commandCalls(HeadObjectCommand)[0])).toBe(true);
  });

  it('returns an IVS source with its master playlist', async () => {
    s3.put(
      'recordings',
      `${PREFIX}/events/recording-ended.json`,
      JSON.stringify({
        recording_status: 'RECORDING_ENDED',
        media: {
          hls: { path: 'media/hls', playlist: 'master.m3u8', renditions: [{ path: '720p30', playlist: 'playlist.m3u8', resolution_height: 720 }] },
        },
      }),
    );
    s3.put(
      'recordings',
      `${PREFIX}/media/hls/master.m3u8`,
      '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=1280x720\n720p30/playlist.m3u8\n',
    );
    for (const file of readdirSync(rendition)) s3.putFile('recordings', `${PREFIX}/media/hls/720p30/${file}`, path.join(rendition, file));
    const source = { bucket: 'recordings', prefix: PREFIX, channelArn: 'arn:aws:ivs:us-west-2:123456789012:channel/AsXego4U6tnj' };

    const result = await handler({ assetId: 'ivs-1', origin: 'ivs', source, state: 'Probe' }, context);

    expect(result.source).toEqual({ ...source, playlist: `${PREFIX}/media/hls/master.m3u8` });
    expect(result.probe).toMatchObject({ container: 'HLS', video: { width: 1280, height: 720 }, audioCount: 1 });
    expect(Math.abs(result.probe.durationMs - 2000)).toBeLessThanOrEqual(100);
    expect(updates().map((update) => Object.keys(update.ExpressionAttributeValues ?? {}).filter((k) => k === ':status' || k === ':probe'))).toEqual([
      [':status'],
      [':probe'],
    ]);
  });

  it('records a file that is not media as REJECTED and records no probe', async () => {
    s3.put('ingest', 'uploads/notes.mp4', 'meeting notes\n'.repeat(500));

    const result = handler({ assetId: 's3-def', origin: 'upload', source: { bucket: 'ingest', key: 'uploads/notes.mp4' }, state: 'Probe' }, context);

    await expect(result).rejects.toMatchObject({ name: 'NotMedia' });
    expect(updates().map((update) => update.ExpressionAttributeValues?.[':status'])).toEqual(['PROBING', 'REJECTED']);
    expect(updates()[1].ExpressionAttributeValues).toMatchObject({ ':error': { state: 'Probe', error: 'NotMedia' } });
  });

  it('refuses a payload without a source before touching the asset', async () => {
    const event = { assetId: 's3-ghi', origin: 'upload', state: 'Probe' } as unknown as ProbeEvent;

    await expect(handler(event, context)).rejects.toThrow(
      /Probe: source has no bucket with a key \(upload\) or a prefix \(IVS recording\).*Probe state.s Parameters/,
    );
    expect(updates()).toHaveLength(0);
  });
});

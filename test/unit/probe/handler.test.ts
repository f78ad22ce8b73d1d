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
      settings: {},
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

  describe('a job manifest', () => {
    const manifestEvent = (key: string): ProbeEvent => ({
      assetId: 's3-manifest',
      origin: 'upload',
      source: { bucket: 'ingest', key },
      state: 'Probe',
    });

    it('probes the video it names, records the manifest and its metadata, and returns its settings', async () => {
      // Prepare
      s3.putFile('ingest', 'sources/tone.m4a', tone);
      const manifest = { source: 'sources/tone.m4a', branch: 'loudness', loudness: { thresholdDb: -40 }, metadata: { show: 'Café' } };
      s3.put('ingest', 'jobs/tone.vod.json', JSON.stringify(manifest));

      // Act
      const result = await handler(manifestEvent('jobs/tone.vod.json'), context);

      // Assess
      expect(result).toMatchObject({
        source: { bucket: 'ingest', key: 'sources/tone.m4a' },
        settings: { branch: 'loudness', loudness: { thresholdDb: -40 } },
      });
      expect(result.settings).not.toHaveProperty('metadata');
      expect(result.probe.audioCount).toBe(1);
      const recorded = updates().find((update) => update.ExpressionAttributeValues?.[':manifest']);
      expect(recorded?.ExpressionAttributeValues).toMatchObject({
        ':source': { bucket: 'ingest', key: 'sources/tone.m4a' },
        ':manifest': { bucket: 'ingest', key: 'jobs/tone.vod.json', settings: manifest },
        ':metadata': { show: 'Café' },
      });
      expect(s3.gets.filter((get) => get.key === 'jobs/tone.vod.json')).toEqual([
        { bucket: 'ingest', key: 'jobs/tone.vod.json', range: 'bytes=0-65536', bytes: expect.any(Number) },
      ]);
    });

    it.each([
      [
        'not JSON',
        'source: sources/tone.m4a',
        /the job manifest s3:\/\/ingest\/jobs\/bad\.vod\.json is not valid: at \$: found text that is not JSON .*; allowed: a JSON object\. No job was created/,
      ],
      [
        'a schema violation',
        JSON.stringify({ source: 'sources/tone.m4a', abr: { maxBitrate: 'fast' } }),
        /at \$\.abr\.maxBitrate: found "fast" \(a string\); allowed: a whole number from 100000 to 100000000/,
      ],
      [
        'a missing video',
        JSON.stringify({ source: 'sources/gone.mp4' }),
        /names the video s3:\/\/ingest\/sources\/gone\.mp4 \(\$\.source\), which does not exist/,
      ],
      [
        'a clip beyond the video',
        JSON.stringify({ source: 'sources/tone.m4a', clip: { start: 30 } }),
        /does not fit its video: at \$\.clip\.start: found 30 \(30\.000 s\); allowed: at most the video's duration/,
      ],
    ])('rejects %s, recording REJECTED with the cause', async (_what, body, cause) => {
      // Prepare
      s3.putFile('ingest', 'sources/tone.m4a', tone);
      s3.put('ingest', 'jobs/bad.vod.json', body);

      // Act
      const result = handler(manifestEvent('jobs/bad.vod.json'), context);

      // Assess
      await expect(result).rejects.toMatchObject({ name: 'InputRejected', message: expect.stringMatching(cause) });
      const rejected = updates().find((update) => update.ExpressionAttributeValues?.[':status'] === 'REJECTED');
      expect(rejected?.ExpressionAttributeValues?.[':error']).toMatchObject({
        state: 'Probe',
        error: 'InputRejected',
        cause: expect.stringMatching(cause),
      });
    });

    it('refuses a manifest over 64 KiB from its size, without reading it', async () => {
      s3.put('ingest', 'jobs/big.vod.json', JSON.stringify({ source: 'sources/tone.m4a', metadata: { pad: 'x'.repeat(70_000) } }));

      const result = handler(manifestEvent('jobs/big.vod.json'), context);

      await expect(result).rejects.toMatchObject({
        name: 'InputRejected',
        message: expect.stringMatching(/at \$: found a manifest of \d+ bytes; allowed: at most 65536 bytes \(64 KiB\)/),
      });
      expect(s3.gets).toHaveLength(0);
    });
  });
});

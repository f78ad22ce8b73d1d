import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { IvsSource } from '../../../functions/shared/asset';
import { resetClients } from '../../../functions/shared/clients';
import type { RecordingMetadata } from '../../../functions/shared/ivs-recording';
import type { ProbeContext } from '../../../functions/probe/probe-context';
import { probeRecording } from '../../../functions/probe/probe-recording';
import { FakeS3 } from './support/fake-s3';
import { hlsRendition, tempDir } from './support/media';

const BUCKET = 'recordings-bucket';
const PREFIX = 'ivs/v1/123456789012/AsXego4U6tnj/2024/5/1/10/7/j8Z9O91ndcVs';
const context: ProbeContext = { assetId: 'ivs-77aa', state: 'Probe' };
const source: IvsSource = { bucket: BUCKET, prefix: PREFIX, channelArn: 'arn:aws:ivs:us-west-2:123456789012:channel/AsXego4U6tnj' };

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../fixtures/probe', name), 'utf8');
const ENDED = fixture('s3-events-recording-ended.awsdocs.json');
const FAILED = fixture('s3-events-recording-failed.awsdocs.json');

const s3 = new FakeS3();
const temp = tempDir();
const renditions = { high: temp.file('720/'), low: temp.file('360/') };

beforeAll(() => {
  hlsRendition(renditions.high, { seconds: 3, picture: { width: 1280, height: 720, rate: 30 }, videoBitrate: '1M' });
  hlsRendition(renditions.low, { seconds: 3, picture: { width: 640, height: 360, rate: 30 }, videoBitrate: '400k' });
}, 120_000);

afterAll(() => temp.remove());

beforeEach(() => {
  s3.reset();
  resetClients();
});

/** Lays a generated rendition out under `<prefix>/media/hls/<name>/` as IVS does. */
function putRendition(name: string, dir: string): void {
  for (const file of readdirSync(dir)) s3.putFile(BUCKET, `${PREFIX}/media/hls/${name}/${file}`, path.join(dir, file));
}

function putMaster(variants: { name: string; width: number; height: number }[]): void {
  const lines = variants.flatMap(({ name, width, height }) => [
    `#EXT-X-STREAM-INF:BANDWIDTH=${height * 4000},RESOLUTION=${width}x${height},CODECS="avc1.64001f,mp4a.40.2"`,
    `${name}/playlist.m3u8`,
  ]);
  s3.put(BUCKET, `${PREFIX}/media/hls/master.m3u8`, ['#EXTM3U', '#EXT-X-INDEPENDENT-SEGMENTS', ...lines, ''].join('\n'));
}

/** IVS's sample metadata, with the renditions the test laid out. */
function metadataFor(renditionList: { name: string; width: number; height: number }[], durationMs?: number): string {
  const metadata = JSON.parse(ENDED) as RecordingMetadata;
  const hls = metadata.media!.hls!;
  hls.renditions = renditionList.map(({ name, width, height }) => ({
    path: name,
    playlist: 'playlist.m3u8',
    resolution_height: height,
    resolution_width: width,
  }));
  if (durationMs === undefined) delete hls.duration_ms;
  else hls.duration_ms = durationMs;
  return JSON.stringify(metadata);
}

const LAYOUT = [
  { name: '360p30', width: 640, height: 360 },
  { name: '720p30', width: 1280, height: 720 },
];

function putRecording(metadata: string = metadataFor(LAYOUT)): void {
  s3.put(BUCKET, `${PREFIX}/events/recording-ended.json`, metadata);
  putMaster(LAYOUT);
  putRendition('720p30', renditions.high);
  putRendition('360p30', renditions.low);
}

describe('probeRecording', () => {
  it('probes the first segment of the highest rendition and sums the playlist for the duration', async () => {
    // Prepare
    putRecording();

    // Act
    const result = await probeRecording(context, source);

    // Assess
    expect(result.source).toEqual({ ...source, playlist: `${PREFIX}/media/hls/master.m3u8` });
    expect(result.rendition).toBe(`${PREFIX}/media/hls/720p30/playlist.m3u8`);
    expect(result.probe.container).toBe('HLS');
    expect(Math.abs(result.probe.durationMs - 3000)).toBeLessThanOrEqual(100);
    expect(result.probe.video).toMatchObject({ codec: 'AVC', width: 1280, height: 720 });
    expect(result.probe.audioTracks).toEqual([{ index: 1, codec: 'AAC', channels: 2, sampleRate: 48000 }]);
    const segmentsRead = new Set(s3.gets.map((get) => get.key).filter((key) => key.endsWith('.ts')));
    expect([...segmentsRead]).toEqual([`${PREFIX}/media/hls/720p30/0.ts`]);
  });

  it("takes the duration from the metadata, and follows IVS's sample metadata as it is", async () => {
    // Prepare: the sample lists 480p30, 360p30, 160p30 and 720p60; only the two read are laid out.
    s3.put(BUCKET, `${PREFIX}/events/recording-ended.json`, ENDED);
    putMaster([
      { name: '480p30', width: 852, height: 480 },
      { name: '720p60', width: 1280, height: 720 },
    ]);
    putRendition('720p60', renditions.high);
    putRendition('480p30', renditions.low);

    // Act
    const result = await probeRecording(context, source);

    // Assess
    expect(result.probe.durationMs).toBe(172794489);
    expect(result.rendition).toBe(`${PREFIX}/media/hls/720p60/playlist.m3u8`);
    expect(result.probe.video).toMatchObject({ width: 1280, height: 720 });
  });

  it("falls back to the master playlist's tallest variant when the metadata lists no renditions", async () => {
    putRecording(metadataFor([], 3000));

    const result = await probeRecording(context, source);

    expect(result.rendition).toBe(`${PREFIX}/media/hls/720p30/playlist.m3u8`);
    expect(result.probe.durationMs).toBe(3000);
  });

  it('reads only the byte range of a segment stored inside a larger object', async () => {
    // Prepare: the first segment sits after other bytes in one object, as byte-range playlists have it.
    const first = readFileSync(path.join(renditions.high, '0.ts'));
    const before = readFileSync(path.join(renditions.high, '1.ts'));
    s3.put(BUCKET, `${PREFIX}/events/recording-ended.json`, metadataFor(LAYOUT, 1000));
    putMaster(LAYOUT);
    s3.put(BUCKET, `${PREFIX}/media/hls/720p30/media.ts`, Buffer.concat([before, first]));
    s3.put(
      BUCKET,
      `${PREFIX}/media/hls/720p30/playlist.m3u8`,
      `#EXTM3U\n#EXTINF:1.0,\n#EXT-X-BYTERANGE:${first.length}@${before.length}\nmedia.ts\n#EXT-X-ENDLIST\n`,
    );

    // Act
    const result = await probeRecording(context, source);

    // Assess
    expect(result.probe.video).toMatchObject({ width: 1280, height: 720 });
    const ranges = s3.gets.filter((get) => get.key.endsWith('media.ts')).map((get) => get.range!.replace('bytes=', '').split('-').map(Number));
    expect(ranges.length).toBeGreaterThan(0);
    expect(ranges.every(([start, end]) => start >= before.length && end < before.length + first.length)).toBe(true);
  });

  describe('a recording that is not ready', () => {
    it('is RecordingNotReady while the metadata is missing', async () => {
      putMaster(LAYOUT);
      putRendition('720p30', renditions.high);

      const result = probeRecording(context, source);

      await expect(result).rejects.toMatchObject({ name: 'RecordingNotReady' });
      await expect(result).rejects.toThrow(
        `ivs-77aa (state Probe): the recording metadata s3://${BUCKET}/${PREFIX}/events/recording-ended.json is not there yet`,
      );
    });

    it('is RecordingNotReady while the master playlist is missing', async () => {
      s3.put(BUCKET, `${PREFIX}/events/recording-ended.json`, metadataFor(LAYOUT));

      await expect(probeRecording(context, source)).rejects.toMatchObject({
        name: 'RecordingNotReady',
        message: expect.stringContaining('media/hls/master.m3u8 is not there yet'),
      });
    });

    it('is RecordingNotReady while the rendition playlist is missing', async () => {
      s3.put(BUCKET, `${PREFIX}/events/recording-ended.json`, metadataFor(LAYOUT));
      putMaster(LAYOUT);

      await expect(probeRecording(context, source)).rejects.toMatchObject({
        name: 'RecordingNotReady',
        message: expect.stringContaining('720p30/playlist.m3u8 is not there yet'),
      });
    });

    it('is RecordingNotReady while the first segment is missing', async () => {
      s3.put(BUCKET, `${PREFIX}/events/recording-ended.json`, metadataFor(LAYOUT));
      putMaster(LAYOUT);
      s3.putFile(BUCKET, `${PREFIX}/media/hls/720p30/playlist.m3u8`, path.join(renditions.high, 'playlist.m3u8'));

      await expect(probeRecording(context, source)).rejects.toMatchObject({
        name: 'RecordingNotReady',
        message: expect.stringContaining('720p30/0.ts is not there yet'),
      });
    });
  });

  describe('a recording that failed', () => {
    it('is rejected with the reason when IVS wrote recording-failed.json', async () => {
      s3.put(BUCKET, `${PREFIX}/events/recording-failed.json`, FAILED);

      const result = probeRecording(context, source);

      await expect(result).rejects.toMatchObject({ name: 'InputRejected' });
      await expect(result).rejects.toThrow('RECORDING_ENDED_WITH_FAILURE: InternalServerException');
    });

    it('is rejected when the ended metadata reports a failure', async () => {
      putRecording(FAILED);

      await expect(probeRecording(context, source)).rejects.toMatchObject({
        name: 'InputRejected',
        message: expect.stringContaining('did not end well (recording_status is RECORDING_ENDED_WITH_FAILURE'),
      });
    });

    it('is rejected when its first segment is not media', async () => {
      putRecording();
      s3.put(BUCKET, `${PREFIX}/media/hls/720p30/0.ts`, 'not a transport stream\n'.repeat(100));

      await expect(probeRecording(context, source)).rejects.toMatchObject({ name: 'NotMedia' });
    });
  });
});

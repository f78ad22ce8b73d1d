import { readFileSync, statSync } from 'node:fs';
import { DEFAULT_BLOCK_SIZE } from '../../../functions/probe/block-reader';
import { findMovieBox } from '../../../functions/probe/movie-box';
import { resetClients } from '../../../functions/shared/clients';
import { InputRejected } from '../../../functions/shared/errors';
import { probeUpload } from '../../../functions/probe/probe-upload';
import type { ProbeContext } from '../../../functions/probe/probe-context';
import { FakeS3 } from './support/fake-s3';
import {
  audioOnly,
  largeFaststartMp4,
  mp4WithAac,
  oneFrame,
  tempDir,
  videoOnly,
  withMonoPcmTracks,
  withMoovAtEnd,
  withRotation,
} from './support/media';

const BUCKET = 'ingest-bucket';
const context: ProbeContext = { assetId: 's3-0123abcd', state: 'Probe' };
const s3 = new FakeS3();
const temp = tempDir();
const media: Record<string, string> = {};

beforeAll(() => {
  media.hd = mp4WithAac(temp.file('hd.mp4'), { seconds: 2, picture: { width: 1280, height: 720, rate: 30 }, channels: 2 });
  media.mxf8 = withMonoPcmTracks(temp.file('eight.mxf'), { seconds: 2, tracks: 8, video: 'mpeg2' });
  media.mov16 = withMonoPcmTracks(temp.file('sixteen.mov'), { seconds: 1, tracks: 16 });
  media.videoOnly = videoOnly(temp.file('silent.mp4'), 2);
  media.audioOnly = audioOnly(temp.file('tone.m4a'), 2);
  media.large = largeFaststartMp4(temp.file('large.mp4'), 30);
  media.portrait = withRotation(media.hd, temp.file('phone.mp4'), 90);
  media.upsideDown = withRotation(media.hd, temp.file('upside-down.mp4'), 180);
  media.oneFrame = oneFrame(temp.file('one-frame.mp4'));
  media.largeMoovAtEnd = withMoovAtEnd(media.large, temp.file('large-moov-at-end.mp4'));
  media.largeMxf = withMonoPcmTracks(temp.file('large.mxf'), { seconds: 10, tracks: 8, video: 'mpeg2' });
}, 120_000);

/** Bytes of an MP4's index (`moov`, with what precedes it when it comes first). */
async function mp4IndexBytes(file: string): Promise<number> {
  const bytes = readFileSync(file);
  const box = await findMovieBox({ size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) });
  return box!.end - box!.start;
}

afterAll(() => temp.remove());

beforeEach(() => {
  s3.reset();
  resetClients();
});

describe('probeUpload', () => {
  it('describes a 720p MP4 with stereo AAC', async () => {
    // Prepare
    s3.putFile(BUCKET, 'uploads/hd.mp4', media.hd);

    // Act
    const { probe, source } = await probeUpload(context, { bucket: BUCKET, key: 'uploads/hd.mp4' });

    // Assess
    expect(probe.container).toBe('MPEG-4');
    expect(Math.abs(probe.durationMs - 2000)).toBeLessThanOrEqual(100);
    expect(probe.video).toMatchObject({ codec: 'AVC', width: 1280, height: 720, frameRate: 30 });
    expect(probe.video?.bitrate).toBeGreaterThan(0);
    expect(probe.audioCount).toBe(1);
    expect(probe.audioTracks).toEqual([{ index: 1, codec: 'AAC', channels: 2, sampleRate: 48000 }]);
    expect(source).toEqual({ bucket: BUCKET, key: 'uploads/hd.mp4', size: statSync(media.hd).size, etag: `etag-${statSync(media.hd).size}` });
  });

  it('records no rotation for an unflagged file', async () => {
    s3.putFile(BUCKET, 'uploads/hd.mp4', media.hd);

    const { probe } = await probeUpload(context, { bucket: BUCKET, key: 'uploads/hd.mp4' });

    expect(probe.video?.rotation).toBe(0);
  });

  it.each([
    ['portrait', 90],
    ['upsideDown', 180],
  ])('records the rotation flag of a %s phone video, keeping the coded size', async (name, degrees) => {
    // Prepare
    s3.putFile(BUCKET, `uploads/${name}.mp4`, media[name]);

    // Act
    const { probe } = await probeUpload(context, { bucket: BUCKET, key: `uploads/${name}.mp4` });

    // Assess
    expect(probe.video).toMatchObject({ width: 1280, height: 720, rotation: degrees });
  });

  it('rejects a one-frame video as too short, saying what to upload instead', async () => {
    s3.putFile(BUCKET, 'uploads/one-frame.mp4', media.oneFrame);

    const act = probeUpload(context, { bucket: BUCKET, key: 'uploads/one-frame.mp4' });

    await expect(act).rejects.toThrow(InputRejected);
    await expect(act).rejects.toThrow(/one-frame\.mp4 is a single frame long \(40 ms\), too short to stream.*at least two frames long/);
  });

  it('numbers 8 mono PCM tracks of an MXF file 1 to 8', async () => {
    s3.putFile(BUCKET, 'mezzanine/eight.mxf', media.mxf8);

    const { probe } = await probeUpload(context, { bucket: BUCKET, key: 'mezzanine/eight.mxf' });

    expect(probe.container).toBe('MXF');
    expect(probe.audioCount).toBe(8);
    expect(probe.audioTracks.map((track) => track.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(probe.audioTracks.every((track) => track.codec === 'PCM' && track.channels === 1 && track.sampleRate === 48000)).toBe(true);
    expect(probe.video).toMatchObject({ codec: 'MPEG Video', width: 320, height: 180, frameRate: 25 });
  });

  it('counts 16 audio tracks of a QuickTime file', async () => {
    s3.putFile(BUCKET, 'mezzanine/sixteen.mov', media.mov16);

    const { probe } = await probeUpload(context, { bucket: BUCKET, key: 'mezzanine/sixteen.mov' });

    expect(probe.container).toBe('QuickTime');
    expect(probe.audioCount).toBe(16);
    expect(probe.audioTracks.map((track) => track.index)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(probe.audioTracks.every((track) => track.channels === 1)).toBe(true);
  });

  it('reports no audio tracks for a video-only file', async () => {
    s3.putFile(BUCKET, 'uploads/silent.mp4', media.videoOnly);

    const { probe } = await probeUpload(context, { bucket: BUCKET, key: 'uploads/silent.mp4' });

    expect(probe.audioCount).toBe(0);
    expect(probe.audioTracks).toEqual([]);
    expect(probe.video).toMatchObject({ width: 320, height: 180 });
  });

  it('reports no video for an audio-only file', async () => {
    s3.putFile(BUCKET, 'uploads/tone.m4a', media.audioOnly);

    const { probe } = await probeUpload(context, { bucket: BUCKET, key: 'uploads/tone.m4a' });

    expect(probe.video).toBeUndefined();
    expect(probe.audioTracks).toEqual([{ index: 1, codec: 'AAC', channels: 2, sampleRate: 48000 }]);
    expect(Math.abs(probe.durationMs - 2000)).toBeLessThanOrEqual(100);
  });

  it('reads a small fraction of a large MP4 whose index is at the front, in few requests', async () => {
    // Prepare
    const size = statSync(media.large).size;
    s3.putFile(BUCKET, 'uploads/large.mp4', media.large);

    // Act
    const { probe, stats } = await probeUpload(context, { bucket: BUCKET, key: 'uploads/large.mp4' });

    // Assess
    const reads = s3.readsOf(BUCKET, 'uploads/large.mp4');
    expect(size).toBeGreaterThan(10_000_000);
    expect(reads.bytes).toBeLessThan(size / 5);
    expect(reads).toEqual({ requests: stats.requests, bytes: stats.bytesFetched });
    // MediaInfo reads 64 KiB at a time; the block cache serves several of those per request.
    expect(stats.requests).toBeLessThan(stats.bytesAnalysed / (64 * 1024));
    expect(Math.abs(probe.durationMs - 30_000)).toBeLessThanOrEqual(100);
    expect(probe.audioCount).toBe(1);
  });

  describe('read budget: the index and one block, in at most 3 requests', () => {
    it.each([
      ['an MP4 with its index at the front', 'large', 1],
      ['an MP4 with its index after the media data', 'largeMoovAtEnd', 2],
    ])('reads %s in %i request(s): the first block and the index', async (_, name, requests) => {
      // Prepare
      const key = `uploads/${name}.mp4`;
      s3.putFile(BUCKET, key, media[name]);

      // Act
      const { probe } = await probeUpload(context, { bucket: BUCKET, key });

      // Assess
      const reads = s3.readsOf(BUCKET, key);
      expect(statSync(media[name]).size).toBeGreaterThan(10_000_000);
      expect(reads.requests).toBe(requests);
      expect(reads.bytes).toBeLessThanOrEqual((await mp4IndexBytes(media[name])) + DEFAULT_BLOCK_SIZE);
      expect(Math.abs(probe.durationMs - 30_000)).toBeLessThanOrEqual(100);
      expect(probe.video).toMatchObject({ width: 320, height: 180 });
    });

    it('reads an MXF file in 2 requests: the first block with the header partition, and the footer partition', async () => {
      // Prepare
      s3.putFile(BUCKET, 'uploads/large.mxf', media.largeMxf);

      // Act
      const { probe } = await probeUpload(context, { bucket: BUCKET, key: 'uploads/large.mxf' });

      // Assess
      const reads = s3.readsOf(BUCKET, 'uploads/large.mxf');
      const size = statSync(media.largeMxf).size;
      expect(size).toBeGreaterThan(10_000_000);
      expect(reads.requests).toBe(2);
      expect(s3.gets.map((get) => get.range)).toEqual([`bytes=0-${DEFAULT_BLOCK_SIZE - 1}`, expect.stringMatching(new RegExp(`-${size - 1}$`))]);
      expect(reads.bytes).toBeLessThan(DEFAULT_BLOCK_SIZE + 64 * 1024);
      expect(probe.container).toBe('MXF');
      expect(probe.audioCount).toBe(8);
      expect(Math.abs(probe.durationMs - 10_000)).toBeLessThanOrEqual(100);
    });
  });

  describe('inputs that are not media', () => {
    it('rejects a text file named .mp4 as NotMedia, saying what MediaInfo saw', async () => {
      s3.put(BUCKET, 'uploads/notes.mp4', 'These are meeting notes, not a video.\n'.repeat(2000));

      const result = probeUpload(context, { bucket: BUCKET, key: 'uploads/notes.mp4' });

      await expect(result).rejects.toMatchObject({ name: 'NotMedia' });
      await expect(result).rejects.toThrow(/s3-0123abcd.*s3:\/\/ingest-bucket\/uploads\/notes\.mp4.*MediaInfo saw no format it recognises/);
    });

    it('rejects random bytes as NotMedia', async () => {
      s3.put(BUCKET, 'uploads/noise.mp4', Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919 + 13) % 251)));

      await expect(probeUpload(context, { bucket: BUCKET, key: 'uploads/noise.mp4' })).rejects.toMatchObject({ name: 'NotMedia' });
    });

    it('rejects an empty object as NotMedia without reading it', async () => {
      s3.put(BUCKET, 'uploads/empty.mp4', Buffer.alloc(0));

      const result = probeUpload(context, { bucket: BUCKET, key: 'uploads/empty.mp4' });

      await expect(result).rejects.toMatchObject({ name: 'NotMedia', message: expect.stringContaining('is empty (0 bytes)') });
      expect(s3.gets).toHaveLength(0);
    });

    it('rejects a missing object as InputRejected naming the keys it tried', async () => {
      const result = probeUpload(context, { bucket: BUCKET, key: 'uploads/gone+away.mp4' });

      await expect(result).rejects.toMatchObject({ name: 'InputRejected' });
      await expect(result).rejects.toThrow(
        /s3-0123abcd.*s3:\/\/ingest-bucket\/uploads\/gone\+away\.mp4.*"uploads\/gone away\.mp4".*Upload the file again/,
      );
    });
  });

  describe('keys', () => {
    const stored = ['uploads/red flower.mp4', 'uploads/a+b.mp4', 'uploads/2024-05-01T10:00:00 take 1.mp4', 'uploads/Café Ünïcødé/été 1+1.mp4'];
    const formEncode = (key: string) => encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');

    it.each(stored)('resolves %j given raw', async (key) => {
      s3.putFile(BUCKET, key, media.audioOnly);

      const { source } = await probeUpload(context, { bucket: BUCKET, key });

      expect(source.key).toBe(key);
      expect(s3.heads.map((head) => head.key)).toEqual([key]);
    });

    it.each(stored)('resolves %j given form-encoded', async (key) => {
      s3.putFile(BUCKET, key, media.audioOnly);
      const encoded = formEncode(key);

      const { source, probe } = await probeUpload(context, { bucket: BUCKET, key: encoded });

      expect(encoded).not.toBe(key);
      expect(source.key).toBe(key);
      expect(probe.audioCount).toBe(1);
      expect(s3.gets.every((get) => get.key === key)).toBe(true);
    });

    it('keeps a stray % that is not an escape', async () => {
      s3.putFile(BUCKET, 'uploads/100% real.mp4', media.audioOnly);

      const { source } = await probeUpload(context, { bucket: BUCKET, key: 'uploads/100%+real.mp4' });

      expect(source.key).toBe('uploads/100% real.mp4');
    });
  });
});

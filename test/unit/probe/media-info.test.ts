import { readFileSync } from 'node:fs';
import type { ByteSource } from '../../../functions/probe/block-reader';
import { compactProbe } from '../../../functions/probe/compact-probe';
import { analyzeMedia, countedBytes, readPlan } from '../../../functions/probe/media-info';
import type { ReadLimits } from '../../../functions/probe/media-info';
import { findMovieBox } from '../../../functions/probe/movie-box';
import { ffmpeg, largeFaststartMp4, remuxToTs, tempDir } from './support/media';

/** A local file as a byte source, recording every read. */
function fileSource(file: string): ByteSource & { reads: [number, number][] } {
  const bytes = readFileSync(file);
  const reads: [number, number][] = [];
  return {
    size: bytes.length,
    reads,
    read: async (offset, length) => {
      reads.push([offset, length]);
      return bytes.subarray(offset, offset + length);
    },
  };
}

const temp = tempDir();
let mp4: string;
let ts: string;
let bigIndex: string;

beforeAll(() => {
  mp4 = largeFaststartMp4(temp.file('ten.mp4'), 10, '2M');
  ts = remuxToTs(mp4, temp.file('ten.ts'));
  // Thousands of tiny frames and eight audio tracks: an index (moov) of about 140 kB.
  ffmpeg([
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=64x64:rate=250:duration=30',
    '-f',
    'lavfi',
    '-i',
    'sine=sample_rate=48000:duration=30',
    '-map',
    '0:v',
    ...Array.from({ length: 8 }, () => ['-map', '1:a']).flat(),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-c:a',
    'aac',
    '-ac',
    '1',
    '-movflags',
    '+faststart',
    (bigIndex = temp.file('big-index.mp4')),
  ]);
}, 120_000);

afterAll(() => temp.remove());

describe('analyzeMedia', () => {
  it('reads an MPEG-TS file head and tail only, and still gets its whole duration', async () => {
    // Prepare
    const source = fileSource(ts);
    const limits: ReadLimits = { afterIndexBytes: 0, headBytes: 256 * 1024, tailBytes: 256 * 1024 };

    // Act
    const analysis = await analyzeMedia(source, limits);

    // Assess
    const result = compactProbe(analysis.tracks);
    expect(result.ok && result.probe.container).toBe('MPEG-TS');
    expect(result.ok && Math.abs(result.probe.durationMs - 10_000)).toBeLessThanOrEqual(100);
    expect(analysis.limited).toBe(true);
    expect(analysis.bytesAnalysed).toBeLessThan(source.size / 3);
    expect(source.reads.some(([offset]) => offset >= source.size - 256 * 1024)).toBe(true);
  });

  it('gets a wrong duration from the head alone, which is why the tail is read', async () => {
    const analysis = await analyzeMedia(fileSource(ts), { afterIndexBytes: 0, headBytes: 256 * 1024, tailBytes: 0 });

    const result = compactProbe(analysis.tracks);
    expect(result.ok && result.probe.durationMs).toBeLessThan(5_000);
  });

  it('reads an MP4 index whole even when it is larger than the limit, and stops after it', async () => {
    // Prepare
    const source = fileSource(bigIndex);
    const headers = (await findMovieBox(source))!;

    // Act
    const analysis = await analyzeMedia(source, { afterIndexBytes: 1, headBytes: 1, tailBytes: 0 });

    // Assess
    expect(headers.end).toBeGreaterThan(2 * 64 * 1024); // more than two of MediaInfo's reads
    const result = compactProbe(analysis.tracks);
    expect(result.ok && result.probe.audioCount).toBe(8);
    expect(result.ok && Math.abs(result.probe.durationMs - 30_000)).toBeLessThanOrEqual(100);
    expect(analysis.bytesAnalysed).toBeLessThanOrEqual(headers.end + 64 * 1024);
  });

  it('lets MediaInfo finish small files on its own', async () => {
    const source = fileSource(mp4);

    const analysis = await analyzeMedia(source, { afterIndexBytes: 64 * 1024 * 1024, headBytes: 64 * 1024 * 1024, tailBytes: 0 });

    expect(analysis.limited).toBe(false);
    expect(compactProbe(analysis.tracks).ok).toBe(true);
  });

  it('runs concurrent analyses one after the other on the one MediaInfo instance', async () => {
    const [first, second] = await Promise.all([analyzeMedia(fileSource(mp4)), analyzeMedia(fileSource(ts))]);

    const [a, b] = [compactProbe(first.tracks), compactProbe(second.tracks)];
    expect(a.ok && a.probe.container).toBe('MPEG-4');
    expect(b.ok && b.probe.container).toBe('MPEG-TS');
  });
});

describe('read plan', () => {
  const limits: ReadLimits = { afterIndexBytes: 10, headBytes: 100, tailBytes: 50 };

  it('reads head and tail when no index is known', () => {
    expect(readPlan(undefined, limits)).toEqual({ headBytes: 100, tailBytes: 50 });
  });

  it('reads the index free and a little after it when it is known', () => {
    expect(readPlan({ start: 32, end: 5000 }, limits)).toEqual({ free: { start: 32, end: 5000 }, headBytes: 10, tailBytes: 0 });
  });

  it.each([
    [0, 100, 80],
    [0, 10, 10],
    [0, 40, 20],
    [15, 10, 0],
    [25, 10, 5],
    [50, 10, 10],
  ])('counts the bytes at %i (+%i) outside the index 10..30 as %i', (offset, length, counted) => {
    expect(countedBytes(offset, length, { start: 10, end: 30 })).toBe(counted);
  });

  it('counts every byte when no index is known', () => {
    expect(countedBytes(20, 64, undefined)).toBe(64);
  });
});

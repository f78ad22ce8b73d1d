/**
 * Probe: what the project's probe reads of four sources through its block reader (ranged reads,
 * counted as the probe function counts them), against the size of the container's index; and its
 * time against the MediaInfo CLI reading the same local file.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { FetchRange } from '../../functions/probe/block-reader';
import { BlockReader, DEFAULT_BLOCK_SIZE } from '../../functions/probe/block-reader';
import { analyzeMedia } from '../../functions/probe/media-info';
import { fileSource, mp4IndexBytes, mxfIndexBytes } from '../support/container-index';
import { bytes, median, timed } from '../support/measure';
import type { BenchOptions, ResultRow, Row } from '../support/result';
import { ivsFirstSegment, largeMp4Pair, mxf8Tracks } from '../support/sources';

const MAX_REQUESTS = 3;
const TIMING_RUNS = 3;

interface Source {
  subject: string;
  file: string;
  /** Bytes of the container's index, and what they are. */
  index: number;
  indexIs: string;
}

function fileFetcher(file: string): { fetch: FetchRange; close: () => void } {
  const source = fileSource(file);
  return { fetch: (start, end) => source.read(start, end - start + 1), close: () => source.close() };
}

/** One probe as the probe function runs it, the object read through a block reader. */
async function probe(file: string) {
  const { fetch, close } = fileFetcher(file);
  try {
    const reader = new BlockReader(fs.statSync(file).size, fetch);
    const analysis = await analyzeMedia(reader);
    return { ...reader.stats, tracks: analysis.tracks.length };
  } finally {
    close();
  }
}

/** Milliseconds of `mediainfo --Output=JSON file`; undefined when the CLI is not installed. */
function mediainfoCli(file: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('mediainfo', ['--Output=JSON', file], { stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? resolve(undefined) : reject(error)));
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`mediainfo exited with ${code} on ${file}`))));
  });
}

async function sources(options: BenchOptions): Promise<Source[]> {
  const { faststart, moovAtEnd } = largeMp4Pair(options.folder, options.quick ? 12 : 100);
  const mxf = mxf8Tracks(options.folder, options.quick ? 5 : 60);
  const segment = await ivsFirstSegment(options.folder, options.quick ? 4 : 10);
  const { header, footer } = mxfIndexBytes(mxf);
  return [
    { subject: 'MP4, moov first', file: faststart, index: await mp4IndexBytes(faststart), indexIs: 'ftyp+moov' },
    { subject: 'MP4, moov at end', file: moovAtEnd, index: await mp4IndexBytes(moovAtEnd), indexIs: 'moov' },
    { subject: 'MXF, 8 tracks', file: mxf, index: header + footer, indexIs: `header ${bytes(header)} + footer ${bytes(footer)}` },
    { subject: 'IVS first segment', file: segment, index: fs.statSync(segment).size, indexIs: 'first segment' },
  ];
}

async function measure(source: Source): Promise<ResultRow[]> {
  const size = fs.statSync(source.file).size;
  const read = await probe(source.file);
  const limit = source.index + DEFAULT_BLOCK_SIZE;
  const pass = read.bytesFetched <= limit && read.requests <= MAX_REQUESTS;
  const probeMs: number[] = [];
  const cliMs: (number | undefined)[] = [];
  for (let run = 0; run < TIMING_RUNS; run++) {
    probeMs.push((await timed(() => probe(source.file))).ms);
    cliMs.push(await mediainfoCli(source.file));
  }
  const installed = cliMs.every((ms) => ms !== undefined);
  const probeMedian = median(probeMs);
  const cliMedian = installed ? median(cliMs as number[]) : undefined;
  const values = { file: source.file, sizeBytes: size, indexBytes: source.index, index: source.indexIs, blockBytes: DEFAULT_BLOCK_SIZE, ...read };
  return [
    {
      row: 'probe',
      subject: `${source.subject}: bytes read`,
      size: bytes(size),
      measured: `${bytes(read.bytesFetched)} in ${read.requests} GET${read.requests === 1 ? '' : 's'}`,
      against: `index ${bytes(source.index)} (${source.indexIs})`,
      ratio: read.bytesFetched / source.index,
      goal: `<= index + ${bytes(DEFAULT_BLOCK_SIZE)}, <= ${MAX_REQUESTS} GETs`,
      pass,
      values,
    },
    {
      row: 'probe',
      subject: `${source.subject}: time`,
      size: bytes(size),
      measured: `probe ${probeMedian.toFixed(0)} ms`,
      against: cliMedian === undefined ? 'mediainfo CLI not installed' : `mediainfo CLI ${cliMedian.toFixed(0)} ms`,
      ratio: cliMedian === undefined ? undefined : probeMedian / cliMedian,
      goal: '-',
      values: { file: source.file, probeMs, mediainfoCliMs: installed ? cliMs : null, runs: TIMING_RUNS },
    },
  ];
}

export const probeRow: Row = {
  name: 'probe',
  description: 'bytes and ranged GETs per probe against the container index; probe time against the MediaInfo CLI',
  async run(options) {
    const all = await sources(options);
    await probe(all[3].file); // compiles MediaInfo's WebAssembly once, outside the timings
    const rows: ResultRow[] = [];
    for (const source of all) rows.push(...(await measure(source)));
    return rows;
  },
};

/**
 * The local MediaConvert engine's overhead: a dash-template job (CMAF Automated ABR, SD proxy, thumbnails, poster) on
 * a 10-second 720p source, its wall time next to the bare ffmpeg commands it runs, run again
 * directly in the same way (its output groups at once), and the part of the job's wall time during
 * which no ffmpeg process ran (fetching, planning, publishing), which the machine's load barely moves.
 *
 *   npx tsx bench/mediaconvert-job.ts [--runs 3] [--seconds 10]
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import type { JobSettings } from '@aws-sdk/client-mediaconvert';
import { parseS3Uri } from '../functions/shared/s3-uri';
import { buildDashSettings } from '../functions/submit-job/dash-settings';
import { FfmpegRunner, planJob, runJob } from '../local/mediaconvert/engine';
import type { RunOptions, RunResult } from '../local/mediaconvert/engine/ffmpeg-runner';
import { FolderStorage } from './support/folder-storage';

const argument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};

interface Recorded {
  args: string[];
  start: number;
  end: number;
  milliseconds: number;
  probe: boolean;
}

/** Records every command the engine runs and how long it took. */
class RecordingRunner extends FfmpegRunner {
  readonly commands: Recorded[] = [];

  override async run(args: string[], options: RunOptions = {}): Promise<RunResult> {
    const start = performance.now();
    const result = await super.run(args, options);
    const end = performance.now();
    this.commands.push({ args, start, end, milliseconds: end - start, probe: args.length === 2 && args[0] === '-i' });
    return result;
  }

  /** Milliseconds during which at least one ffmpeg process ran. */
  busy(): number {
    const intervals = [...this.commands].sort((a, b) => a.start - b.start);
    let total = 0;
    let until = -Infinity;
    for (const { start, end } of intervals) {
      if (end <= until) continue;
      total += end - Math.max(start, until);
      until = end;
    }
    return total;
  }
}

function bare(ffmpeg: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, ['-hide_banner', '-nostdin', '-nostats', ...args], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}`))));
  });
}

/** The dash job as submit-job builds it: CMAF Automated ABR, SD proxy, thumbnails every 10 s, the poster. */
function settingsFor(input: string, run: number, durationSeconds: number): JobSettings {
  const { bucket, key } = parseS3Uri(input);
  return buildDashSettings(
    {
      assetId: `run${run}`,
      state: 'SubmitDashJob',
      source: { bucket, key },
      probe: {
        container: 'MPEG-4',
        durationMs: durationSeconds * 1000,
        video: { codec: 'AVC', width: 1280, height: 720, frameRate: 30 },
        audioCount: 1,
        audioTracks: [{ index: 1, codec: 'AAC', channels: 1, sampleRate: 48000 }],
      },
    },
    { outputBucket: 'out', packaging: 'cmaf', thumbnailIntervalSeconds: 10 },
  );
}

const seconds = (milliseconds: number): string => (milliseconds / 1000).toFixed(2);

async function main(): Promise<void> {
  const runs = argument('runs', 3);
  const duration = argument('seconds', 10);
  const root = mkdtempSync(path.join(tmpdir(), 'bench-mediaconvert-'));
  const storage = new FolderStorage(path.join(root, 's3'));
  const probe = new FfmpegRunner();
  try {
    const source = storage.path('s3://ingest/source.mp4');
    await mkdir(path.dirname(source), { recursive: true });
    execFileSync(probe.path, [
      '-nostdin',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=1280x720:rate=30:duration=${duration}`,
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=440:sample_rate=48000:duration=${duration}`,
      '-c:v',
      'libx264',
      '-preset',
      'fast',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      source,
    ]);
    console.log(
      `ffmpeg ${probe.path}, ${availableParallelism()} cores; source ${duration} s 1280x720 30 fps; job: dash template (CMAF Automated ABR + SD proxy + thumbnails + poster)`,
    );
    // A first job records the commands the engine runs; its work folder keeps their inputs for the bare runs.
    const recorder = new RecordingRunner();
    await runJob(planJob(settingsFor('s3://ingest/source.mp4', 0, duration)), storage, { ffmpeg: recorder, workFolder: root, keepWorkFolder: true });
    const encodes = recorder.commands.filter((command) => !command.probe);
    const timeBare = async () => {
      const start = performance.now();
      // The same commands, bare, the way the job runs them: all output groups at once.
      await Promise.all(encodes.map((command) => bare(recorder.path, command.args)));
      return performance.now() - start;
    };
    const timeJob = async (run: number) => {
      const runner = new RecordingRunner();
      const start = performance.now();
      await runJob(planJob(settingsFor('s3://ingest/source.mp4', run, duration)), storage, { ffmpeg: runner });
      return { wall: performance.now() - start, runner };
    };
    console.log('run  job wall (s)  bare ffmpeg wall (s)  job - bare (s)  job outside ffmpeg (s)  job commands (s): encodes | probes');
    const overheads: number[] = [];
    const outside: number[] = [];
    for (let run = 1; run <= runs; run += 1) {
      // Alternate which goes first, so a change in the machine's load does not favour one side.
      let bareWall: number;
      let job: Awaited<ReturnType<typeof timeJob>>;
      if (run % 2 === 1) {
        job = await timeJob(run);
        bareWall = await timeBare();
      } else {
        bareWall = await timeBare();
        job = await timeJob(run);
      }
      const jobEncodes = job.runner.commands.filter((command) => !command.probe);
      const probes = job.runner.commands.filter((command) => command.probe);
      overheads.push(job.wall - bareWall);
      outside.push(job.wall - job.runner.busy());
      console.log(
        [
          String(run).padEnd(4),
          seconds(job.wall).padStart(12),
          seconds(bareWall).padStart(21),
          seconds(job.wall - bareWall).padStart(15),
          seconds(job.wall - job.runner.busy()).padStart(23),
          `  ${jobEncodes.map((command) => seconds(command.milliseconds)).join(' + ')} | ${probes.length} probes, ${seconds(probes.reduce((sum, command) => sum + command.milliseconds, 0))}`,
        ].join(' '),
      );
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    console.log(`median over ${runs} runs: job - bare ${seconds(median(overheads))} s; job time outside ffmpeg ${seconds(median(outside))} s`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

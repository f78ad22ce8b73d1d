/**
 * The ffmpeg work of local MediaConvert jobs: the commands the engine runs, recorded as it runs
 * them, and the same commands run again bare (no cloud, no S3, no events), for the ratios of the
 * pipeline rows. The engine itself is not changed: the recorder wraps FfmpegRunner.run.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { FfmpegRunner } from '../../local/mediaconvert/engine';
import { pool } from '../../local/pool';

export interface RecordedCommand {
  args: string[];
  startMs: number;
  endMs: number;
  /** `-i <file>` alone: the engine's probe of an input, not an encode. */
  probe: boolean;
}

/** Records every ffmpeg command run in this process until `stop()`. */
export function recordFfmpeg(): { commands: RecordedCommand[]; stop: () => void } {
  const commands: RecordedCommand[] = [];
  const original = FfmpegRunner.prototype.run;
  FfmpegRunner.prototype.run = async function (this: FfmpegRunner, args, options) {
    const startMs = performance.now();
    const result = await original.call(this, args, options);
    commands.push({ args, startMs, endMs: performance.now(), probe: args.length === 2 && args[0] === '-i' });
    return result;
  };
  return { commands, stop: () => (FfmpegRunner.prototype.run = original) };
}

const WORK_FOLDER = /^(.*[\\/]vod-mediaconvert-[^\\/]+)/;

function workFolderOf(command: RecordedCommand): string | undefined {
  for (const arg of command.args) {
    const match = WORK_FOLDER.exec(arg);
    if (match) return match[1];
  }
  return undefined;
}

/** One job's commands, by the work folder the engine made for it, in the order the jobs started. */
export interface RecordedJob {
  workFolder: string;
  inputs: string[];
  encodes: string[][];
  /** From the first encode's start to the last one's end, as the engine ran them. */
  encodeSpanMs: number;
}

export function jobsOf(commands: RecordedCommand[]): RecordedJob[] {
  const jobs = new Map<string, RecordedJob>();
  for (const command of [...commands].sort((a, b) => a.startMs - b.startMs)) {
    const workFolder = workFolderOf(command);
    if (!workFolder) continue;
    let job = jobs.get(workFolder);
    if (!job) jobs.set(workFolder, (job = { workFolder, inputs: [], encodes: [], encodeSpanMs: 0 }));
    if (command.probe) job.inputs.push(command.args[1]);
    else job.encodes.push(command.args);
  }
  for (const job of jobs.values()) {
    const encodes = commands.filter((command) => !command.probe && workFolderOf(command) === job.workFolder);
    if (encodes.length > 0) job.encodeSpanMs = Math.max(...encodes.map((c) => c.endMs)) - Math.min(...encodes.map((c) => c.startMs));
  }
  return [...jobs.values()];
}

export function ffmpegPath(): string {
  return new FfmpegRunner().path;
}

function runBare(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath(), ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`bare ffmpeg exited with ${code}: ${stderr.trim()}`))));
  });
}

/**
 * A job's commands with its work folder moved to a fresh one: the inputs copied where the engine
 * had downloaded them, the folders its outputs go to made.
 */
function stage(job: RecordedJob, source: string, root: string): string[][] {
  const folder = fs.mkdtempSync(path.join(root, 'bare-'));
  const move = (text: string) => text.split(job.workFolder).join(folder);
  for (const input of job.inputs) {
    const moved = move(input);
    fs.mkdirSync(path.dirname(moved), { recursive: true });
    fs.copyFileSync(source, moved);
  }
  const commands = job.encodes.map((args) => args.map(move));
  const paths = new RegExp(`${folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\\\/][^\\s:'",;|]+`, 'g');
  for (const arg of commands.flat()) for (const file of arg.match(paths) ?? []) fs.mkdirSync(path.dirname(file), { recursive: true });
  return commands;
}

/**
 * Runs the jobs' encodes bare, each job's commands at once as the engine runs them, at most
 * `concurrency` processes in all (the engine's runner allows one per core), and returns the wall
 * time in milliseconds. Every input is `source` (the jobs here have one input each).
 */
export async function runBareJobs(jobs: RecordedJob[], source: string, concurrency: number): Promise<number> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-bench-bare-'));
  try {
    const staged = jobs.map((job) => stage(job, source, root));
    const started = performance.now();
    await pool(
      staged.flat().map((args) => () => runBare(args)),
      concurrency,
    );
    return performance.now() - started;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

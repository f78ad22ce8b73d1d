/**
 * Runs ffmpeg processes through a queue of bounded concurrency (by default one per core), always
 * with -nostdin, reporting progress from `-progress`, and killing the processes of a cancelled job.
 *
 * Each ffmpeg runs under a small `/bin/sh` wrapper whose watchdog holds a pipe from this process and
 * kills ffmpeg when the pipe closes: when this process closes it (a cancel, a stop) and when this
 * process dies, even by SIGKILL, since the kernel then closes it. No ffmpeg outlives the cloud.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { JobCanceledError } from './errors';
import { FFMPEG_PATH_ENV, ffmpegPath } from './ffmpeg-path';

export interface RunOptions {
  signal?: AbortSignal;
  /** Called with the seconds of output written so far. */
  onProgress?: (seconds: number) => void;
  /** Resolve even when ffmpeg exits non-zero (probing with `-i` alone always does). */
  allowFailure?: boolean;
}

export interface RunResult {
  exitCode: number;
  /** The end of ffmpeg's log (its last 64 KiB). */
  stderr: string;
}

export class FfmpegError extends Error {
  constructor(
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(`ffmpeg exited with code ${exitCode}: ${FfmpegError.reason(stderr)}`);
    this.name = 'FfmpegError';
  }

  /** The last lines of the log, where ffmpeg says why it stopped. */
  static reason(stderr: string): string {
    return stderr.trim().split('\n').slice(-4).join(' | ');
  }
}

const STDERR_LIMIT = 64 * 1024;

/**
 * `sh -c WRAPPER sh <ffmpeg> <args…>`. Its stdin is a pipe from this process, kept as fd 3 (a
 * background job of a non-interactive sh gets /dev/null as stdin). The watchdog reads fd 3 until
 * end of file, then kills ffmpeg; the wrapper exits with ffmpeg's code (128 + signal when killed).
 * ffmpeg's stdout and stderr are the wrapper's; the watchdog's go nowhere, so they close with ffmpeg.
 */
const WRAPPER = [
  'exec 3<&0 0</dev/null',
  '"$@" 3<&- &',
  'ffmpeg=$!',
  '{ while read -r _ <&3; do :; done; kill -KILL "$ffmpeg"; } >/dev/null 2>&1 &',
  'watchdog=$!',
  'wait "$ffmpeg"',
  'code=$?',
  'kill "$watchdog" 2>/dev/null',
  'exit "$code"',
].join('\n');

/** The shell's codes for a command it could not run (not found, not executable). */
const NOT_STARTED = [126, 127];

export interface FfmpegRunnerOptions {
  path?: string;
  concurrency?: number;
}

export class FfmpegRunner {
  readonly path: string;
  readonly concurrency: number;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly children = new Set<ChildProcess>();

  constructor(options: FfmpegRunnerOptions = {}) {
    this.path = options.path ?? ffmpegPath();
    this.concurrency = Math.max(1, options.concurrency ?? availableParallelism());
  }

  /** Processes running now (for shutdown and tests). */
  get active(): number {
    return this.children.size;
  }

  private async acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new JobCanceledError();
    if (this.running < this.concurrency) {
      this.running += 1;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new JobCanceledError());
      };
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.running += 1;
        resolve();
      };
      this.waiting.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private release(): void {
    this.running -= 1;
    this.waiting.shift()?.();
  }

  async run(args: string[], options: RunOptions = {}): Promise<RunResult> {
    const { signal, onProgress, allowFailure } = options;
    await this.acquire(signal);
    try {
      return await this.spawn(args, signal, onProgress, allowFailure);
    } finally {
      this.release();
    }
  }

  private spawn(
    args: string[],
    signal: AbortSignal | undefined,
    onProgress: ((seconds: number) => void) | undefined,
    allowFailure: boolean | undefined,
  ): Promise<RunResult> {
    const progressArgs = onProgress ? ['-progress', 'pipe:1', '-nostats'] : [];
    const child = spawn('/bin/sh', ['-c', WRAPPER, 'sh', this.path, '-hide_banner', '-nostdin', ...progressArgs, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // Closed by the wrapper's end, or by kill(): nothing is written, so its errors say nothing.
    child.stdin?.on('error', () => undefined);
    this.children.add(child);
    let stderr = '';
    let progressBuffer = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_LIMIT);
    });
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      progressBuffer += chunk;
      const lines = progressBuffer.split('\n');
      progressBuffer = lines.pop() ?? '';
      for (const line of lines) {
        // This build's out_time_ms is in microseconds too; out_time_us is the unambiguous one.
        const match = /^out_time_us=(\d+)/.exec(line);
        if (match && onProgress) onProgress(Number(match[1]) / 1e6);
      }
    });
    const kill = () => stopChild(child);
    // A job cancelled between taking its place in the queue and starting: stop the process at once.
    if (signal?.aborted) kill();
    else signal?.addEventListener('abort', kill, { once: true });
    return new Promise<RunResult>((resolve, reject) => {
      child.on('error', (error) => {
        this.children.delete(child);
        signal?.removeEventListener('abort', kill);
        reject(new Error(`Could not start ffmpeg at ${this.path}: could not run /bin/sh: ${error.message}`));
      });
      child.on('close', (code) => {
        this.children.delete(child);
        signal?.removeEventListener('abort', kill);
        if (signal?.aborted) return reject(new JobCanceledError());
        const exitCode = code ?? -1;
        if (NOT_STARTED.includes(exitCode)) {
          return reject(
            new Error(
              `Could not start ffmpeg at ${this.path}: ${stderr.trim()}. Set ${FFMPEG_PATH_ENV} to an ffmpeg build, or reinstall @ffmpeg-installer/ffmpeg.`,
            ),
          );
        }
        if (exitCode !== 0 && !allowFailure) return reject(new FfmpegError(exitCode, stderr));
        resolve({ exitCode, stderr });
      });
    });
  }

  /** Kills every process this runner started (shutting the local cloud down). */
  killAll(): void {
    for (const child of this.children) stopChild(child);
  }
}

/** Closes the wrapper's pipe: its watchdog kills ffmpeg, and the wrapper exits with it. */
function stopChild(child: ChildProcess): void {
  child.stdin?.destroy();
}

let shared: FfmpegRunner | undefined;

/** The runner jobs share unless they are given one: one queue for the whole process. */
export function sharedFfmpegRunner(): FfmpegRunner {
  shared ??= new FfmpegRunner();
  return shared;
}

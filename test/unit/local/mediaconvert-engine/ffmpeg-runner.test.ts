/**
 * The ffmpeg runner's processes end with the process that started them, however it ends: a cancel,
 * a stop, or a SIGKILL that gives it no chance to clean up. Real ffmpeg processes.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';
import { FfmpegRunner, JobCanceledError } from '../../../../local/mediaconvert/engine';
import { waitFor } from '../../../local/support';
import { alive, descendantsNamed } from '../../../support/processes';

/** ffmpeg ends within this after its parent goes; a process only ends once the kernel reaps it. */
const GONE_WITHIN_MS = 2000;
const LONG_JOB = ['-re', '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=5', '-t', '600', '-f', 'null', '-'];

const ffmpegUnder = (pid: number) => waitFor(`an ffmpeg process under ${pid}`, async () => descendantsNamed(pid, 'ffmpeg')[0], 20000);
const gone = (pid: number) => waitFor(`ffmpeg ${pid} to end`, async () => (alive(pid) ? undefined : true), GONE_WITHIN_MS);

let child: ChildProcess | undefined;

afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

describe('FfmpegRunner processes', () => {
  it('end when the process that runs them is killed with SIGKILL', async () => {
    // Prepare: a Node process running a long ffmpeg job through the runner.
    child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'long-ffmpeg-job.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const ffmpeg = await ffmpegUnder(child.pid!);

    // Act
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;

    // Assess
    await expect(gone(ffmpeg)).resolves.toBe(true);
  });

  it('end when their job is cancelled, which the run reports as a cancel', async () => {
    const runner = new FfmpegRunner({ concurrency: 1 });
    const controller = new AbortController();
    const running = runner.run(LONG_JOB, { signal: controller.signal });
    const ffmpeg = await ffmpegUnder(process.pid);

    controller.abort();

    await expect(running).rejects.toBeInstanceOf(JobCanceledError);
    await expect(gone(ffmpeg)).resolves.toBe(true);
    expect(runner.active).toBe(0);
  });

  it('end when the runner is stopped', async () => {
    const runner = new FfmpegRunner({ concurrency: 1 });
    const running = runner.run(LONG_JOB, { allowFailure: true });
    const ffmpeg = await ffmpegUnder(process.pid);

    runner.killAll();

    // Killed by the watchdog: the shell's code for SIGKILL.
    await expect(running).resolves.toMatchObject({ exitCode: 128 + 9 });
    await expect(gone(ffmpeg)).resolves.toBe(true);
  });

  it("keep ffmpeg's exit code, its log and its progress", async () => {
    const runner = new FfmpegRunner({ concurrency: 1 });
    const progress: number[] = [];

    const done = await runner.run(['-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=10:duration=1', '-f', 'null', '-'], {
      onProgress: (s) => progress.push(s),
    });
    const failed = runner.run(['-i', '/nonexistent/input.mp4', '-f', 'null', '-']);

    expect(done.exitCode).toBe(0);
    expect(progress.at(-1)).toBeGreaterThan(0.5);
    await expect(failed).rejects.toMatchObject({ name: 'FfmpegError', exitCode: 1, stderr: expect.stringContaining('/nonexistent/input.mp4') });
  });

  it('says when ffmpeg cannot be started', async () => {
    const runner = new FfmpegRunner({ path: '/nonexistent/ffmpeg', concurrency: 1 });

    await expect(runner.run(['-version'])).rejects.toThrow(/^Could not start ffmpeg at \/nonexistent\/ffmpeg: .*VOD_FFMPEG_PATH/);
  });
});

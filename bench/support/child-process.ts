/** A child process the bench starts and stops: its first JSON output, and its memory from /proc. */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

export interface Child<T> {
  process: ChildProcess;
  /** The JSON document the child printed first. */
  ready: T;
  /** Ends the child with SIGTERM and waits for its exit. */
  stop(): Promise<void>;
}

/** Starts `node args…` and resolves with the first complete JSON document on its stdout. */
export function startChild<T>(args: string[], options: { cwd: string; timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<Child<T>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node ${args.join(' ')} printed no JSON within ${options.timeoutMs ?? 60000} ms: ${stderr.trim()}`));
    }, options.timeoutMs ?? 60000);
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    child.on('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node ${args.join(' ')} exited with ${code} before it was ready: ${stderr.trim()}`));
    });
    child.stdout!.setEncoding('utf8').on('data', function onData(chunk: string) {
      stdout += chunk;
      const start = stdout.indexOf('{');
      if (start < 0) return;
      // The document ends at one of the line ends after its start (logs may follow it).
      let ready: T | undefined;
      for (let end = stdout.indexOf('\n', start); end >= 0 && ready === undefined; end = stdout.indexOf('\n', end + 1)) {
        try {
          ready = JSON.parse(stdout.slice(start, end)) as T;
        } catch {
          // not complete yet
        }
      }
      if (ready === undefined) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      resolve({
        process: child,
        ready,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

/** A field of /proc/<pid>/status in bytes (VmRSS, VmHWM, ...). */
export function procStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

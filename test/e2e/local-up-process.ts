/** A real `vod local up` process, as a user runs it, for tests that kill it. */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { Credentials } from '../../local/auth/sigv4';
import type { PipelineInfo } from '../../local/info';

const VOD = path.join(__dirname, '..', '..', 'cli', 'bin', 'vod.js');

export interface LocalUpProcess {
  child: ChildProcess;
  endpoint: string;
  credentials: Credentials;
  info: PipelineInfo;
  /** Resolves once the process has exited. */
  exited: Promise<void>;
  stderr(): string;
}

/** Starts `vod local up --port 0 [args]` on a data directory and waits until it serves. */
export function startLocalUp(
  dataDir: string,
  extraEnv: Record<string, string> = {},
  timeoutMs = 30000,
  args: string[] = [],
): Promise<LocalUpProcess> {
  const child = spawn(process.execPath, [VOD, 'local', 'up', '--port', '0', '--data-dir', dataDir, '--json', ...args], {
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`vod local up did not start within ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    const earlyExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`vod local up exited ${code} before serving:\n${stderr}`));
    };
    child.once('exit', earlyExit);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      try {
        const printed = JSON.parse(stdout) as PipelineInfo & { credentials: Credentials };
        clearTimeout(timer);
        child.off('exit', earlyExit);
        resolve({ child, endpoint: printed.endpoint!, credentials: printed.credentials, info: printed, exited, stderr: () => stderr });
      } catch {
        // not all of it yet
      }
    });
  });
}

/** Runs the `vod` command in this process and captures what it prints. */
import { main } from '../../cli/main';

export interface VodRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (commands run with --json print nothing else there). */
  json<T = unknown>(): T;
}

export async function vod(...args: string[]): Promise<VodRun> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
  try {
    const code = await main(args);
    return {
      code,
      stdout,
      stderr,
      json: <T>() => {
        try {
          return JSON.parse(stdout) as T;
        } catch {
          throw new Error(`vod ${args.join(' ')} printed no JSON (exit ${code}):\n${stdout}\n${stderr}`);
        }
      },
    };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

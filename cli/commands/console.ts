/** `vod console [--port 4567] [--no-open]`: serves the web console on 127.0.0.1 and opens a browser. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONSOLE_PORT, startConsoleServer } from '../../console/server/console-server';
import { readCredentials } from '../../local/credentials';
import { UsageError, parse } from '../args';
import { printLine } from '../output';
import { resolveTarget } from '../target';
import type { Target } from '../target';

const USAGE = 'vod console [--port 4567] [--no-open]';

/** The opener of this system, when it has one on PATH. */
function opener(): string | undefined {
  const name = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? undefined : 'xdg-open';
  if (!name) return undefined;
  return (process.env.PATH ?? '').split(path.delimiter).find((dir) => dir && fs.existsSync(path.join(dir, name))) ? name : undefined;
}

/** Opens the URL in the user's browser; not opening is not an error (the URL is printed). */
export function openBrowser(url: string): boolean {
  const command = opener();
  if (!command) return false;
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

/** Keys the console must never show: a local cloud's key pair. */
function secretsOf(target: Target): string[] {
  const credentials = target.cloud?.credentials ?? (target.info.dataDir ? readCredentials(target.info.dataDir) : undefined);
  return credentials ? [credentials.accessKeyId, credentials.secretAccessKey] : [];
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve());
  });
}

export async function consoleCommand(args: string[]): Promise<number> {
  const { global, values } = parse(args, { port: { type: 'string' }, 'no-open': { type: 'boolean' } }, USAGE);
  const port = values.port === undefined ? DEFAULT_CONSOLE_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${values.port} is not a port\nusage: ${USAGE}`);
  const target = await resolveTarget(global);
  try {
    await target.cloud?.idle();
    const server = await startConsoleServer({ target, port, secrets: secretsOf(target) });
    try {
      const where =
        target.kind === 'aws'
          ? 'the deployed stack'
          : target.kind === 'embedded'
            ? `a local cloud started for it at ${target.info.endpoint}`
            : target.info.endpoint;
      printLine(`The console is serving at ${server.url} (working against ${where}).`);
      if (!values['no-open'] && !openBrowser(server.url)) printLine('Open that URL in a browser.');
      printLine('Press Ctrl-C to stop.');
      await untilSignal();
    } finally {
      await server.close();
    }
  } finally {
    await target.close();
  }
  return 0;
}

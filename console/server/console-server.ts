/** `vod console`'s own server: the console handler on 127.0.0.1 only. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ensureBundle } from '../build';
import type { ConsoleOptions } from './console-handler';
import { consoleHandler } from './console-handler';

export const DEFAULT_CONSOLE_PORT = 4567;

export interface ConsoleServer {
  /** The page's URL. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startConsoleServer(options: ConsoleOptions & { port?: number }): Promise<ConsoleServer> {
  const bundleDir = await ensureBundle(options.bundleDir);
  const handler = consoleHandler({ ...options, bundleDir });
  const server = http.createServer((request, response) => void handler(request, response));
  // A malformed request closes its own connection.
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${options.port} on 127.0.0.1 is taken (another console?); give another with --port, or --port 0 for any free one`)
          : error,
      ),
    );
    server.listen(options.port ?? DEFAULT_CONSOLE_PORT, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${handler.pagePath}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

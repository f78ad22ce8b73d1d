/**
 * Serves the player page and the player libraries from node_modules (no CDN) on a loopback port of
 * its own: another origin than the media's, so the media requests are cross-origin.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LoopbackServer } from './http-server';
import { listenOnLoopback } from './http-server';
import { LIBRARY_PATHS, playerPage } from './player-page';

/**
 * The libraries' browser builds: hls.js's UMD build, and dash.js's, which its package entry
 * resolves to under `require` (dashjs@5 exports no dist/ subpaths).
 */
export function libraryFiles(): Record<string, string> {
  const hls = path.join(path.dirname(require.resolve('hls.js')), 'hls.min.js');
  const dash = require.resolve('dashjs');
  return { [LIBRARY_PATHS.hls]: hls, [LIBRARY_PATHS.dash]: dash };
}

export async function startPlayerServer(): Promise<LoopbackServer> {
  const page = playerPage();
  const libraries = libraryFiles();
  return listenOnLoopback((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(page);
      return;
    }
    const library = libraries[pathname];
    if (library) {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      fs.createReadStream(library).pipe(response);
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end(`${pathname} is not served here; the player page is at /`);
  });
}

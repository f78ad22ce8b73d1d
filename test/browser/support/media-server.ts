/**
 * Serves a folder of media as a CDN would: content types of HLS, DASH and MP4, byte ranges, and CORS
 * (or, for tests of a player's errors, no CORS). Records each request's path, Origin and status.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LoopbackServer } from './http-server';
import { listenOnLoopback } from './http-server';

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mpd': 'application/dash+xml',
  '.mp4': 'video/mp4',
  '.m4s': 'video/iso.segment',
  '.m4a': 'audio/mp4',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.vtt': 'text/vtt',
};

export interface MediaRequest {
  method: string;
  path: string;
  origin?: string;
  status: number;
}

export interface MediaServer extends LoopbackServer {
  requests: MediaRequest[];
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD, OPTIONS',
  'access-control-allow-headers': 'Range',
  'access-control-expose-headers': 'Content-Length, Content-Range, Accept-Ranges',
};

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` of a file of `size` bytes; undefined when unsatisfiable. */
function byteRange(header: string, size: number): { start: number; end: number } | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const start = match[1] === '' ? Math.max(0, size - Number(match[2])) : Number(match[1]);
  const end = match[1] === '' || match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start <= end && start < size ? { start, end } : undefined;
}

export async function startMediaServer(folder: string, options: { cors?: boolean } = {}): Promise<MediaServer> {
  const cors = options.cors ?? true;
  const root = path.resolve(folder);
  const requests: MediaRequest[] = [];
  const server = await listenOnLoopback((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const reply = (status: number, headers: Record<string, string | number> = {}, body?: string) => {
      requests.push({ method: request.method ?? 'GET', path: pathname, origin: request.headers.origin, status });
      response.writeHead(status, { ...(cors ? CORS_HEADERS : {}), ...headers });
      return body;
    };
    if (request.method === 'OPTIONS') {
      response.end(reply(204));
      return;
    }
    const file = path.join(root, pathname);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.end(reply(404, { 'content-type': 'text/plain' }, `${pathname} not found`));
      return;
    }
    const size = fs.statSync(file).size;
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const common = { 'content-type': type, 'accept-ranges': 'bytes' };
    const rangeHeader = request.headers.range;
    if (rangeHeader) {
      const range = byteRange(rangeHeader, size);
      if (!range) {
        response.end(reply(416, { ...common, 'content-range': `bytes */${size}` }));
        return;
      }
      reply(206, { ...common, 'content-length': range.end - range.start + 1, 'content-range': `bytes ${range.start}-${range.end}/${size}` });
      if (request.method === 'HEAD') response.end();
      else fs.createReadStream(file, range).pipe(response);
      return;
    }
    reply(200, { ...common, 'content-length': size });
    if (request.method === 'HEAD') response.end();
    else fs.createReadStream(file).pipe(response);
  });
  return { ...server, requests };
}

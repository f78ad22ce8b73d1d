/**
 * Playback of the outputs bucket, the local stand-in for the CloudFront distribution: read-only
 * `GET` and `HEAD` (with Range) under stable, unsigned URLs (`<endpoint>/_vod/play/<key>`), with
 * CORS so a player on another origin can fetch segments, and the content types players expect.
 * Only finished outputs are served: never the temporary prefix.
 */
import * as fs from 'node:fs';
import type * as http from 'node:http';
import { LOUDNESS_TEMP_PREFIX } from '../functions/shared/output-layout';
import type { ObjectRecord, ObjectStore } from './s3/object-store';

export const PLAYBACK_PATH = '/_vod/play/';

/** The playback base URL of a local cloud at `endpoint` (PLAYBACK_BASE_URL of its functions). */
export function localPlaybackBaseUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}${PLAYBACK_PATH.slice(0, -1)}`;
}

/** The playback URL of an output key. */
export function playbackUrl(endpoint: string, key: string): string {
  return `${localPlaybackBaseUrl(endpoint)}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

const CONTENT_TYPES: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  mpd: 'application/dash+xml',
  mp4: 'video/mp4',
  m4s: 'video/iso.segment',
  cmfv: 'video/mp4',
  cmfa: 'audio/mp4',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  ts: 'video/mp2t',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  vtt: 'text/vtt',
};

/** Manifests and tracks change while a job runs; segments never do. */
const SHORT_LIVED = new Set(['m3u8', 'mpd', 'vtt']);

export function contentTypeOf(key: string): string | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(key)?.[1]?.toLowerCase();
  return extension ? CONTENT_TYPES[extension] : undefined;
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD',
  'access-control-allow-headers': 'Range, If-None-Match, If-Modified-Since',
  'access-control-expose-headers': 'Content-Length, Content-Range, Accept-Ranges, ETag',
  'access-control-max-age': '86400',
};

type Range = { start: number; end: number } | 'unsatisfiable' | undefined;

/** One `bytes=` range (the forms players send: `a-b`, `a-`, `-n`). */
export function parseRange(header: string | undefined, size: number): Range {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

function reply(response: http.ServerResponse, status: number, message: string): void {
  response.writeHead(status, { ...CORS_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
  response.end(`${message}\n`);
}

function keyOf(url: string): string | undefined {
  const pathname = url.split('?')[0].slice(PLAYBACK_PATH.length);
  try {
    return pathname.split('/').map(decodeURIComponent).join('/');
  } catch {
    return undefined;
  }
}

export function playbackHandler(store: ObjectStore, bucket: string) {
  return async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    request.resume();
    if (request.method === 'OPTIONS') {
      response.writeHead(204, CORS_HEADERS);
      response.end();
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD, OPTIONS');
      reply(response, 405, 'Playback is read-only: GET or HEAD');
      return;
    }
    const key = keyOf(request.url ?? '');
    const record: ObjectRecord | undefined =
      key && !key.startsWith(LOUDNESS_TEMP_PREFIX) && !key.startsWith('tmp/') ? store.record(bucket, key) : undefined;
    if (!key || !record) {
      reply(response, 404, 'No such output');
      return;
    }
    const headers: http.OutgoingHttpHeaders = {
      ...CORS_HEADERS,
      'content-type': contentTypeOf(key) ?? record.metadata['content-type'] ?? 'application/octet-stream',
      'accept-ranges': 'bytes',
      etag: record.etag,
      'last-modified': new Date(record.lastModified).toUTCString(),
      'cache-control': SHORT_LIVED.has(/\.([a-z0-9]+)$/i.exec(key)?.[1]?.toLowerCase() ?? '') ? 'no-cache' : 'public, max-age=86400',
    };
    if (request.headers['if-none-match'] === record.etag) {
      response.writeHead(304, headers);
      response.end();
      return;
    }
    const range = parseRange(request.headers.range, record.size);
    if (range === 'unsatisfiable') {
      response.writeHead(416, { ...headers, 'content-range': `bytes */${record.size}` });
      response.end();
      return;
    }
    const { start, end } = range ?? { start: 0, end: record.size - 1 };
    const length = record.size === 0 ? 0 : end - start + 1;
    response.writeHead(range ? 206 : 200, {
      ...headers,
      'content-length': length,
      ...(range ? { 'content-range': `bytes ${start}-${end}/${record.size}` } : {}),
    });
    if (request.method === 'HEAD' || length === 0) {
      response.end();
      return;
    }
    await new Promise<void>((resolve) => {
      const stream = fs.createReadStream(store.dataFile(bucket, record), { start, end });
      stream.on('error', () => {
        response.destroy();
        resolve();
      });
      response.on('close', () => {
        stream.destroy();
        resolve();
      });
      stream.pipe(response);
    });
  };
}

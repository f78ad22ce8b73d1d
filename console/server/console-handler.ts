/**
 * The console as one request handler, mounted at a base path: `/` by `vod console`, `/console` on
 * a local cloud's endpoint (`vod local up`). Every request passes the Host and Origin checks; the
 * state-changing API calls also need the token the served page holds.
 */
import * as fs from 'node:fs';
import type * as http from 'node:http';
import * as path from 'node:path';
import { targetPlaybackBase } from '../../cli/playback';
import type { Target } from '../../cli/target';
import { BUNDLE_DIR, BUNDLE_FILES } from '../build';
import { handleApi, isStateChanging } from './api';
import { COMMON_HEADERS, HttpError, sendError } from './http-replies';
import { contentSecurityPolicy, pageHtml } from './page';
import { TOKEN_HEADER, newToken, redact, refuseForeign, tokenMatches } from './security';

export interface ConsoleOptions {
  target: Target;
  /** '' (the default) or a path such as '/console'. */
  basePath?: string;
  /** Where the bundle is (default console/dist). */
  bundleDir?: string;
  /** Failures of requests, without secrets. Default: stderr. */
  log?: (line: string) => void;
  /** The per-start token; a new random one by default. */
  token?: string;
  /** Values that must never appear in an answer or a log line (the target's keys, say). */
  secrets?: string[];
}

export interface ConsoleHandler {
  (request: http.IncomingMessage, response: http.ServerResponse): Promise<void>;
  /** The path the page is served at, with its trailing slash. */
  readonly pagePath: string;
}

const STATIC_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** The HTTP status an AWS error maps to: the caller's mistakes keep theirs, the rest are 502. */
function awsStatus(error: unknown): number | undefined {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status === undefined) return undefined;
  return status >= 400 && status < 500 && status !== 403 ? (status === 400 ? 409 : status) : 502;
}

export function consoleHandler(options: ConsoleOptions): ConsoleHandler {
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const bundleDir = options.bundleDir ?? BUNDLE_DIR;
  const token = options.token ?? newToken();
  const secrets = [token, ...(options.secrets ?? [])];
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const playback = targetPlaybackBase(options.target);
  const csp = contentSecurityPolicy(playback ? new URL(playback).origin : undefined);

  const serveStatic = (response: http.ServerResponse, name: string) => {
    const file = path.join(bundleDir, name);
    const type = STATIC_TYPES[path.extname(name)];
    if (!/^[\w.-]+$/.test(name) || !type || !fs.existsSync(file)) throw new HttpError(404, `No ${name} in the console's bundle`);
    // esbuild names chunks by their content: those never change under one name.
    const immutable = /-[A-Z0-9]{8}\.js$/.test(name);
    response.writeHead(200, {
      ...COMMON_HEADERS,
      'content-type': type,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    fs.createReadStream(file).pipe(response);
  };

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const refusal = refuseForeign(request, request.socket.localPort ?? 0);
    if (refusal) {
      request.resume();
      sendError(response, refusal.status, refusal.message);
      return;
    }
    const url = new URL(request.url ?? '/', 'http://console.invalid');
    const method = request.method ?? 'GET';
    if (!url.pathname.startsWith(`${basePath}/`)) {
      if (url.pathname === basePath) {
        response.writeHead(308, { ...COMMON_HEADERS, location: `${basePath}/` });
        response.end();
        return;
      }
      throw new HttpError(404, `The console is at ${basePath}/`);
    }
    const route = url.pathname.slice(basePath.length + 1);
    if (route === '' && (method === 'GET' || method === 'HEAD')) {
      request.resume();
      response.writeHead(200, {
        ...COMMON_HEADERS,
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': csp,
      });
      response.end(method === 'HEAD' ? undefined : pageHtml(token, BUNDLE_FILES.script, BUNDLE_FILES.style));
      return;
    }
    if (route.startsWith('static/') && method === 'GET') {
      request.resume();
      serveStatic(response, route.slice('static/'.length));
      return;
    }
    if (route.startsWith('api/')) {
      const apiRoute = route.slice('api/'.length);
      if (isStateChanging(method, apiRoute) && !tokenMatches(request.headers[TOKEN_HEADER], token)) {
        request.resume();
        throw new HttpError(
          403,
          `This call changes something: it needs the token of the page this console served (header ${TOKEN_HEADER}); reload the page`,
        );
      }
      if (method === 'GET') request.resume();
      await handleApi(options.target, request, response, apiRoute, url.searchParams);
      return;
    }
    request.resume();
    throw new HttpError(404, `No ${route} in the console`);
  };

  const handler = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    try {
      await handle(request, response);
    } catch (error) {
      const message = redact(error instanceof Error ? error.message : String(error), secrets);
      if (error instanceof HttpError) {
        sendError(response, error.status, message);
        return;
      }
      const status = awsStatus(error);
      if (status !== undefined && status < 500) {
        sendError(response, status, message);
        return;
      }
      log(`vod console: ${request.method} ${redact(request.url ?? '', secrets)} failed: ${message}`);
      sendError(response, status ?? 500, `The console could not answer: ${message}`);
    }
  };
  return Object.assign(handler, { pagePath: `${basePath}/` });
}

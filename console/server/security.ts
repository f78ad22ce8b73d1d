/**
 * What the console refuses: requests for another Host (a DNS-rebinding page reaching the loopback
 * port by a name of its own), requests from another Origin (a cross-site page), and state-changing
 * calls without the token the served page holds. The token is made at start and compared in
 * constant time; it never appears in a response or a log line.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type * as http from 'node:http';

/** The header state-changing calls carry the page's token in. */
export const TOKEN_HEADER = 'x-vod-console-token';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'];

/** A new random token for one start of the console. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The Host values that name this server: its loopback names with the port the request came in on. */
export function ownHosts(port: number): string[] {
  return LOOPBACK_NAMES.flatMap((name) => (port === 80 ? [`${name}:${port}`, name] : [`${name}:${port}`]));
}

export type Refusal = { status: 403; message: string } | undefined;

/** Refuses a request whose Host is not this server's, or whose Origin, when present, is not its own. */
export function refuseForeign(request: Pick<http.IncomingMessage, 'headers'>, port: number): Refusal {
  const hosts = ownHosts(port);
  const host = request.headers.host;
  if (!host || !hosts.includes(host)) {
    return { status: 403, message: `The console answers only requests for http://127.0.0.1:${port}; open it there` };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !hosts.some((own) => origin === `http://${own}`)) {
    return { status: 403, message: 'The console takes requests only from its own pages (the Origin is another site)' };
  }
  return undefined;
}

/** Constant-time comparison of a presented token with the console's (digests first: equal lengths). */
export function tokenMatches(presented: string | string[] | undefined, token: string): boolean {
  if (typeof presented !== 'string' || presented === '') return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(token));
}

/** A message with every secret replaced: what goes in an error body or a log line. */
export function redact(message: string, secrets: readonly string[]): string {
  let text = message;
  for (const secret of secrets) if (secret.length >= 8) text = text.split(secret).join('[redacted]');
  return text;
}

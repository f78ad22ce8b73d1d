/**
 * s3rver and dynalite listen on internal loopback ports behind the gateway, and neither checks who
 * calls. The gateway (and the local services' own clients) prove themselves with a secret made at
 * each start; a request without it is refused before the service sees it, so the gateway's checks
 * (signatures, limits) cannot be bypassed by calling the internal port.
 */
import { randomBytes } from 'node:crypto';
import type * as http from 'node:http';

export const INTERNAL_SECRET_HEADER = 'x-vod-internal-secret';

export function internalSecret(): string {
  return randomBytes(24).toString('base64url');
}

type RequestListener = (request: http.IncomingMessage, response: http.ServerResponse) => void;

/** Puts the secret check in front of every request listener the server has. */
export function guardServer(server: http.Server, secret: string, refuse: (response: http.ServerResponse) => void): void {
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    if (request.headers[INTERNAL_SECRET_HEADER] !== secret) {
      request.resume();
      refuse(response);
      return;
    }
    delete request.headers[INTERNAL_SECRET_HEADER];
    for (const listener of listeners) listener.call(server, request, response);
  });
}

/** A webhook endpoint for tests: a loopback HTTP server that keeps every request and answers with the statuses it is given. */
import type * as http from 'node:http';
import { listenOnLoopback } from '../browser/support/http-server';

export interface ReceivedRequest {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** The statuses of the next answers, in order; 200 once they are used up. */
  answer(...statuses: number[]): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const statuses: number[] = [];
  const server = await listenOnLoopback((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(statuses.shift() ?? 200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  return {
    url: `${server.url}/hooks/vod`,
    requests,
    answer: (...next) => statuses.push(...next),
    close: () => server.close(),
  };
}

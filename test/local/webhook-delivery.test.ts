/**
 * The local bus's webhook, delivered as an EventBridge API destination delivers, against a real
 * HTTP server: a POST of the event, retries with backoff after retryable answers, then a dead letter.
 */
import * as fs from 'node:fs';
import { STATUS_CHANGE_RULE } from '../../infra/wiring';
import { ApiDestination, deadLetterFile } from '../../local/eventbridge/api-destination';
import type { BusEvent } from '../../local/eventbridge/types';
import type { WebhookReceiver } from '../support/webhook-receiver';
import { startWebhookReceiver } from '../support/webhook-receiver';
import { tempDataDir, waitFor } from './support';

const retry = { attempts: 3, delayMs: 20, backoffRate: 2, maxDelayMs: 100 };

function statusEvent(id: string, source = 'vod-pipeline'): BusEvent {
  return {
    version: '0',
    id,
    'detail-type': 'Asset Status Change',
    source,
    account: '000000000000',
    time: '2026-12-03T15:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: { eventId: `e-${id}`, assetId: 'show-mp4-0123456789abcdef', status: 'COMPLETE' },
  };
}

let receiver: WebhookReceiver;
let dataDir: string;
let destination: ApiDestination | undefined;

function start(options: { apiKey?: { name: string; value: string }; retry?: typeof retry } = {}): ApiDestination {
  destination = new ApiDestination({ url: receiver.url, pattern: STATUS_CHANGE_RULE.pattern, dataDir, retry, log: () => undefined, ...options });
  return destination;
}

const deadLetters = () =>
  fs.existsSync(deadLetterFile(dataDir))
    ? fs
        .readFileSync(deadLetterFile(dataDir), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { attempts: number; lastError: { status?: number; message: string }; event: BusEvent })
    : [];

beforeEach(async () => {
  receiver = await startWebhookReceiver();
  dataDir = tempDataDir();
});

afterEach(async () => {
  destination?.stop();
  destination = undefined;
  await receiver.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the local webhook (API destination)', () => {
  it('POSTs the whole event as JSON with the API key header, and only the events its rule matches', async () => {
    const webhook = start({ apiKey: { name: 'x-api-key', value: 's3cret' } });

    webhook.receive(statusEvent('one'));
    webhook.receive(statusEvent('other', 'aws.states'));
    await webhook.idle();

    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-api-key']).toBe('s3cret');
    expect(JSON.parse(request.body)).toEqual(statusEvent('one'));
    expect(fs.readdirSync(`${dataDir}/webhook/pending`)).toEqual([]);
  });

  it('retries after a 500 and a 429, and delivers', async () => {
    const webhook = start();
    receiver.answer(500, 429);

    webhook.receive(statusEvent('retried'));
    await webhook.idle();

    expect(receiver.requests.map((request) => JSON.parse(request.body).id)).toEqual(['retried', 'retried', 'retried']);
    expect(deadLetters()).toEqual([]);
  });

  it('writes a dead letter with the last error once the attempts are spent', async () => {
    const webhook = start();
    receiver.answer(503, 503, 502);

    webhook.receive(statusEvent('dead'));
    await webhook.idle();

    expect(receiver.requests).toHaveLength(3);
    expect(deadLetters()).toEqual([
      expect.objectContaining({ attempts: 3, lastError: { status: 502, message: 'HTTP 502 Bad Gateway' }, event: statusEvent('dead') }),
    ]);
    expect(fs.readdirSync(`${dataDir}/webhook/pending`)).toEqual([]);
  });

  it('does not retry an answer an API destination does not retry (400)', async () => {
    const webhook = start();
    receiver.answer(400);

    webhook.receive(statusEvent('refused'));
    await webhook.idle();

    expect(receiver.requests).toHaveLength(1);
    expect(deadLetters()).toEqual([expect.objectContaining({ attempts: 1, lastError: { status: 400, message: 'HTTP 400 Bad Request' } })]);
  });

  it('retries when nothing listens, and dead-letters the network error', async () => {
    await receiver.close();
    const webhook = start();

    webhook.receive(statusEvent('unreachable'));
    await webhook.idle();

    expect(deadLetters()).toEqual([
      expect.objectContaining({ attempts: 3, lastError: { message: expect.stringMatching(/fetch failed.*ECONNREFUSED/) } }),
    ]);
    receiver = await startWebhookReceiver();
  });

  it('delivers at the next start what a stop left pending', async () => {
    // Its retry is a minute away: the stop, not a quick retry, is what the first attempt is followed by.
    const first = start({ retry: { ...retry, delayMs: 60_000, maxDelayMs: 60_000 } });
    receiver.answer(500);
    first.receive(statusEvent('kept'));
    await waitFor('the first attempt', async () => (receiver.requests.length === 1 ? true : undefined));
    first.stop();
    await first.idle();

    const second = start();
    expect(second.resumePending()).toBe(1);
    await second.idle();

    expect(receiver.requests.map((request) => JSON.parse(request.body).id)).toEqual(['kept', 'kept']);
    expect(fs.readdirSync(`${dataDir}/webhook/pending`)).toEqual([]);
  });
});

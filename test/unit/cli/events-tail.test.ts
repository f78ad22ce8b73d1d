import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from '../../../cli/args';
import { eventLine, tailEvents, tailedDataDir } from '../../../cli/commands/events';
import { EventLog } from '../../../local/eventbridge/event-log';
import type { BusEvent } from '../../../local/eventbridge/types';

let dataDir: string;

const statusChange: BusEvent = {
  version: '0',
  id: 'b1',
  'detail-type': 'Asset Status Change',
  source: 'vod-pipeline',
  account: '000000000000',
  time: '2026-12-03T15:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: { eventId: 'e1', assetId: 'show-mp4-0123456789abcdef', status: 'COMPLETE' },
};

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-tail-'));
});

afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('vod events tail', () => {
  it('prints a readable line: time, source, detail type, asset id and status', () => {
    const job = {
      ...statusChange,
      source: 'aws.mediaconvert',
      'detail-type': 'MediaConvert Job State Change',
      detail: { status: 'COMPLETE', userMetadata: { assetId: 'a1' } },
    };
    const upload = { ...statusChange, source: 'aws.s3', 'detail-type': 'Object Created', detail: { bucket: { name: 'vod-ingest' } } };

    expect(eventLine(statusChange)).toBe('2026-12-03T15:00:00Z  vod-pipeline  Asset Status Change  show-mp4-0123456789abcdef  COMPLETE');
    expect(eventLine(job)).toBe('2026-12-03T15:00:00Z  aws.mediaconvert  MediaConvert Job State Change  a1  COMPLETE');
    expect(eventLine(upload)).toBe('2026-12-03T15:00:00Z  aws.s3  Object Created  -  -');
  });

  it('replays the events since a time as JSON lines, then prints those that arrive, until stopped', async () => {
    const log = new EventLog({ dataDir, now: () => new Date('2026-12-03T15:00:00Z') });
    log.append({ ...statusChange, id: 'old', time: '2026-12-03T14:00:00Z' });
    log.append(statusChange);
    const lines: string[] = [];
    const stop = new AbortController();

    const tailing = tailEvents(dataDir, {
      since: new Date('2026-12-03T14:30:00Z'),
      json: true,
      signal: stop.signal,
      write: (line) => lines.push(line),
      pollMs: 10,
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    log.append({ ...statusChange, id: 'new' });
    while (lines.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    stop.abort();
    await tailing;

    expect(lines.map((line) => (JSON.parse(line) as BusEvent).id)).toEqual(['b1', 'new']);
    expect(JSON.parse(lines[0])).toEqual(statusChange);
  });

  it('reads the local bus only: with --aws it says where the events go instead', async () => {
    await expect(tailedDataDir({ aws: true, json: false })).rejects.toThrow(UsageError);
    await expect(tailedDataDir({ aws: true, json: false })).rejects.toThrow(/notificationTopicArn.*webhookUrl/);
  });

  it('reads the log of the --data-dir it is given', async () => {
    expect(await tailedDataDir({ aws: false, json: false, dataDir })).toBe(path.resolve(dataDir));
  });
});

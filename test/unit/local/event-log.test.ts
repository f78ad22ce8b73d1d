import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EventLog, EventLogReader, eventLogDir } from '../../../local/eventbridge/event-log';
import type { BusEvent } from '../../../local/eventbridge/types';

let dataDir: string;

function event(id: string, time: string): BusEvent {
  return {
    version: '0',
    id,
    'detail-type': 'Asset Status Change',
    source: 'vod-pipeline',
    account: '0',
    time,
    region: 'us-east-1',
    resources: [],
    detail: {},
  };
}

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-event-log-'));
});

afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('the local event log', () => {
  it('appends one JSON line per event to the file of its UTC day', () => {
    let now = new Date('2026-12-02T23:59:59.500Z');
    const log = new EventLog({ dataDir, now: () => now });

    log.append(event('a', '2026-12-02T23:59:59Z'));
    now = new Date('2026-12-03T00:00:01.000Z');
    log.append(event('b', '2026-12-03T00:00:01Z'));

    expect(fs.readdirSync(eventLogDir(dataDir)).sort()).toEqual(['2026-12-02.jsonl', '2026-12-03.jsonl']);
    expect(JSON.parse(fs.readFileSync(path.join(eventLogDir(dataDir), '2026-12-03.jsonl'), 'utf8'))).toEqual(event('b', '2026-12-03T00:00:01Z'));
  });

  it('deletes the files older than its retention when a new day starts', () => {
    let now = new Date('2026-11-01T10:00:00Z');
    const log = new EventLog({ dataDir, now: () => now, retentionDays: 2 });
    log.append(event('old', '2026-11-01T10:00:00Z'));

    now = new Date('2026-11-02T10:00:00Z');
    log.append(event('yesterday', '2026-11-02T10:00:00Z'));
    now = new Date('2026-11-03T10:00:00Z');
    log.append(event('today', '2026-11-03T10:00:00Z'));

    expect(fs.readdirSync(eventLogDir(dataDir)).sort()).toEqual(['2026-11-02.jsonl', '2026-11-03.jsonl']);
  });

  it('replays from a time across days, then reads what is appended after', () => {
    let now = new Date('2026-12-02T10:00:00Z');
    const log = new EventLog({ dataDir, now: () => now });
    log.append(event('before', '2026-12-02T10:00:00Z'));
    log.append(event('same-second', '2026-12-02T11:00:00Z'));
    now = new Date('2026-12-03T09:00:00Z');
    log.append(event('next-day', '2026-12-03T09:00:00Z'));

    const reader = new EventLogReader(eventLogDir(dataDir), new Date('2026-12-02T11:00:00.400Z'));
    const replayed = reader.poll();
    log.append(event('later', '2026-12-03T09:30:00Z'));
    const followed = reader.poll();

    expect(replayed.map((e) => e.id)).toEqual(['same-second', 'next-day']);
    expect(followed.map((e) => e.id)).toEqual(['later']);
    expect(reader.poll()).toEqual([]);
  });

  it('without a time, shows only what is appended from then on', () => {
    const log = new EventLog({ dataDir });
    log.append(event('past', new Date().toISOString()));

    const reader = new EventLogReader(eventLogDir(dataDir));
    log.append(event('new', new Date().toISOString()));

    expect(reader.poll().map((e) => e.id)).toEqual(['new']);
  });

  it('waits for the end of a line being written, and skips a line a crash cut short', () => {
    const directory = eventLogDir(dataDir);
    fs.mkdirSync(directory, { recursive: true });
    const file = path.join(directory, '2026-12-03.jsonl');
    fs.writeFileSync(file, `{"cut": tr\n${JSON.stringify(event('whole', '2026-12-03T10:00:00Z'))}\n{"id":"half`);

    const reader = new EventLogReader(directory, new Date('2026-12-03T00:00:00Z'));

    expect(reader.poll().map((e) => e.id)).toEqual(['whole']);
    fs.appendFileSync(file, `","time":"2026-12-03T10:00:01Z"}\n`);
    expect(reader.poll().map((e) => e.id)).toEqual(['half']);
  });

  it('reads nothing, and fails on nothing, before the log exists', () => {
    expect(new EventLogReader(eventLogDir(dataDir), new Date()).poll()).toEqual([]);
    expect(new EventLogReader(eventLogDir(dataDir)).poll()).toEqual([]);
  });
});

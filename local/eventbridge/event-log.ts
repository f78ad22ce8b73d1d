/**
 * The log of every event the local bus receives: one JSON line per event (the EventBridge envelope
 * as targets get it), appended to `<dataDir>/events/log/YYYY-MM-DD.jsonl` (UTC day of arrival).
 * A new file starts each day and files older than the retention are deleted. `vod events tail`
 * reads it: a replay from a time, then the lines appended since, from any process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BusEvent } from './types';

export const EVENT_LOG_RETENTION_DAYS = 14;

const FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

export function eventLogDir(dataDir: string): string {
  return path.join(dataDir, 'events', 'log');
}

const day = (time: Date): string => time.toISOString().slice(0, 10);

/** The log's files, oldest first. */
function logFiles(directory: string): string[] {
  try {
    return fs
      .readdirSync(directory)
      .filter((name) => FILE.test(name))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export interface EventLogOptions {
  dataDir: string;
  retentionDays?: number;
  now?: () => Date;
  /** Where a failed write is reported: the event is still delivered, only not logged. */
  log?: (message: string) => void;
}

export class EventLog {
  private readonly directory: string;
  private readonly now: () => Date;
  private readonly retentionDays: number;
  private currentDay?: string;

  constructor(private readonly options: EventLogOptions) {
    this.directory = eventLogDir(options.dataDir);
    this.now = options.now ?? (() => new Date());
    this.retentionDays = options.retentionDays ?? EVENT_LOG_RETENTION_DAYS;
    fs.mkdirSync(this.directory, { recursive: true });
  }

  /** Appends the event; one synchronous append per event, so a reader never sees half of a line it counts. */
  readonly append = (event: BusEvent): void => {
    const today = day(this.now());
    try {
      if (today !== this.currentDay) {
        this.currentDay = today;
        this.rotate(today);
      }
      fs.appendFileSync(path.join(this.directory, `${today}.jsonl`), `${JSON.stringify(event)}\n`);
    } catch (error) {
      this.options.log?.(`Local EventBridge: event ${event.id} not written to the event log in ${this.directory} (${(error as Error).message})`);
    }
  };

  /** Deletes the files older than the retention. */
  private rotate(today: string): void {
    const oldest = day(new Date(Date.parse(`${today}T00:00:00Z`) - (this.retentionDays - 1) * 86_400_000));
    for (const name of logFiles(this.directory)) {
      if (name.slice(0, 10) < oldest) fs.rmSync(path.join(this.directory, name), { force: true });
    }
  }
}

/**
 * Reads the log from `since` on (or from its end, without `since`), then, at each poll(), the
 * events appended since the last one. A line still being written is read at the next poll.
 */
export class EventLogReader {
  private file?: string;
  private offset = 0;
  private since?: number;

  constructor(
    private readonly directory: string,
    since?: Date,
  ) {
    if (since) {
      this.since = since.getTime();
      // Events arrive in order: the file of the day `since` falls in is the first that can hold later ones.
      this.file = logFiles(directory).find((name) => name.slice(0, 10) >= day(since));
      if (!this.file) this.file = `${day(since)}.jsonl`;
    } else {
      const files = logFiles(directory);
      this.file = files.at(-1);
      this.offset = this.file ? fs.statSync(path.join(directory, this.file)).size : 0;
    }
  }

  /** The events appended since the last poll (at the first, those since `since`). */
  poll(): BusEvent[] {
    const events: BusEvent[] = [];
    for (;;) {
      if (this.file) events.push(...this.readFrom(this.file));
      const next = logFiles(this.directory).find((name) => this.file === undefined || name > this.file!);
      if (!next) break;
      this.file = next;
      this.offset = 0;
    }
    // `since` picks where the replay starts; what follows is shown whatever time its events carry.
    this.since = undefined;
    return events;
  }

  private readFrom(name: string): BusEvent[] {
    const file = path.join(this.directory, name);
    let text: Buffer;
    try {
      const handle = fs.openSync(file, 'r');
      try {
        const size = fs.fstatSync(handle).size;
        text = Buffer.alloc(Math.max(0, size - this.offset));
        if (text.length > 0) fs.readSync(handle, text, 0, text.length, this.offset);
      } finally {
        fs.closeSync(handle);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const end = text.lastIndexOf(0x0a);
    if (end < 0) return [];
    this.offset += end + 1;
    const events: BusEvent[] = [];
    for (const line of text.subarray(0, end).toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      let event: BusEvent;
      try {
        event = JSON.parse(line) as BusEvent;
      } catch {
        // A line a crash cut short: skipped, the next ones are whole.
        continue;
      }
      // Event times have whole seconds: an event of the second `since` falls in is shown.
      if (this.since !== undefined && Date.parse(event.time) < Math.floor(this.since / 1000) * 1000) continue;
      events.push(event);
    }
    return events;
  }
}

/**
 * The local CloudWatch Logs' files: a log group's streams are plain text files under the data
 * directory, at the path the group and stream names spell, so an operator can read them directly:
 *
 *   <dataDir>/logs/aws/lambda/<function>/<YYYY>/<MM>/<DD>/[$LATEST]<hex>
 *
 * for log group `/aws/lambda/<function>` and stream `YYYY/MM/DD/[$LATEST]<hex>`. Each line is one
 * log event: its ISO 8601 time, a tab, and the message (one line of what the function printed).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface LogEvent {
  /** Epoch milliseconds. */
  timestamp: number;
  message: string;
}

export interface StoredStream {
  name: string;
  creationTime: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  storedBytes: number;
}

export interface StoredGroup {
  name: string;
  creationTime: number;
  storedBytes: number;
}

/** The log groups the local cloud writes: its functions' `/aws/lambda/<function>`. */
export const LAMBDA_GROUP_PREFIX = '/aws/lambda/';

/** A line of a stream file: `<ISO time>\t<message>`. */
export function logLine(event: LogEvent): string {
  return `${new Date(event.timestamp).toISOString()}\t${event.message.replace(/\r?\n/g, ' ')}\n`;
}

function parseLine(line: string): LogEvent | undefined {
  const tab = line.indexOf('\t');
  if (tab < 0) return undefined;
  const timestamp = Date.parse(line.slice(0, tab));
  return Number.isNaN(timestamp) ? undefined : { timestamp, message: line.slice(tab + 1) };
}

/** Whether a name is safe as a path under the logs folder (no `..`, no empty parts). */
function safeParts(name: string): string[] | undefined {
  const parts = name.split('/').filter((part) => part !== '');
  return parts.length > 0 && parts.every((part) => part !== '.' && part !== '..' && !part.includes('\\')) ? parts : undefined;
}

export class LogStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'logs');
  }

  /** The folder of a log group, or undefined for a name that is not one of the local cloud's. */
  groupDir(group: string): string | undefined {
    if (!group.startsWith(LAMBDA_GROUP_PREFIX)) return undefined;
    const parts = safeParts(group);
    return parts && parts.length === 3 ? path.join(this.root, ...parts) : undefined;
  }

  private streamFile(group: string, stream: string): string | undefined {
    const directory = this.groupDir(group);
    const parts = safeParts(stream);
    return directory && parts ? path.join(directory, ...parts) : undefined;
  }

  /** Appends events to a stream, creating it (and its group) if needed. */
  append(group: string, stream: string, events: LogEvent[]): void {
    const file = this.streamFile(group, stream);
    if (!file) throw new Error(`Local CloudWatch Logs: ${group} ${stream} is not a log stream name the local cloud writes`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.appendFileSync(file, events.map(logLine).join(''));
  }

  groups(): StoredGroup[] {
    const lambdaDir = path.join(this.root, ...LAMBDA_GROUP_PREFIX.split('/').filter(Boolean));
    if (!fs.existsSync(lambdaDir)) return [];
    return fs
      .readdirSync(lambdaDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => {
        const name = `${LAMBDA_GROUP_PREFIX}${entry.name}`;
        const stat = fs.statSync(path.join(lambdaDir, entry.name));
        return {
          name,
          creationTime: Math.floor(stat.birthtimeMs || stat.ctimeMs),
          storedBytes: this.streams(name).reduce((sum, s) => sum + s.storedBytes, 0),
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  hasGroup(group: string): boolean {
    const directory = this.groupDir(group);
    return directory !== undefined && fs.existsSync(directory);
  }

  /** The group's streams, by name. */
  streams(group: string): StoredStream[] {
    const directory = this.groupDir(group);
    if (!directory || !fs.existsSync(directory)) return [];
    const files = fs.readdirSync(directory, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    return files
      .map((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        const name = path.relative(directory, file).split(path.sep).join('/');
        const stat = fs.statSync(file);
        const events = this.read(group, name);
        return {
          name,
          creationTime: Math.floor(stat.birthtimeMs || stat.ctimeMs),
          ...(events.length > 0
            ? { firstEventTimestamp: events[0].timestamp, lastEventTimestamp: events.at(-1)!.timestamp, lastIngestionTime: Math.floor(stat.mtimeMs) }
            : {}),
          storedBytes: stat.size,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** A stream's events, oldest first (as written). */
  read(group: string, stream: string): LogEvent[] {
    const file = this.streamFile(group, stream);
    if (!file || !fs.existsSync(file)) return [];
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .map(parseLine)
      .filter((event): event is LogEvent => event !== undefined);
  }
}

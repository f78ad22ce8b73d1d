/**
 * What an in-process function prints, per invocation. The handlers share this process's stdout and
 * stderr (Powertools' Logger writes its JSON lines to them), so the writes are told apart by the
 * invocation's async context: each write made inside one is also kept for its log stream, and
 * still goes to the terminal as before.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogEvent } from '../logs/store';

/** The lines an invocation printed, with the times they were printed. */
export class InvocationLog {
  readonly events: LogEvent[] = [];
  private partial = '';

  constructor(private readonly now: () => number = Date.now) {}

  /** Adds printed text: one event per complete line, as Lambda splits stdout. */
  write(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') this.events.push({ timestamp: this.now(), message: line });
  }

  /** Adds a line of the runtime's own (START, END, REPORT). */
  line(message: string): void {
    this.flush();
    this.events.push({ timestamp: this.now(), message });
  }

  /** A last line printed without its newline. */
  flush(): void {
    if (this.partial.trim() !== '') this.events.push({ timestamp: this.now(), message: this.partial });
    this.partial = '';
  }
}

const current = new AsyncLocalStorage<InvocationLog>();

type Write = typeof process.stdout.write;

let installed: { stdout: Write; stderr: Write; teeOut: Write; teeErr: Write } | undefined;
let users = 0;

function tee(stream: NodeJS.WriteStream, original: Write): Write {
  return function (this: unknown, chunk: unknown, ...rest: unknown[]): boolean {
    const log = current.getStore();
    if (log)
      log.write(
        typeof chunk === 'string'
          ? chunk
          : Buffer.isBuffer(chunk) || chunk instanceof Uint8Array
            ? Buffer.from(chunk).toString('utf8')
            : String(chunk),
      );
    return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
  } as Write;
}

/** Starts keeping invocations' output; each call needs its release(). */
export function captureOutput(): () => void {
  users += 1;
  if (!installed) {
    const stdout = process.stdout.write;
    const stderr = process.stderr.write;
    installed = { stdout, stderr, teeOut: tee(process.stdout, stdout), teeErr: tee(process.stderr, stderr) };
    process.stdout.write = installed.teeOut;
    process.stderr.write = installed.teeErr;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    users -= 1;
    if (users === 0 && installed) {
      // Put back only what is still ours: a writer installed since (a test's spy) keeps its place.
      if (process.stdout.write === installed.teeOut) process.stdout.write = installed.stdout;
      if (process.stderr.write === installed.teeErr) process.stderr.write = installed.stderr;
      installed = undefined;
    }
  };
}

/** Runs `work` with what it prints (and what anything it starts prints) kept in `log`. */
export function withInvocationLog<T>(log: InvocationLog, work: () => T): T {
  return current.run(log, work);
}

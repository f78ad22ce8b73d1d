/**
 * The local MediaConvert's queue: jobs wait SUBMITTED until one of `concurrency` places is free,
 * higher priority first, then in the order they were submitted (as a MediaConvert queue). A burst
 * of jobs waits rather than running a hundred ffmpeg processes at once. Paused, it starts nothing
 * (a MediaConvert queue with status PAUSED).
 */

interface Waiting {
  id: string;
  priority: number;
  order: number;
}

export class JobQueue {
  private readonly waiting: Waiting[] = [];
  private readonly running = new Map<string, Promise<void>>();
  private submitted = 0;
  private paused: boolean;

  constructor(
    readonly concurrency: number,
    private readonly run: (id: string) => Promise<void>,
    options: { paused?: boolean } = {},
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RangeError(`Local MediaConvert: concurrency must be a whole number of at least 1 (is ${concurrency})`);
    this.paused = options.paused ?? false;
  }

  /** Jobs waiting, in the order they will start. */
  get queued(): string[] {
    return this.waiting.map((entry) => entry.id);
  }

  get active(): string[] {
    return [...this.running.keys()];
  }

  add(id: string, priority: number): void {
    if (this.running.has(id) || this.waiting.some((entry) => entry.id === id)) return;
    this.waiting.push({ id, priority, order: this.submitted++ });
    this.waiting.sort((a, b) => b.priority - a.priority || a.order - b.order);
    // Later: the caller answers CreateJob (SUBMITTED) before the job starts.
    queueMicrotask(() => this.pump());
  }

  /** Takes a waiting job out of the queue; false when it is not waiting. */
  remove(id: string): boolean {
    const index = this.waiting.findIndex((entry) => entry.id === id);
    if (index < 0) return false;
    this.waiting.splice(index, 1);
    return true;
  }

  pause(): void {
    this.paused = true;
  }

  /** Whether it starts no jobs (GetQueue's PAUSED). */
  get isPaused(): boolean {
    return this.paused;
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  /** Resolves once every job running now has settled. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }

  private pump(): void {
    while (!this.paused && this.running.size < this.concurrency && this.waiting.length > 0) {
      const { id } = this.waiting.shift()!;
      const run = this.run(id)
        .catch(() => undefined)
        .finally(() => {
          this.running.delete(id);
          this.pump();
        });
      this.running.set(id, run);
    }
  }
}

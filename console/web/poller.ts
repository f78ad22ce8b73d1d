/**
 * Live pages poll the API once a second (the list, an asset, a running execution): a change shows
 * within 2 s with no server push to keep open. A poll waits for the previous one, and stops when its
 * element leaves the page.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export const POLL_INTERVAL_MS = 1000;

export class Poller implements ReactiveController {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private generation = 0;

  constructor(
    host: ReactiveControllerHost,
    private readonly poll: () => Promise<void>,
    private readonly intervalMs = POLL_INTERVAL_MS,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.running = true;
    this.now();
  }

  hostDisconnected(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  /** Polls at once (after a change the user made), then on the interval. */
  now(): void {
    clearTimeout(this.timer);
    const generation = ++this.generation;
    void this.poll()
      .catch(() => undefined)
      .finally(() => {
        if (this.running && generation === this.generation) this.timer = setTimeout(() => this.now(), this.intervalMs);
      });
  }
}

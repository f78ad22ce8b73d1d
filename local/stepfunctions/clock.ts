/**
 * The time the local Step Functions runs on, injected so tests of timeouts, heartbeats and timers
 * run on fake time. The system clock is Node's: `Date.now()` and its timers.
 */
export type TimerHandle = unknown;

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Reads the globals at each call, so jest's fake timers drive it as they drive the library's own sleeps. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Timers on the injected clock for any delay: Node fires timers longer than 2^31-1 ms at once, so
 * long delays are chained. Each returns the function that cancels it.
 */
import type { Clock, TimerHandle } from './clock';
import { MAX_TIMER_SECONDS } from './library';

const MAX_STEP_MS = MAX_TIMER_SECONDS * 1000;

/** Fires `onFire` at the epoch millisecond `at` (at once, on the next turn, when it has passed). */
export function deadlineTimer(clock: Clock, at: number, onFire: () => void): () => void {
  let handle: TimerHandle;
  let cancelled = false;
  const arm = () => {
    if (cancelled) return;
    const remaining = at - clock.now();
    if (remaining <= 0) {
      handle = clock.setTimeout(onFire, 0);
      return;
    }
    handle = clock.setTimeout(() => (remaining > MAX_STEP_MS ? arm() : onFire()), Math.min(remaining, MAX_STEP_MS));
  };
  arm();
  return () => {
    cancelled = true;
    clock.clearTimeout(handle);
  };
}

/** Fires `onFire` after `seconds`. */
export function delayTimer(clock: Clock, seconds: number, onFire: () => void): () => void {
  return deadlineTimer(clock, clock.now() + seconds * 1000, onFire);
}

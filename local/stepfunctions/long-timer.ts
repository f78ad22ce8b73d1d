/**
 * A timer for any number of seconds: Node fires timers longer than 2^31-1 ms at once, so long
 * delays are chained. Returns the function that cancels it.
 */
import { MAX_TIMER_SECONDS } from './library';

export function longTimer(onFire: () => void, seconds: number): () => void {
  let handle: NodeJS.Timeout;
  const arm = (remaining: number) => {
    const step = Math.min(remaining, MAX_TIMER_SECONDS);
    handle = setTimeout(() => (remaining > step ? arm(remaining - step) : onFire()), step * 1000);
  };
  arm(seconds);
  return () => clearTimeout(handle);
}

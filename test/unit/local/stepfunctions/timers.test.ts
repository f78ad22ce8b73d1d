import { deadlineTimer, delayTimer } from '../../../../local/stepfunctions/timers';
import { FakeClock } from './harness';

const DAY_MS = 24 * 3600 * 1000;

describe('timers on the injected clock', () => {
  it('fires a deadline past the longest Node timer (24.8 days) at the deadline, not before', async () => {
    // Prepare
    const clock = new FakeClock();
    let fired = 0;
    deadlineTimer(clock, clock.now() + 30 * DAY_MS, () => (fired += 1));

    // Act
    await clock.advance(30 * DAY_MS - 1);
    const early = fired;
    await clock.advance(1);

    // Assess
    expect(early).toBe(0);
    expect(fired).toBe(1);
  });

  it('fires a deadline that has passed on the next turn, and never once cancelled', async () => {
    // Prepare
    const clock = new FakeClock();
    const fired: string[] = [];
    deadlineTimer(clock, clock.now() - 1000, () => fired.push('passed'));
    const cancel = delayTimer(clock, 5, () => fired.push('cancelled'));

    // Act
    const synchronously = [...fired];
    cancel();
    await clock.advance(10_000);

    // Assess
    expect(synchronously).toEqual([]);
    expect(fired).toEqual(['passed']);
  });
});

/** The bounded task pool the local MediaConvert publishes with. */
import { pool } from '../../../local/pool';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('pool', () => {
  it('runs at most `limit` tasks at once and returns the results in the tasks order', async () => {
    // Prepare
    let running = 0;
    let most = 0;
    const tasks = [30, 10, 20, 0, 5].map((delay, index) => async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, delay));
      running -= 1;
      return index;
    });

    // Act
    const results = await pool(tasks, 2);

    // Assess
    expect(results).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('starts no task after a failure, waits for the running ones, and rejects with the first failure', async () => {
    // Prepare
    const started: number[] = [];
    let slowFinished = false;
    const tasks = [
      async () => {
        started.push(0);
        throw new Error('first');
      },
      async () => {
        started.push(1);
        await settle();
        await settle();
        slowFinished = true;
      },
      async () => {
        started.push(2);
      },
    ];

    // Act
    const outcome = pool(tasks, 2);

    // Assess
    await expect(outcome).rejects.toThrow('first');
    expect(started).toEqual([0, 1]);
    expect(slowFinished).toBe(true);
  });

  it('returns nothing for no tasks', async () => {
    await expect(pool([], 4)).resolves.toEqual([]);
  });
});

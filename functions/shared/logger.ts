/**
 * The one logger: Powertools, JSON lines, with the asset id appended as a persistent key once known.
 *
 * Each invocation logs through its own child logger (see `withInvocationLogger`), so invocations
 * that share a process — the local cloud runs every function in one — never mix their context keys.
 * On Lambda, where a process serves one invocation at a time, this changes nothing.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';

const root = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'vod-pipeline' });
const invocation = new AsyncLocalStorage<Logger>();

/** The current invocation's logger (the root logger outside an invocation). */
export const logger: Logger = new Proxy(root, {
  get(target, property) {
    const active = invocation.getStore() ?? target;
    const value: unknown = Reflect.get(active, property, active);
    return typeof value === 'function' ? value.bind(active) : value;
  },
});

/** Runs one invocation with a logger of its own. */
export function withInvocationLogger<T>(run: () => T): T {
  return invocation.run(root.createChild(), run);
}

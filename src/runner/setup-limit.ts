/**
 * At most a few connections in setup (TCP connect, key exchange, login) at once, whatever
 * --forks is. With a thousand handshakes started together on a busy auditor, each one queues
 * behind all the others and its deadline measures our queue rather than the host: the
 * benchmark lost 704 of 1,000 hosts to "handshake did not finish within 20s" that way, and
 * none with setups capped. Time spent waiting for a slot is taken off the host's budget, so
 * the transport's phase deadlines still end inside the per-host cap.
 */
import os from 'node:os';
import pLimit from 'p-limit';
import type { Connector } from '../transport/types.js';

/** Key exchange is CPU-bound on both ends: a few dozen per core keeps every core busy. */
export function defaultSetupConcurrency(): number {
  return 32 * os.availableParallelism();
}

export function limitSetups(connector: Connector, concurrency: number): Connector {
  const limit = pLimit(Math.max(1, concurrency));
  const limited: Connector = {
    open: (spec, options = {}) => {
      const queued = performance.now();
      return limit(() => {
        const waited = performance.now() - queued;
        const timeLeftMs = options.timeLeftMs === undefined ? undefined : Math.max(1, options.timeLeftMs - waited);
        return connector.open(spec, { ...options, ...(timeLeftMs === undefined ? {} : { timeLeftMs }) });
      });
    },
    closeAll: () => connector.closeAll(),
  };
  if (connector.prepare) limited.prepare = (specs) => connector.prepare!(specs);
  return limited;
}

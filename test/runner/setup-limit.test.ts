/**
 * Connection setups are capped apart from --forks: a slot is held only while connecting and
 * logging in, and time spent waiting for it comes off the host's budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/runner/index.js';
import type { Connector } from '../../src/transport/index.js';
import { fleetSkipReason, startFleet, type Fleet } from '../fleet/index.js';
import { fleetConnector, fleetTarget } from './fleet-targets.js';

/** The fleet's real connector, counting how many opens are in flight at once. */
function counting(inner: Connector): { connector: Connector; peak: () => number; seenBudgets: number[] } {
  let inFlight = 0;
  let peak = 0;
  const seenBudgets: number[] = [];
  return {
    connector: {
      open: async (spec, options) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        if (options?.timeLeftMs !== undefined) seenBudgets.push(options.timeLeftMs);
        try {
          return await inner.open(spec, options);
        } finally {
          inFlight -= 1;
        }
      },
      closeAll: () => inner.closeAll(),
    },
    peak: () => peak,
    seenBudgets,
  };
}

const skipReason = fleetSkipReason();
describe.skipIf(skipReason !== undefined)(`connection setup limit${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({ count: 8, logLevel: 'ERROR' });
  }, 120_000);
  afterAll(async () => fleet?.stop());

  it('sets up at most `setupConcurrency` connections at once while all hosts run in parallel', async () => {
    const probe = counting(fleetConnector(fleet));
    const started = performance.now();
    const results = await runAudit(
      fleet.hosts.map((host) => fleetTarget(host)),
      { connector: probe.connector, forks: 8, setupConcurrency: 2, timeoutSec: 60, buildCommand: () => 'sleep 1' },
    );
    // `sleep` prints no probe sections: the hosts end as errors, but only after running it.
    expect(results.map((r) => r.phase)).toEqual(Array(8).fill('command'));
    expect(probe.peak()).toBe(2);
    // The commands overlap: eight `sleep 1` in well under eight seconds.
    expect(performance.now() - started).toBeLessThan(7_000);
  });

  it('takes the time spent waiting for a slot off the budget the transport is given', async () => {
    const probe = counting(fleetConnector(fleet));
    await runAudit(
      fleet.hosts.map((host) => fleetTarget(host)),
      { connector: probe.connector, forks: 8, setupConcurrency: 1, timeoutSec: 60, buildCommand: () => 'true' },
    );
    const budgets = probe.seenBudgets;
    expect(budgets).toHaveLength(8);
    expect(Math.min(...budgets)).toBeLessThan(Math.max(...budgets));
    expect(Math.max(...budgets)).toBeLessThanOrEqual(60_000);
  });
});

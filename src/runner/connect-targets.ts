/** Which TCP endpoints each host probes: a few peers (so every host is probed by someone) and its datastore. */
import type { ProbePlan } from '../probes/index.js';
import { connectTargetsFor } from '../probes/peers.js';
import { datastoreTargets } from '../core/endpoints.js';
import type { RunTarget } from './types.js';

/**
 * Per target, in order. Peers are addressed as the auditor reaches them (ansible_host or the
 * name); a local target has no address others could use, so it only probes its datastore.
 */
export function connectTargetsOf(targets: RunTarget[]): ProbePlan['connectTargets'][] {
  const reachable = targets.filter((target) => target.connection.kind === 'ssh');
  const planned = connectTargetsFor(
    reachable.map((target) => ({ name: target.name, address: target.connection.host, settings: target.settings })),
  );
  const byTarget = new Map(reachable.map((target, index) => [target, planned[index] ?? []]));
  return targets.map((target) => byTarget.get(target) ?? datastoreTargets(target.settings));
}

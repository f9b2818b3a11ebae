/** Which TCP endpoints each host probes: a few peers (so every host is probed by someone) and the datastore. */
import type { ProbePlan } from '../probes/index.js';
import type { RunTarget } from './types.js';

/** PLACEHOLDER until src/probes/peers.ts lands. */
export function connectTargetsFor(targets: RunTarget[]): ProbePlan['connectTargets'][] {
  return targets.map(() => []);
}

import type { ProbePlan } from './index.js';

/** STUB — replaced by the probes module. */
export function buildProbeCommand(plan: ProbePlan): string {
  return `sh -c 'echo ${plan.nonce} uname; uname -a; echo ${plan.nonce} end $?'`;
}

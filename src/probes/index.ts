/**
 * The probes' public surface, used by the runner: build the one command a host runs, split
 * its output into per-probe sections, and parse those into typed facts.
 * (Owned by the probes module; signatures are the contract with src/runner.)
 */
import type { HostFacts, RawProbeOutput } from '../core/facts.js';

export type { BecomeMode, ProbePlan } from './plan.js';
export { buildProbeCommand } from './script.js';
export { probeRequestFor, type ProbeRequest } from './request.js';
export { splitProbeOutput } from './sections.js';
export { parseFacts, becomeFailure, type ClockWindow } from './parse.js';
export { SECTION } from './section-ids.js';
export type { HostFacts, RawProbeOutput };

/**
 * The probes' public surface, used by the runner: build the one command a host runs, split
 * its output into per-probe sections, and parse those into typed facts.
 * (Owned by the probes module; signatures are the contract with src/runner.)
 */
import type { HostFacts, RawProbeOutput, ConnectProbe } from './facts.js';

export type BecomeMode = 'none' | 'sudo' | 'sudo-password';

export interface ProbePlan {
  /** Per-run random marker that delimits sections; host output cannot forge it. */
  nonce: string;
  /** How root probes run: as the login user, via `sudo -n`, or `sudo -S` fed on stdin. */
  become: BecomeMode;
  /** Remote deadline (seconds) enforced with `timeout` where the host has it. */
  remoteTimeoutSec: number;
  /** TCP endpoints this host should try to reach (peers and datastore). */
  connectTargets: Omit<ConnectProbe, 'outcome' | 'detail' | 'protocol'>[];
  /**
   * Ports whose owning process matters (Calico's BGP, VXLAN, Typha, WireGuard ports). The
   * costly `ss -p` runs only when one of them is taken. Default: 179, 4789, 5473, 51820.
   */
  ownerPorts?: number[];
}

export { buildProbeCommand } from './script.js';
export { splitProbeOutput } from './sections.js';
export { parseFacts, becomeFailure } from './parse.js';
export type { HostFacts, RawProbeOutput };

// Additive: helpers for the runner (connect targets) and the checks (kernel items, masks).
export { choosePeers, connectTargetsFor, datastoreTargets, parseEndpoint } from './peers.js';
export type { ConnectTarget, FleetHost } from './peers.js';
export { KERNEL_MODULES, KERNEL_CONFIG_SYMBOLS } from './kernel-items.js';
export { CAP_SYS_ADMIN, hasCapability } from './parsers/proc-status.js';
export { procVersionRelease } from './parsers/proc-version.js';
export { MAX_SECTION_CHARS } from './sections.js';

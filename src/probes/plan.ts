/** What the runner asks of one host's probe run. */
import type { ConnectTarget } from '../core/endpoints.js';
import type { ProbeRequest } from './request.js';

export type BecomeMode = 'none' | 'sudo' | 'sudo-password';

export interface ProbePlan {
  /** Per-run random marker that delimits sections; host output cannot forge it. */
  nonce: string;
  /** How root probes run: as the login user, via `sudo -n`, or `sudo -S` fed on stdin. */
  become: BecomeMode;
  /** Remote deadline (seconds) enforced with `timeout` where the host has it. */
  remoteTimeoutSec: number;
  /** What to look at: the union of the run's checks' needs (probeRequestFor). */
  request: ProbeRequest;
  /** TCP endpoints this host should try to reach (peers and datastore). */
  connectTargets: ConnectTarget[];
  /**
   * Ports whose owning process matters (Calico's BGP, VXLAN, Typha, WireGuard ports). The
   * costly `ss -p` runs only when one of them is taken. Default: 179, 4789, 5473, 51820.
   */
  ownerPorts?: number[];
}

/**
 * Which TCP endpoints each host tries to reach. Peers: on a fleet of N hosts each host
 * probes the next `perHost` hosts around a ring, so every host is probed by exactly
 * min(perHost, N-1) others and the work stays O(N) however big the fleet; then the
 * host's datastore endpoints (../core/endpoints.ts).
 */
import type { AuditSettings } from '../core/settings.js';
import { datastoreTargets, type ConnectTarget } from '../core/endpoints.js';

export type { ConnectTarget };

export interface FleetHost {
  name: string;
  /** Address the host is reached at (ansible_host, else its name). */
  address: string;
  settings: AuditSettings;
}

/** For host i, the indexes of the hosts it probes. */
export function choosePeers(hostCount: number, perHost = 3): number[][] {
  const k = Math.max(0, Math.min(perHost, hostCount - 1));
  return Array.from({ length: hostCount }, (_, i) => Array.from({ length: k }, (_, j) => (i + j + 1) % hostCount));
}

/** Every host's connect targets: a few peers on their BGP port, and the datastore. */
export function connectTargetsFor(hosts: FleetHost[], perHost = 3): ConnectTarget[][] {
  const peers = choosePeers(hosts.length, perHost);
  return hosts.map((host, i) => [
    ...peers[i]!.map((j): ConnectTarget => {
      const peer = hosts[j]!;
      return { purpose: 'peer', target: peer.name, address: peer.address, port: peer.settings.ports.bgp };
    }),
    ...datastoreTargets(host.settings),
  ]);
}

/**
 * Which peers each host probes on the BGP port. On a large fleet every host trying every
 * other is quadratic; instead host i probes the next `perHost` hosts around a ring, so each
 * host is probed by `perHost` others and the plan stays linear.
 */
import type { ConnectProbe } from '../../probes/facts.js';

export interface PeerHost {
  name: string;
  address: string;
  /** The BGP port this host's Calico would listen on. */
  bgpPort: number;
}

export type PeerTarget = Pick<ConnectProbe, 'purpose' | 'target' | 'address' | 'port'>;

export const DEFAULT_PEERS_PER_HOST = 3;

export function planPeerProbes(hosts: PeerHost[], perHost = DEFAULT_PEERS_PER_HOST): Map<string, PeerTarget[]> {
  const count = Math.min(perHost, hosts.length - 1);
  return new Map(
    hosts.map((host, index) => [
      host.name,
      Array.from({ length: Math.max(count, 0) }, (_, step) => {
        const peer = hosts[(index + step + 1) % hosts.length]!;
        return { purpose: 'peer' as const, target: peer.name, address: peer.address, port: peer.bgpPort };
      }),
    ]),
  );
}

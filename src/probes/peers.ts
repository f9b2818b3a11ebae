/**
 * Which TCP endpoints each host tries to reach. Peers: on a fleet of N hosts each host
 * probes the next `perHost` hosts around a ring, so every host is probed by exactly
 * min(perHost, N-1) others and the work stays O(N) however big the fleet. Datastore:
 * kube-apiserver, or every etcd endpoint, parsed from host:port or URL form.
 */
import type { AuditSettings } from '../checks/settings-types.js';
import type { ProbePlan } from './index.js';

export type ConnectTarget = ProbePlan['connectTargets'][number];

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

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443 };

/**
 * "10.0.0.1:2379", "[fd00::1]:2379", "fd00::1", "etcd1", "https://10.0.0.1:2379",
 * "https://[fd00::1]:6443/". Returns null when the text is no endpoint.
 */
export function parseEndpoint(text: string, defaultPort: number): { address: string; port: number } | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      return null;
    }
    const scheme = url.protocol.replace(/:$/, '');
    const port = url.port ? Number(url.port) : (DEFAULT_PORTS[scheme] ?? defaultPort);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    return host ? { address: host, port } : null;
  }
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(trimmed);
  if (bracketed) return withPort(bracketed[1]!, bracketed[2], defaultPort);
  if ((trimmed.match(/:/g) ?? []).length > 1) return /^[0-9a-fA-F:.]+$/.test(trimmed) ? { address: trimmed, port: defaultPort } : null;
  const hostPort = /^([A-Za-z0-9._-]+)(?::(\d+))?$/.exec(trimmed);
  return hostPort ? withPort(hostPort[1]!, hostPort[2], defaultPort) : null;
}

function withPort(address: string, port: string | undefined, defaultPort: number): { address: string; port: number } | null {
  const n = port === undefined ? defaultPort : Number(port);
  return Number.isInteger(n) && n > 0 && n < 65536 ? { address, port: n } : null;
}

/** The datastore endpoints of one host's settings (unparsable ones are kept, address as given, port 0). */
export function datastoreTargets(settings: AuditSettings): ConnectTarget[] {
  const endpoints = settings.datastore === 'etcd'
    ? settings.etcdEndpoints.map((e) => [e, 2379] as const)
    : settings.apiserverEndpoint ? [[settings.apiserverEndpoint, 6443] as const] : [];
  return endpoints.map(([text, defaultPort]) => {
    const parsed = parseEndpoint(text, defaultPort);
    // port 0 makes the probe report the endpoint as an error instead of dropping it silently
    return { purpose: 'datastore', target: text, address: parsed?.address ?? text, port: parsed?.port ?? 0 };
  });
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

/**
 * Datastore endpoints as the settings name them: kube-apiserver, or every etcd endpoint, in
 * host:port or URL form. The settings validate them, the probe plan connects to them and
 * datastore.reachable judges the outcome, so the parsing lives here, below all three.
 */
import type { ConnectProbe } from './facts.js';
import type { AuditSettings } from './settings.js';

/** A TCP endpoint one host tries to reach. */
export type ConnectTarget = Omit<ConnectProbe, 'outcome' | 'detail' | 'protocol'>;

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


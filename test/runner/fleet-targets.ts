/** Runner targets and a connector for a test fleet, as the audit command would build them. */
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import type { HostVars } from '../../src/inventory/index.js';
import type { RunTarget } from '../../src/runner/index.js';
import { createConnector, resolveConnection, type Connector } from '../../src/transport/index.js';
import type { Fleet, FleetHost } from '../fleet/index.js';

export function targetOf(name: string, vars: HostVars): RunTarget {
  return { name, vars, settings: DEFAULT_SETTINGS, connection: resolveConnection(name, vars) };
}

export function fleetTarget(host: FleetHost, extraVars: HostVars = {}, name = host.name): RunTarget {
  return targetOf(name, { ...host.vars, ...extraVars });
}

/** Short phase deadlines so failure cases finish quickly; no ssh-agent, the fleet's known_hosts. */
export function fleetConnector(fleet: Fleet, deadlines: { connectTimeoutMs?: number; handshakeTimeoutMs?: number } = {}): Connector {
  return createConnector({
    knownHostsFile: fleet.knownHosts,
    agentSocket: null,
    connectTimeoutMs: deadlines.connectTimeoutMs ?? 5_000,
    handshakeTimeoutMs: deadlines.handshakeTimeoutMs ?? 15_000,
  });
}

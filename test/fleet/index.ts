/** The loopback sshd test fleet: import from here in tests and benchmarks. */
export { startFleet } from './launcher.js';
export { fleetSupport, fleetSkipReason, type FleetSupport } from './support.js';
export { knownHostsName } from '../../src/transport/known-hosts.js';
export type { Fleet, FleetHost, FleetOptions, HostRole, HostSpec } from './types.js';

/**
 * Which of a host's interfaces carry its own address. Calico's default IP autodetection
 * ("first-found") skips interfaces whose names start like these (calico/node
 * startup/autodetection, DEFAULT_INTERFACES_TO_EXCLUDE); addresses on them are per node by
 * design (docker0's 172.17.0.1, kube-ipvs0's service IPs) and must not be compared.
 */
import type { HostFacts, NetInterface } from '../../core/facts.js';
import { isHostLocal, sameAddress } from './cidr.js';
import type { ProbeNeeds } from '../../core/probe-needs.js';

const NOT_HOST_INTERFACES = [
  /^docker/, /^cbr/, /^dummy/, /^virbr/, /^lxcbr/, /^veth/, /^lo$/, /^cali/, /^tunl/,
  /^flannel/, /^kube-ipvs/, /^cni/, /^vxlan\.calico$/, /^vxlan-v6\.calico$/, /^wireguard\.cali$/,
  /^wg-v6\.cali$/, /^nodelocaldns/, /^kube-bridge/, /^weave/, /^cilium/,
];

/** Interfaces Calico itself creates and owns. */
const CALICO_INTERFACES = [/^cali/, /^tunl/, /^vxlan\.calico$/, /^vxlan-v6\.calico$/, /^wireguard\.cali$/, /^wg-v6\.cali$/];

export function isCalicoInterface(name: string): boolean {
  return CALICO_INTERFACES.some((pattern) => pattern.test(name));
}

export function isHostInterface(name: string): boolean {
  return !NOT_HOST_INTERFACES.some((pattern) => pattern.test(name));
}

/** The host's own addresses: on host interfaces, neither loopback nor link-local. */
export function hostAddresses(interfaces: NetInterface[]): { iface: string; address: string }[] {
  return interfaces
    .filter((iface) => isHostInterface(iface.name))
    .flatMap((iface) =>
      iface.addresses
        .filter((entry) => !isHostLocal(entry.address) && entry.scope !== 'host' && entry.scope !== 'link')
        .map((entry) => ({ iface: iface.name, address: entry.address })),
    );
}

export type PrimaryInterface = { iface: NetInterface; why: string; source: string };

/**
 * The interface Calico's traffic leaves by: the one holding the address the host was audited
 * on, else the IPv4 default route's, else the first with a global IPv4 address (as Calico's
 * first-found autodetection would pick).
 */
export function primaryInterface(facts: HostFacts, auditAddress: string): PrimaryInterface | null {
  if (!facts.interfaces.ok) return null;
  const interfaces = facts.interfaces.value;
  const source = facts.interfaces.source;
  const holding = isHostLocal(auditAddress)
    ? undefined
    : interfaces.find((iface) => iface.addresses.some((entry) => sameAddress(entry.address, auditAddress)));
  if (holding) return { iface: holding, why: `holds ${auditAddress}`, source };
  if (facts.routes.ok) {
    const route = facts.routes.value.find((entry) => entry.destination === 'default' && entry.family === 4 && entry.device);
    const viaDefault = route && interfaces.find((iface) => iface.name === route.device);
    if (viaDefault) return { iface: viaDefault, why: 'carries the default route', source: `${source}; ${facts.routes.source}` };
  }
  const firstFound = interfaces.find(
    (iface) => isHostInterface(iface.name) && hostAddresses([iface]).some((entry) => !entry.address.includes(':')),
  );
  return firstFound ? { iface: firstFound, why: 'first interface with a global IPv4 address', source } : null;
}

/** What primaryInterface reads. */
export const PRIMARY_INTERFACE_NEEDS: ProbeNeeds = { facts: ['interfaces', 'routes'] };

import type { AuditSettings } from '../../core/settings.js';
import type { FleetCheck, FleetMember } from '../types.js';
import { fleetVerdict, hostEvidence, hostList, noMembers } from '../lib/fleet.js';
import { primaryInterface, PRIMARY_INTERFACE_NEEDS } from '../lib/interfaces.js';
import { docsPage, SEED_PROFILE } from '../lib/profile.js';

/** Bytes each encapsulation adds to a packet (Calico's MTU guide, IPv4 underlay). */
export const OVERHEAD = { ipip: 20, vxlan: 50, wireguard: 60 } as const;
/** Below this a pod network cannot carry IPv6 (RFC 8200) and barely IPv4. */
const MINIMUM_POD_MTU = { 4: 576, 6: 1280 };

/** Calico sizes pod interfaces for the largest overhead among the features it uses. */
export function encapsulationOverhead(settings: AuditSettings): { bytes: number; label: string } {
  const enabled: { bytes: number; label: string }[] = [{ bytes: 0, label: 'no encapsulation' }];
  if (settings.encapsulation === 'ipip') enabled.push({ bytes: OVERHEAD.ipip, label: 'IPIP' });
  if (settings.encapsulation === 'vxlan') enabled.push({ bytes: OVERHEAD.vxlan, label: 'VXLAN' });
  if (settings.wireguard) enabled.push({ bytes: OVERHEAD.wireguard, label: 'WireGuard' });
  return enabled.reduce((largest, entry) => (entry.bytes > largest.bytes ? entry : largest));
}

/** The value most hosts share; on a tie, the larger (the smaller ones are then the odd ones). */
function mostCommon(values: number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].reduce((best, entry) => (entry[1] > best[1] || (entry[1] === best[1] && entry[0] > best[0]) ? entry : best))[0];
}

function hostMtu(member: FleetMember) {
  const primary = primaryInterface(member.facts, member.address);
  if (!primary || primary.iface.mtu === null) return null;
  return { member, mtu: primary.iface.mtu, evidence: hostEvidence(member, `${primary.iface.name} (${primary.why}) MTU ${primary.iface.mtu}`, primary.source) };
}

export const fleetMtu: FleetCheck = {
  id: 'fleet.mtu',
  scope: 'fleet',
  needs: PRIMARY_INTERFACE_NEEDS,
  title: 'MTU consistent, with room for encapsulation',
  requirement: 'Host MTUs are consistent across the fleet and leave room for the encapsulation overhead (IPIP 20 bytes, VXLAN 50, WireGuard 60).',
  section: 'Across the fleet',
  docUrl: docsPage(SEED_PROFILE, 'mtu'),
  docUrlFor: (profile) => docsPage(profile, 'mtu'),
  evaluate(members) {
    if (members.length === 0) return noMembers();
    const measured = members.map((member) => ({ member, found: hostMtu(member) }));
    const known = measured.flatMap((entry) => (entry.found ? [entry.found] : []));
    const lacking = measured.filter((entry) => !entry.found).map((entry) => entry.member);
    const overhead = members.map((member) => encapsulationOverhead(member.settings)).reduce((largest, entry) => (entry.bytes > largest.bytes ? entry : largest));
    const seen = known.map((entry) => entry.evidence);
    if (known.length === 0) {
      return [fleetVerdict('unknown', 'No host MTU could be read.', lacking.map((member) => member.name), seen, 'Check that `ip -o link` and `ip route` work on the hosts.')];
    }
    const smallest = Math.min(...known.map((entry) => entry.mtu));
    const podMtu = smallest - overhead.bytes;
    const advice = `configure Calico with MTU ${podMtu} (smallest host MTU ${smallest} − ${overhead.bytes} for ${overhead.label})`;
    const configure = `Set veth_mtu: "${podMtu}" in the calico-config ConfigMap (or spec.calicoNetwork.mtu with the operator).`;
    const hosts = known.map((entry) => entry.member.name);
    const ipv6 = members.some((member) => member.settings.ipv6);
    const floor = MINIMUM_POD_MTU[ipv6 ? 6 : 4];
    if (podMtu < floor) {
      return [fleetVerdict('fail', `Pod MTU would be ${podMtu}, below ${floor}: the host MTU ${smallest} leaves no room for ${overhead.label}.`, hosts, seen, `Raise the host MTU to at least ${floor + overhead.bytes} on the network, or use a lighter encapsulation.`)];
    }
    if (lacking.length > 0) {
      return [fleetVerdict('unknown', `MTU unknown on ${hostList(lacking.map((member) => member.name), ', ')}; ${advice} for the others.`, lacking.map((member) => member.name), seen, 'Check that `ip -o link` and `ip route` work on these hosts.')];
    }
    const distinct = [...new Set(known.map((entry) => entry.mtu))].sort((a, b) => a - b);
    if (distinct.length > 1) {
      // Name the odd ones out, not the whole fleet: they are the hosts someone has to look at.
      const usual = mostCommon(known.map((entry) => entry.mtu));
      const odd = known.filter((entry) => entry.mtu !== usual);
      const oddText = hostList(odd.map((entry) => `${entry.member.name} (${entry.mtu})`), ', ');
      return [
        fleetVerdict(
          'warn',
          `Host MTUs differ: most hosts use ${usual}, but not ${oddText}; ${advice}.`,
          odd.map((entry) => entry.member.name),
          odd.map((entry) => entry.evidence),
          `${configure} Or make the host MTUs equal.`,
        ),
      ];
    }
    return [fleetVerdict('pass', `All hosts use MTU ${smallest}; ${advice}.`, hosts, seen)];
  },
};

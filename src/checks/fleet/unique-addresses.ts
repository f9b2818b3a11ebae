import type { FleetCheck } from '../types.js';
import { fleetVerdict, groupBy, hostEvidence, missingFrom, noMembers, type FleetVerdict } from '../lib/fleet.js';
import { hostAddresses } from '../lib/interfaces.js';
import { docUrl } from '../lib/verdict.js';
import ipaddr from 'ipaddr.js';

export const fleetUniqueAddresses: FleetCheck = {
  id: 'fleet.unique-addresses',
  scope: 'fleet',
  needs: { facts: ['interfaces'] },
  title: 'Unique host addresses',
  requirement: 'Host addresses are unique across the fleet: Calico peers and routes by them.',
  section: 'Across the fleet',
  docUrl: docUrl('network-requirements'),
  evaluate(members) {
    if (members.length === 0) return noMembers();
    const owned = members.flatMap((member) =>
      member.facts.interfaces.ok
        ? hostAddresses(member.facts.interfaces.value).map((entry) => ({
            member,
            address: ipaddr.parse(entry.address).toString(),
            evidence: hostEvidence(member, `${entry.address} on ${entry.iface}`, member.facts.interfaces.ok ? member.facts.interfaces.source : ''),
          }))
        : [],
    );
    const findings: FleetVerdict[] = [];
    for (const [address, group] of groupBy(owned, (entry) => entry.address)) {
      const hosts = [...new Set(group.map((entry) => entry.member.name))];
      if (hosts.length < 2) continue;
      findings.push(
        fleetVerdict('fail', `${hosts.join(' and ')} share the address ${address}.`, hosts, group.map((entry) => entry.evidence), `Give each host its own address (cloned machines keep their source's network config): change it on ${hosts.slice(1).join(', ')} in its network configuration, e.g. ip addr del ${address}/PREFIX dev IFACE and fix the config file.`),
      );
    }
    findings.push(...missingFrom(members, (member) => member.facts.interfaces, 'interface addresses', 'Check that `ip -o addr` works on these hosts.'));
    if (findings.length === 0) {
      const hosts = members.map((member) => member.name);
      findings.push(fleetVerdict('pass', `All ${owned.length} host addresses on ${hosts.length} hosts are unique.`, hosts, owned.map((entry) => entry.evidence)));
    }
    return findings;
  },
};

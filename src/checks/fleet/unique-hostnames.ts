import type { FleetCheck } from '../types.js';
import { fleetVerdict, groupBy, hostEvidence, missingFrom, noMembers, type FleetVerdict } from '../lib/fleet.js';
import { docUrl } from '../lib/verdict.js';

/** Calico and Kubernetes name the node after its hostname, lower-cased. */
const nodeName = (hostname: string) => hostname.trim().toLowerCase();

export const fleetUniqueHostnames: FleetCheck = {
  id: 'fleet.unique-hostnames',
  scope: 'fleet',
  needs: { facts: ['hostname'] },
  title: 'Unique hostnames',
  requirement: 'Hostnames are unique across the fleet: Calico names its nodes after them.',
  section: 'Across the fleet',
  docUrl: docUrl('node-requirements'),
  evaluate(members) {
    if (members.length === 0) return noMembers();
    const known = members.flatMap((member) =>
      member.facts.hostname.ok
        ? [{ member, hostname: member.facts.hostname.value, evidence: hostEvidence(member, `hostname ${member.facts.hostname.value}`, member.facts.hostname.source) }]
        : [],
    );
    const findings: FleetVerdict[] = [];
    for (const [name, group] of groupBy(known, (entry) => nodeName(entry.hostname))) {
      const hosts = group.map((entry) => entry.member.name);
      const seen = group.map((entry) => entry.evidence);
      if (group.length > 1) {
        findings.push(fleetVerdict('fail', `${hosts.join(' and ')} share the hostname ${name}.`, hosts, seen, `Give each host its own name, e.g. on ${hosts[1]}: hostnamectl set-hostname NEW-NAME`));
      }
      if (/^localhost(\.|$)/.test(name)) {
        findings.push(fleetVerdict('warn', `${hosts.join(', ')} ${hosts.length > 1 ? 'are' : 'is'} named ${name}: the Calico node would be called that.`, hosts, seen, 'Set a real hostname before installing: hostnamectl set-hostname NODE-NAME'));
      }
    }
    findings.push(...missingFrom(members, (member) => member.facts.hostname, 'hostname', 'Check that `hostname` or /proc/sys/kernel/hostname can be read on these hosts.'));
    if (findings.length === 0) {
      findings.push(fleetVerdict('pass', `All ${known.length} hostnames are unique.`, known.map((entry) => entry.member.name), known.map((entry) => entry.evidence)));
    }
    return findings;
  },
};

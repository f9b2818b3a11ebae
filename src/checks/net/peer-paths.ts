import type { Evidence } from '../../core/result.js';
import type { HostCheck } from '../types.js';
import { ruleEffect, type Traffic } from '../lib/iptables-rule.js';
import { usesBgp } from '../lib/modes.js';
import { docUrl, evidence, fail, missingEvidence, pass, skip, unknown, warn } from '../lib/verdict.js';
import type { AuditSettings } from '../../core/settings.js';

function trafficFor(settings: AuditSettings): Traffic[] {
  return [
    ...(usesBgp(settings) ? [{ protocol: 'tcp' as const, port: settings.ports.bgp, label: `TCP ${settings.ports.bgp} (BGP)` }] : []),
    ...(settings.encapsulation === 'ipip' ? [{ protocol: 'ipip' as const, label: 'IP protocol 4 (IPIP)' }] : []),
    ...(settings.encapsulation === 'vxlan' ? [{ protocol: 'udp' as const, port: settings.ports.vxlan, label: `UDP ${settings.ports.vxlan} (VXLAN)` }] : []),
  ];
}

const ALLOW_RULES = (traffic: Traffic[]) =>
  traffic
    .map((entry) =>
      entry.protocol === 'ipip' ? 'iptables -I INPUT -p 4 -j ACCEPT' : `iptables -I INPUT -p ${entry.protocol} --dport ${entry.port} -j ACCEPT`,
    )
    .join('\n');

export const netPeerPaths: HostCheck = {
  id: 'net.peer-paths',
  scope: 'host',
  title: 'Host-to-host paths open',
  requirement: 'Hosts reach each other on what Calico uses: TCP 179 (BGP), IP protocol 4 (IPIP), UDP 4789 (VXLAN).',
  section: 'Network requirements',
  docUrl: docUrl('network-requirements'),
  evaluate(facts, settings) {
    const traffic = trafficFor(settings);
    if (traffic.length === 0) return skip('No BGP and no encapsulation: Calico sends nothing special between hosts.');
    const seen: Evidence[] = [];
    const blocked: string[] = [];
    const risks: string[] = [];
    const gaps: string[] = [];

    // Peer probes try the BGP port: they say nothing when Calico runs without BGP (VXLAN).
    if (facts.connectivity.ok && usesBgp(settings)) {
      for (const probe of facts.connectivity.value.filter((entry) => entry.purpose === 'peer')) {
        seen.push(evidence(`TCP ${probe.port} to ${probe.target} (${probe.address}): ${probe.outcome}${probe.detail ? ` (${probe.detail})` : ''}`, facts.connectivity.source));
        if (probe.outcome === 'timeout') blocked.push(`TCP ${probe.port} to ${probe.target} times out (dropped by a firewall)`);
        else if (probe.outcome === 'unreachable') blocked.push(`${probe.target} is unreachable`);
        else if (probe.outcome === 'error') gaps.push(`the probe to ${probe.target} failed`);
      }
    } else if (!facts.connectivity.ok && usesBgp(settings)) {
      seen.push(missingEvidence('peer connect probes', facts.connectivity));
      gaps.push('peer connect probes');
    }

    if (facts.firewallRules.ok) {
      const before = seen.length;
      for (const entry of traffic) {
        // The probe tags ip6tables rules with an "ip6:" table; they only matter with IPv6 on.
        for (const rule of facts.firewallRules.value.filter((entry) => settings.ipv6 || !entry.table.startsWith('ip6:'))) {
          const effect = ruleEffect(rule.rule, entry);
          if (!effect) continue;
          seen.push(evidence(`${entry.label}: ${effect === 'blocks' ? 'dropped by' : 'may be dropped by'} [${rule.table}] ${rule.rule}`, facts.firewallRules.source));
          (effect === 'blocks' ? blocked : risks).push(`${entry.label} ${effect === 'blocks' ? 'is dropped' : 'may be dropped'} by "${rule.rule}"`);
        }
      }
      if (seen.length === before) {
        seen.push(evidence(`no DROP/REJECT rule for ${traffic.map((entry) => entry.label).join(', ')}`, facts.firewallRules.source));
      }
    } else {
      seen.push(missingEvidence('iptables rules', facts.firewallRules));
      // Encapsulated traffic is only visible in the rules; BGP is also proven by the probes.
      if (traffic.some((entry) => entry.protocol !== 'tcp') || !facts.connectivity.ok) gaps.push('iptables rules (re-run with --become)');
    }

    if (blocked.length > 0) {
      return fail(`${blocked.join('; ')}.`, seen, `Allow Calico's traffic between all hosts, in host firewalls and in the network (cloud security groups too), e.g.:\n${ALLOW_RULES(traffic)}`);
    }
    if (gaps.length > 0) return unknown(`Could not verify host-to-host paths: missing ${gaps.join(', ')}.`, seen, 'Re-run with --become so iptables-save can be read, and check that the host has nc, bash or timeout for connect probes.');
    if (risks.length > 0) return warn(`${risks.join('; ')}.`, seen, `Make sure these rules come after rules accepting Calico's traffic, e.g.:\n${ALLOW_RULES(traffic)}`);
    return pass(`Nothing drops ${traffic.map((entry) => entry.label).join(', ')}.`, seen);
  },
};

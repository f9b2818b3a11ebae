import type { Evidence } from '../../core/result.js';
import type { FirewallFacts } from '../../core/facts.js';
import type { HostCheck } from '../types.js';
import { firewallFindings, unreadFirewall, type FirewallFinding } from '../lib/firewall-paths.js';
import type { Packet } from '../lib/packet.js';
import { usesBgp, wireguardV6Port } from '../lib/modes.js';
import { profileOf, SEED_PROFILE } from '../lib/profile.js';
import type { RequirementProfile } from '../profiles/index.js';
import { docUrl, evidence, fail, missingEvidence, pass, skip, unknown, warn } from '../lib/verdict.js';
import type { AuditSettings } from '../../core/settings.js';

interface Traffic {
  protocol: 'tcp' | 'udp' | 'ipip';
  port?: number;
  label: string;
  /** Address families it travels over; default: IPv4, and IPv6 too when Calico runs it (IPIP is IPv4 only). */
  families?: (4 | 6)[];
}

const PROTOCOL_NUMBER: Record<Traffic['protocol'], number> = { tcp: 6, udp: 17, ipip: 4 };

/**
 * WireGuard's ports joined the network table with IPv6 WireGuard (v3.24): the v3.22 page has no
 * WireGuard row, the later pages list both. A profile with an IPv6 WireGuard port has that table.
 */
const tableListsWireguard = (profile: RequirementProfile) => profile.ports.wireguardV6.value !== null;

function wireguardTraffic(settings: AuditSettings): Traffic[] {
  if (!settings.wireguard || !tableListsWireguard(profileOf(settings))) return [];
  const v6 = wireguardV6Port(settings);
  return [
    { protocol: 'udp', port: settings.ports.wireguard, label: `UDP ${settings.ports.wireguard} (WireGuard)`, families: [4] },
    ...(v6 === null ? [] : [{ protocol: 'udp' as const, port: v6, label: `UDP ${v6} (IPv6 WireGuard)`, families: [6 as const] }]),
  ];
}

function trafficFor(settings: AuditSettings): Traffic[] {
  return [
    ...(usesBgp(settings) ? [{ protocol: 'tcp' as const, port: settings.ports.bgp, label: `TCP ${settings.ports.bgp} (BGP)` }] : []),
    ...(settings.encapsulation === 'ipip' ? [{ protocol: 'ipip' as const, label: 'IP protocol 4 (IPIP)' }] : []),
    ...(settings.encapsulation === 'vxlan' ? [{ protocol: 'udp' as const, port: settings.ports.vxlan, label: `UDP ${settings.ports.vxlan} (VXLAN)` }] : []),
    ...wireguardTraffic(settings),
  ];
}

/** The packets that must pass: from and to peers, over each family the traffic uses. */
function packetsFor(traffic: Traffic, settings: AuditSettings): Packet[] {
  const families: (4 | 6)[] = traffic.families ?? (settings.ipv6 && traffic.protocol !== 'ipip' ? [4, 6] : [4]);
  return families.flatMap((family) =>
    (['in', 'out'] as const).map((direction) => ({ direction, family, protocol: PROTOCOL_NUMBER[traffic.protocol], ...(traffic.port ? { port: traffic.port } : {}) })),
  );
}

function requirementFor(profile: RequirementProfile): string {
  const { bgp, ipipProtocol, vxlan, wireguard, wireguardV6 } = profile.ports;
  const uses = [`TCP ${bgp.value} (BGP)`, `IP protocol ${ipipProtocol.value} (IPIP)`, `UDP ${vxlan.value} (VXLAN)`];
  if (tableListsWireguard(profile)) uses.push(`UDP ${wireguard.value} (WireGuard)`, `UDP ${wireguardV6.value} (IPv6 WireGuard)`);
  return `Hosts reach each other on what Calico uses: ${uses.join(', ')}.`;
}

interface Found extends FirewallFinding {
  traffic: Traffic;
  direction: Packet['direction'];
}

function describe(found: Found): string {
  const via = found.via.length > 1 ? ` (via ${found.via.join(' → ')})` : '';
  const from = found.direction === 'out' ? ' to peers' : '';
  return `${found.traffic.label}${from}: ${found.effect === 'blocks' ? 'dropped by' : 'may be dropped by'} [${found.where} ${found.chain}] ${found.rule}${via}`;
}

/** The accept rule for each firewall a drop was found in, inserted where the path starts. */
function allowCommands(found: Found[], firewall: FirewallFacts): string[] {
  const commands = new Set<string>();
  for (const f of found) {
    const { protocol, port } = f.traffic;
    const base = f.via[0]!;
    if (f.where.startsWith('nftables ') && f.where.endsWith(' firewalld')) {
      commands.add(protocol === 'ipip' ? 'firewall-cmd --permanent --add-protocol=4' : `firewall-cmd --permanent --add-port=${port}/${protocol}`);
    } else if (f.where.startsWith('nftables ')) {
      const match = protocol === 'ipip' ? 'meta l4proto 4' : `${protocol} dport ${port}`;
      commands.add(`nft insert rule ${f.where.slice('nftables '.length)} ${base} ${match} accept`);
    } else {
      const legacy = f.where.startsWith('legacy');
      const tool = (legacy ? firewall.defaultBackend === 'legacy' : firewall.defaultBackend === 'nft') ? 'iptables' : legacy ? 'iptables-legacy' : 'iptables-nft';
      const table = f.where.split(' ').pop();
      const match = protocol === 'ipip' ? '-p 4' : `-p ${protocol} --dport ${port}`;
      commands.add(`${f.where.includes('IPv6') ? tool.replace('iptables', 'ip6tables') : tool}${table === 'filter' ? '' : ` -t ${table}`} -I ${base} ${match} -j ACCEPT`);
    }
  }
  const list = [...commands];
  return list.some((command) => command.startsWith('firewall-cmd')) ? [...list, 'firewall-cmd --reload'] : list;
}

function firewallVerdicts(firewall: FirewallFacts, traffic: Traffic[], settings: AuditSettings): Found[] {
  const found: Found[] = [];
  for (const entry of traffic) {
    for (const packet of packetsFor(entry, settings)) {
      for (const finding of firewallFindings(firewall, packet)) {
        if (!found.some((f) => f.traffic === entry && f.where === finding.where && f.chain === finding.chain && f.rule === finding.rule)) {
          found.push({ ...finding, traffic: entry, direction: packet.direction });
        }
      }
    }
  }
  return found;
}

export const netPeerPaths: HostCheck = {
  id: 'net.peer-paths',
  scope: 'host',
  needs: { facts: ['connectivity', 'firewall'] },
  title: 'Host-to-host paths open',
  requirement: requirementFor(SEED_PROFILE),
  requirementFor,
  section: 'Network requirements',
  docUrl: docUrl('network-requirements'),
  notes:
    'The seed spec reads DROP/REJECT lines out of iptables-save. This check reads what the kernel filters with: both iptables ' +
    'backends (legacy and nf_tables both see every packet) and the nftables tables iptables cannot show, such as firewalld\'s ' +
    'nftables backend on RHEL/Rocky/Alma 8 and 9, whose filter_INPUT ends in a reject of everything its zones did not accept. ' +
    'It follows each packet from the base chains (INPUT, OUTPUT, PREROUTING, POSTROUTING; nftables hook chains) through jumps, ' +
    'gotos and returns: a drop the packet surely reaches with nothing accepting it first fails (CentOS 7 iptables-services\' ' +
    '`-A INPUT -j REJECT` after its RELATED,ESTABLISHED, icmp, lo and ssh accepts); one that depends on an interface, source or ' +
    'set warns; rules in chains INPUT never reaches are ignored. Calico\'s own cali- chains (per-pod "Drop if no profiles ' +
    'matched", "Drop IPIP packets from non-Calico hosts") and kube-proxy\'s KUBE- chains are walked over, not judged: they ' +
    'are Calico\'s and Kubernetes\' policy, not a host firewall (Felix v3.22 felix/rules/static.go accepts IPIP from Calico hosts ' +
    'before that drop). Protocol 4 is "ipencap" (Debian) or "ipv4" (RHEL) in /etc/protocols; "ipip" there is protocol 94. ' +
    'From v3.28 the page lists WireGuard between all hosts (UDP 51820, and 51821 for IPv6 WireGuard, Felix\'s default); the v3.22 ' +
    'page has no WireGuard row, so that profile does not check it. The eBPF pages also ask for VXLAN between hosts (NodePort ' +
    'forwarding) even without VXLAN encapsulation; no profile checks that yet.',
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

    let found: Found[] = [];
    if (facts.firewall.ok) {
      const firewall = facts.firewall.value;
      found = firewallVerdicts(firewall, traffic, settings);
      for (const f of found) {
        seen.push(evidence(describe(f), facts.firewall.source));
        const what = `${f.traffic.label}${f.direction === 'out' ? ' to peers' : ''} ${f.effect === 'blocks' ? 'is dropped' : 'may be dropped'} by "${f.rule}" [${f.where} ${f.chain}]`;
        (f.effect === 'blocks' ? blocked : risks).push(what);
      }
      if (found.length === 0) seen.push(evidence(`no firewall rule drops ${traffic.map((entry) => entry.label).join(', ')}`, facts.firewall.source));
      for (const unread of unreadFirewall(firewall)) {
        seen.push(evidence(`not read: ${unread}`, facts.firewall.source));
        if (traffic.some((entry) => entry.protocol !== 'tcp') || !facts.connectivity.ok) gaps.push(unread);
      }
    } else {
      seen.push(missingEvidence('firewall rules', facts.firewall));
      // Encapsulated traffic is only visible in the rules; BGP is also proven by the probes.
      if (traffic.some((entry) => entry.protocol !== 'tcp') || !facts.connectivity.ok) gaps.push('firewall rules (re-run with --become)');
    }

    const allow = facts.firewall.ok ? allowCommands(found, facts.firewall.value) : [];
    const fix = (intro: string) => `${intro}${allow.length ? `, e.g.:\n${allow.join('\n')}` : '.'}`;
    if (blocked.length > 0) {
      return fail(`${blocked.join('; ')}.`, seen, fix("Allow Calico's traffic between all hosts, in host firewalls and in the network (cloud security groups too)"));
    }
    if (gaps.length > 0) {
      return unknown(`Could not verify host-to-host paths: missing ${gaps.join('; ')}.`, seen, 'Re-run with --become so the firewall can be read (iptables-save of both backends, nft list ruleset), and check that the host has nc, bash or timeout for connect probes.');
    }
    if (risks.length > 0) return warn(`${risks.join('; ')}.`, seen, fix("Make sure Calico's traffic is accepted before these rules drop it"));
    return pass(`Nothing drops ${traffic.map((entry) => entry.label).join(', ')}.`, seen);
  },
};

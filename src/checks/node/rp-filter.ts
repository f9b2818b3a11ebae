import type { HostCheck } from '../types.js';
import type { RequirementProfile } from '../profiles/index.js';
import { profileOf } from '../lib/profile.js';
import { docUrl, evidence, pass, unknown, unknownFromFact } from '../lib/verdict.js';

const KEY = 'net.ipv4.conf.all.rp_filter';

/** What the kernel does with each value (Documentation/networking/ip-sysctl.rst). */
const MEANING: Record<string, string> = { '0': 'no source validation', '1': 'strict', '2': 'loose' };

/**
 * Why loose mode is no longer a problem: since projectcalico/felix#2189 ("Use iptables for ipv4
 * RPF check", v3.12) Felix drops spoofed workload packets with its own rule in raw PREROUTING
 * (rules/static.go: StaticRawPreroutingChain → RPFilter, `-m rpfilter --invert`), so the
 * global sysctl never decides it.
 */
const looseNote = (profile: RequirementProfile) =>
  `Felix v${profile.version} does not read this sysctl: it drops spoofed workload traffic with its own iptables rule (raw PREROUTING, -m rpfilter --invert), whatever the kernel's setting.`;

export const nodeRpFilter: HostCheck = {
  id: 'node.rp-filter',
  scope: 'host',
  needs: { facts: ['sysctl'], sysctls: [KEY] },
  title: 'Reverse path filtering',
  requirement: 'net.ipv4.conf.all.rp_filter holds a kernel value (0, 1 or 2); Calico does its own reverse path check for workloads.',
  section: 'Node requirements',
  docUrl: docUrl('node-requirements'),
  notes:
    'The seed spec fails loose mode (2) because "Felix refuses to start" with it. That was Felix before v3.12: the start-up check ' +
    '(projectcalico/felix#1322, with the IgnoreLooseRPF escape hatch) went away when projectcalico/felix#2189 ("Use iptables for ipv4 RPF check") ' +
    'replaced the sysctl with an iptables rule in raw PREROUTING (felix rules/static.go, StaticRawPreroutingChain → RPFilter: ' +
    '`-m rpfilter --invert -j DROP` for packets marked as coming from a cali* interface). At v3.22 Felix neither reads ' +
    'net.ipv4.conf.all.rp_filter nor writes a per-interface rp_filter (felix dataplane/linux/endpoint_mgr.go configureInterface sets ' +
    'route_localnet, proxy_delay, proxy_arp and forwarding only; per-interface rp_filter writes return in v3.23 with ' +
    'WorkloadSourceSpoofing, projectcalico/calico#5742). systemd has shipped 2 in its default sysctl.d since v240 and Ubuntu 20.04+ ' +
    'runs with it, so loose mode passes with a note; the fix never tells anyone to force strict mode. The later releases keep ' +
    'the raw PREROUTING rule (felix/rules/static.go, RPFilter, 2025) and write rp_filter only on their own workload interfaces, ' +
    'never reading the global one; the note names the profile\'s release.',
  evaluate(facts, settings) {
    if (!facts.sysctl.ok) return unknownFromFact(KEY, facts.sysctl, `Check that /proc/sys/net/ipv4/conf/all/rp_filter is readable.`);
    const value = facts.sysctl.value[KEY];
    if (value === undefined) {
      return unknown(`${KEY} was not read.`, [evidence(`${KEY}: absent`, facts.sysctl.source)], 'Check that /proc/sys/net/ipv4/conf/all/rp_filter exists on the host.');
    }
    const meaning = MEANING[value];
    if (meaning === undefined) {
      return unknown(`${KEY} has the unexpected value "${value}".`, [evidence(`${KEY} = ${value}`, facts.sysctl.source)], 'Read /proc/sys/net/ipv4/conf/all/rp_filter on the host by hand.');
    }
    const seen = [evidence(`${KEY} = ${value} (${meaning})`, facts.sysctl.source)];
    return pass(value === '2' ? `${KEY} is 2 (loose). Note: ${looseNote(profileOf(settings))}` : `${KEY} is ${value} (${meaning}).`, seen);
  },
};

/**
 * Issue 9's firewall personalities: a host whose iptables rules sit in both backends (legacy and
 * nf_tables, loaded for real in its namespace), and a Rocky Linux 9 host that runs firewalld on
 * its nftables backend with nothing in iptables (firewalld's real ruleset, loaded with nft -f).
 * Plain Ubuntu 16.04 hosts fill the ring of peer probes so that the baseline never probes the
 * firewalld host, which rejects BGP (src/probes/peers.ts: each host probes the next three).
 */
import { readFileSync } from 'node:fs';
import { xenial } from './catalog.js';
import { distroKernel } from './kernel.js';
import type { Personality } from './spec.js';
import { fixedAnswerScript } from './standins.js';

const ROCKY_9_OS_RELEASE = readFileSync(new URL('./os-release/rocky-9.3', import.meta.url), 'utf8');
const ROCKY_RELEASE = 'Rocky Linux release 9.3 (Blue Onyx)\n';

/** `nft list ruleset` of firewalld 1.3.3 with RHEL 9's public zone (test/fixtures/firewall/SOURCES.md). */
export const FIREWALLD_RULESET = readFileSync(new URL('../../fixtures/firewall/nft/firewalld-1.3.3-public.nft', import.meta.url), 'utf8');

/** Rocky Linux 9.3 as installed with firewalld on (its default): no iptables rule, only firewalld's nftables table. */
export function rocky9Firewalld(name: string): Personality {
  return {
    name,
    systemdVersion: '252',
    kernel: distroKernel(
      { kernelName: 'Linux', kernelRelease: '5.14.0-362.8.1.el9_3.x86_64', kernelVersion: '#1 SMP PREEMPT_DYNAMIC Tue Nov 7 14:54:22 EST 2023', machine: 'x86_64' },
      'Linux version 5.14.0-362.8.1.el9_3.x86_64 (mockbuild@iad1-prod-build001.bld.equ.rockylinux.org) (gcc (GCC) 11.4.1 20230605 ' +
        '(Red Hat 11.4.1-2), GNU ld version 2.35.2-42.el9) #1 SMP PREEMPT_DYNAMIC Tue Nov 7 14:54:22 EST 2023',
      '.ko.xz',
    ),
    files: {
      '/etc/os-release': ROCKY_9_OS_RELEASE,
      '/usr/lib/os-release': ROCKY_9_OS_RELEASE,
      '/etc/redhat-release': ROCKY_RELEASE,
      '/etc/rocky-release': ROCKY_RELEASE,
      '/etc/system-release': ROCKY_RELEASE,
    },
    hide: ['/etc/debian_version'],
    commands: { '/usr/bin/firewall-cmd': fixedAnswerScript({ '--state': 'running', '--version': '1.2.1' }) },
    services: {
      sshd: { state: 'active' },
      firewalld: { state: 'active', daemon: '/usr/sbin/firewalld' },
    },
    network: {
      sysctl: { 'net.ipv4.conf.all.rp_filter': '1', 'net.ipv4.conf.default.rp_filter': '1' },
      nft: FIREWALLD_RULESET,
    },
  };
}

/** The host whose rules sit in both iptables backends; nothing of either drops Calico's traffic. */
export const MIXED_BACKENDS = 'mixed-backends';
export const FIREWALLD_HOST = 'firewalld-nft';

export function issue9FirewallFleet(): Personality[] {
  return [
    xenial('ubuntu1604'),
    xenial(MIXED_BACKENDS, {
      network: {
        // Left behind by an older Docker on the legacy backend…
        iptablesLegacy: [
          ['-N', 'DOCKER'],
          ['-A', 'FORWARD', '-o', 'docker0', '-j', 'DOCKER'],
          ['-A', 'FORWARD', '-o', 'docker0', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT'],
          ['-A', 'FORWARD', '-i', 'docker0', '!', '-o', 'docker0', '-j', 'ACCEPT'],
        ],
        // …while the iptables command (nf_tables here) takes new rules.
        iptables: [['-A', 'INPUT', '-p', 'tcp', '-m', 'tcp', '--dport', '10250', '-j', 'ACCEPT']],
      },
    }),
    xenial('peer-a'),
    xenial('peer-b'),
    rocky9Firewalld(FIREWALLD_HOST),
  ];
}

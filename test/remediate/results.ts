/**
 * Audit results for the fix tests, judged by the real checks from facts that differ from a
 * healthy host in one fault each, so every fix in them is one a check really makes.
 */
import { evaluateHost } from '../../src/checks/index.js';
import type { HostFacts, ServiceInfo } from '../../src/core/facts.js';
import type { AuditResult, FleetFinding, HostResult } from '../../src/core/result.js';
import type { AuditSettings } from '../../src/core/settings.js';
import { found, healthyHost, settings } from '../checks/facts.js';

const service = (state: ServiceInfo['state']): ServiceInfo => ({ state, method: 'systemctl' });

function withServices(changes: Record<string, ServiceInfo['state']>): HostFacts {
  const facts = healthyHost();
  const current = facts.services.ok ? facts.services.value : {};
  const services = { ...current, ...Object.fromEntries(Object.entries(changes).map(([name, state]) => [name, service(state)])) };
  return { ...facts, services: found(services, 'systemctl is-active firewalld ufw NetworkManager') };
}

/** A CentOS-like host: NetworkManager without calico.conf (but with entries of its own), firewalld running. */
export function nmAndFirewalld(unmanaged: string[] = []): HostFacts {
  return { ...withServices({ NetworkManager: 'active', firewalld: 'active' }), networkManagerConfig: found({ unmanagedDevices: unmanaged, files: ['/etc/NetworkManager/NetworkManager.conf'] }, 'NetworkManager --print-config') };
}

export function ufwEnabled(): HostFacts {
  return withServices({ ufw: 'active' });
}

/** A conntrack table 95 % full, as `grep -H . /proc/sys/net/netfilter/nf_conntrack_*` read it. */
export function conntrackNearlyFull(): HostFacts {
  const sysctl = { 'net.ipv4.conf.all.rp_filter': '1', 'net.netfilter.nf_conntrack_max': '262144', 'net.netfilter.nf_conntrack_count': '249037' };
  return { ...healthyHost(), sysctl: found(sysctl, 'grep -H . /proc/sys/…') };
}

/** An x86-64 kernel new enough for eBPF, with /sys/fs/bpf not mounted (judge with dataplane ebpf). */
export function ebpfWithoutBpffs(): HostFacts {
  const facts = healthyHost();
  return {
    ...facts,
    uname: found({ machine: 'x86_64', kernelRelease: '5.15.0-91-generic', kernelVersion: '#101-Ubuntu SMP', nodename: 'node1', kernelName: 'Linux' }, 'uname -snrm'),
    procVersion: found({ text: 'Linux version 5.15.0-91-generic', release: '5.15.0-91-generic' }, '/proc/version'),
  };
}

export function host(name: string, facts: HostFacts, changes: Partial<AuditSettings> = {}): HostResult {
  const hostSettings = settings(changes);
  return {
    name,
    address: '198.18.0.10',
    port: 22,
    status: 'ok',
    transport: 'ssh',
    user: 'root',
    timings: { totalMs: 900 },
    settings: hostSettings,
    findings: evaluateHost(facts, hostSettings),
  };
}

export function unreachable(name: string): HostResult {
  return { name, address: '198.18.0.99', port: 22, status: 'timeout', phase: 'connect', message: 'no answer within 10 s', transport: 'ssh', timings: { totalMs: 10_000 }, settings: settings(), findings: [] };
}

export function result(hosts: HostResult[], fleet: FleetFinding[] = []): AuditResult {
  return {
    tool: { name: 'calico-preflight', version: '0.1.0' },
    startedAt: '2026-11-26T09:00:00.000Z',
    finishedAt: '2026-11-26T09:00:04.500Z',
    run: { user: 'ops', auditor: 'jump01', inventories: ['hosts.ini'], argv: ['audit', '-i', 'hosts.ini'] },
    settings: settings(),
    hosts,
    fleet,
  };
}

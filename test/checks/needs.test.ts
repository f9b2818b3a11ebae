/**
 * Each check declares what it needs probed (src/core/probe-needs.ts), and the probe is asked
 * for the union (src/probes/request.ts): a fact a check reads but does not declare would not
 * be probed once no other check asks for it. So every check is judged here over varied hosts
 * and settings with facts that record what is read, and what it read must be declared.
 */
import { describe, expect, it } from 'vitest';
import type { HostFacts } from '../../src/core/facts.js';
import type { FactName, ProbeNeeds } from '../../src/core/probe-needs.js';
import type { AuditSettings } from '../../src/core/settings.js';
import { CHECKS, FLEET_CHECKS, HOST_CHECKS } from '../../src/checks/catalogue.js';
import { probeRequestFor } from '../../src/probes/request.js';
import { blankHost, found, healthyHost, kubeletHost, settings } from './facts.js';

interface Reads {
  facts: Set<string>;
  sysctls: Set<string>;
  units: Set<string>;
  kernelModules: Set<string>;
  kernelConfig: Set<string>;
}

const noReads = (): Reads => ({ facts: new Set(), sysctls: new Set(), units: new Set(), kernelModules: new Set(), kernelConfig: new Set() });

/** A record whose key reads are noted in `into`. */
function keysRead<T extends object>(value: T, into: Set<string>): T {
  return new Proxy(value, { get: (target, key, receiver) => (typeof key === 'string' && !(key in Object.prototype) ? (into.add(key), Reflect.get(target, key, receiver)) : Reflect.get(target, key, receiver)) });
}

/** A list whose membership tests (includes, indexOf) are noted in `into`. */
function lookupsOf<T>(list: T[], into: Set<string>): T[] {
  return new Proxy(list, {
    get: (target, key, receiver) => {
      if (key === 'includes' || key === 'indexOf') return (item: T) => (into.add(String(item)), (target[key] as (item: T) => unknown).call(target, item));
      return Reflect.get(target, key, receiver);
    },
  });
}

function withValue<F extends { ok: boolean }>(fact: F, wrap: (value: never) => unknown): F {
  return fact.ok ? { ...fact, value: wrap((fact as unknown as { value: never }).value) } : fact;
}

/** The host's facts, with every read noted in `reads`. */
function recording(facts: HostFacts, reads: Reads): HostFacts {
  const kernel = facts.kernel;
  const wrapped: HostFacts = {
    ...facts,
    sysctl: withValue(facts.sysctl, (value: Record<string, string>) => keysRead(value, reads.sysctls)),
    services: withValue(facts.services, (value: object) => keysRead(value, reads.units)),
    kernel: {
      ...kernel,
      loaded: withValue(kernel.loaded, (value: string[]) => lookupsOf(value, reads.kernelModules)),
      builtin: withValue(kernel.builtin, (value: string[]) => lookupsOf(value, reads.kernelModules)),
      loadable: withValue(kernel.loadable, (value: string[]) => lookupsOf(value, reads.kernelModules)),
      config: withValue(kernel.config, (value: object) => keysRead(value, reads.kernelConfig)),
    },
  };
  return keysRead(wrapped, reads.facts);
}

/** Hosts and settings that take the checks down their different paths. */
function cases(): { facts: HostFacts; settings: AuditSettings }[] {
  const hosts: HostFacts[] = [
    healthyHost(),
    blankHost(),
    kubeletHost('v1.23.4'),
    kubeletHost('v1.26.1', ['--network-plugin=cni']),
    {
      ...kubeletHost('v1.21.2'),
      cni: found({ files: [{ name: '10-calico.conflist', types: ['calico', 'portmap'] }] }, '/etc/cni/net.d'),
      sysctl: found({ 'net.ipv4.conf.all.rp_filter': '2', 'net.netfilter.nf_conntrack_max': '65536', 'net.netfilter.nf_conntrack_count': '65000' }, 'grep -H . /proc/sys/…'),
      kubeProxy: found({ running: true, args: ['--proxy-mode=ipvs'], mode: 'ipvs' }, 'kube-proxy'),
    },
    {
      ...kubeletHost('v1.24.0', []),
      sysctl: found({ 'net.ipv4.conf.all.rp_filter': '0', 'net.netfilter.nf_conntrack_max': '65536', 'net.netfilter.nf_conntrack_count': '120' }, 'grep -H . /proc/sys/…'),
      kubeProxy: found({ running: true, args: [], mode: null }, 'kube-proxy'),
    },
  ];
  const variants: Partial<AuditSettings>[] = [
    {},
    { encapsulation: 'vxlan', wireguard: true, ipv6: true },
    { kubeProxyMode: 'ipvs', dataplane: 'ebpf', typha: true, alp: true },
    { datastore: 'etcd', etcdEndpoints: ['https://10.0.0.5:2379'], encapsulation: 'none' },
    { apiserverEndpoint: '10.0.0.10:6443', podCidr: '10.0.0.0/16' },
  ];
  return hosts.flatMap((facts) => variants.map((changes) => ({ facts, settings: settings(changes) })));
}

function undeclared(reads: Reads, needs: ProbeNeeds): Record<string, string[]> {
  const outside = (seen: Set<string>, declared: readonly string[] | undefined) => [...seen].filter((item) => !(declared ?? []).includes(item)).sort();
  const gaps = {
    facts: outside(reads.facts, needs.facts),
    sysctls: outside(reads.sysctls, needs.sysctls),
    units: outside(reads.units, needs.units),
    kernelModules: outside(reads.kernelModules, needs.kernelModules),
    kernelConfig: outside(reads.kernelConfig, needs.kernelConfig),
  };
  return Object.fromEntries(Object.entries(gaps).filter(([, items]) => items.length > 0));
}

describe('what each check reads, it declares', () => {
  for (const check of HOST_CHECKS) {
    it(check.id, () => {
      const reads = noReads();
      for (const { facts, settings } of cases()) check.evaluate(recording(facts, reads), settings, {});
      expect(reads.facts.size, 'the cases take the check past its first line').toBeGreaterThan(0);
      expect(undeclared(reads, check.needs)).toEqual({});
    });
  }

  for (const check of FLEET_CHECKS) {
    it(check.id, () => {
      const reads = noReads();
      for (const { facts, settings } of cases()) {
        const members = ['a', 'b'].map((name) => ({ name, address: '10.0.0.11', facts: recording(facts, reads), settings }));
        check.evaluate(members);
      }
      expect(undeclared(reads, check.needs)).toEqual({});
    });
  }

  it('notices a read that is not declared', () => {
    const reads = noReads();
    recording(healthyHost(), reads).sysctl;
    const facts = recording(healthyHost(), reads);
    if (facts.sysctl.ok) void facts.sysctl.value['net.ipv4.ip_forward'];
    expect(undeclared(reads, { facts: ['uname'] })).toEqual({ facts: ['sysctl'], sysctls: ['net.ipv4.ip_forward'] });
  });
});

describe('the probe request of the catalogue', () => {
  const request = probeRequestFor(CHECKS.map((check) => check.needs));

  it('asks for every item a check names, once', () => {
    for (const check of CHECKS) {
      for (const unit of check.needs.units ?? []) expect(request.units, check.id).toContain(unit);
      for (const key of check.needs.sysctls ?? []) expect(request.sysctls, check.id).toContain(key.replaceAll('.', '/'));
      for (const module of check.needs.kernelModules ?? []) expect(request.kernelModules, check.id).toContain(module);
    }
    for (const list of Object.values(request)) expect(new Set((list as unknown[]).map((item) => JSON.stringify(item))).size).toBe(list.length);
  });

  it("reads a fact's files only for a check that needs the fact", () => {
    const arch = probeRequestFor([{ facts: ['uname'] }]);
    expect(arch.files).toEqual(['/proc/sys/kernel/version']);
    expect(arch.units).toEqual([]);
    const distro = probeRequestFor([{ facts: ['os'] as FactName[] }]);
    expect(distro.files).toEqual(['/etc/os-release', '/usr/lib/os-release']);
    expect(request.files).toEqual(expect.arrayContaining(['/etc/os-release', '/proc/version', '/etc/ufw/ufw.conf']));
  });

  it("asks for a unit's daemon processes, so the process list can answer where systemctl cannot", () => {
    expect(probeRequestFor([{ facts: ['services'], units: ['csf'] }]).processes).toEqual(['lfd']);
  });
});

/** The fixes the fixable checks put on their verdicts: data the playbook, scripts and report render. */
import { describe, expect, it } from 'vitest';
import { nodeBpf } from '../../src/checks/node/bpf.js';
import { nodeFirewall } from '../../src/checks/node/firewall.js';
import { nodeKernelDeps } from '../../src/checks/node/kernel-deps.js';
import { CALICO_NM_CONF, CALICO_NM_CONF_PATH, nodeNetworkManager } from '../../src/checks/node/networkmanager.js';
import { nodeConntrack } from '../../src/checks/node/conntrack.js';
import type { HostFacts, ServiceInfo } from '../../src/core/facts.js';
import { found, fullKernel, healthyHost, settings, KERNEL_MODULES } from './facts.js';

const service = (state: ServiceInfo['state']): ServiceInfo => ({ state, method: 'systemctl' });
const withServices = (states: Record<string, ServiceInfo['state']>): HostFacts => {
  const all: Record<string, ServiceInfo['state']> = { firewalld: 'inactive', ufw: 'inactive', ...states };
  return { ...healthyHost(), services: found(Object.fromEntries(Object.entries(all).map(([name, state]) => [name, service(state)])), 'systemctl is-active') };
};

describe('node.networkmanager fixes', () => {
  const judge = (unmanaged: string[], mode = settings()) =>
    nodeNetworkManager.evaluate(
      { ...withServices({ NetworkManager: 'active' }), networkManagerConfig: found({ unmanagedDevices: unmanaged, files: ['NetworkManager --print-config'] }, 'NetworkManager --print-config') },
      mode,
    );

  it("writes Calico's documented calico.conf, whatever the mode, and reloads NetworkManager", () => {
    for (const mode of [settings(), settings({ encapsulation: 'vxlan' }), settings({ wireguard: true })]) {
      const verdict = judge([], mode);
      expect(verdict.fixes).toEqual([{ kind: 'write-file', path: CALICO_NM_CONF_PATH, content: CALICO_NM_CONF, mode: '0644', reload: 'NetworkManager' }]);
      expect(verdict.remediation).toContain(CALICO_NM_CONF);
    }
  });

  it("keeps the host's own entries, since the drop-in replaces the key, but not an except: that takes a Calico interface back", () => {
    const verdict = judge(['interface-name:docker0', 'mac:00:11:22:33:44:55', 'except:interface-name:tunl0', 'except:interface-name:eth1']);
    const [fix] = verdict.fixes ?? [];
    expect(fix).toMatchObject({ content: `${CALICO_NM_CONF.trimEnd()};interface-name:docker0;mac:00:11:22:33:44:55;except:interface-name:eth1\n` });
    expect(verdict.remediation).toContain((fix as { content: string }).content);
  });

  it('has none when NetworkManager already leaves the interfaces alone', () => {
    expect(judge(['interface-name:cali*', 'interface-name:tunl*']).fixes).toBeUndefined();
  });
});

describe('node.firewall fixes', () => {
  const fixesOf = (states: Record<string, ServiceInfo['state']>) => nodeFirewall.evaluate(withServices(states), settings()).fixes;

  it('stops and disables each running manager; ufw is switched off with ufw disable first', () => {
    expect(fixesOf({ firewalld: 'active' })).toEqual([{ kind: 'stop-disable-service', unit: 'firewalld' }]);
    expect(fixesOf({ firewalld: 'active', ufw: 'active' })).toEqual([
      { kind: 'stop-disable-service', unit: 'firewalld' },
      { kind: 'disable-ufw' },
      { kind: 'stop-disable-service', unit: 'ufw' },
    ]);
  });

  it('does the same for rule loaders it warns about, and nothing when none runs', () => {
    expect(fixesOf({ 'netfilter-persistent': 'active' })).toEqual([{ kind: 'stop-disable-service', unit: 'netfilter-persistent' }]);
    expect(fixesOf({})).toBeUndefined();
  });
});

describe('node.conntrack fixes', () => {
  const judge = (max: number, count: number) =>
    nodeConntrack.evaluate({ ...healthyHost(), sysctl: found({ 'net.netfilter.nf_conntrack_max': String(max), 'net.netfilter.nf_conntrack_count': String(count) }, 'grep -H . /proc/sys/…') }, settings());

  it('raises a nearly full table to the size Calico suggests, now and in a sysctl.d file', () => {
    const verdict = judge(262144, 249037);
    expect(verdict.status).toBe('warn');
    expect(verdict.fixes).toEqual([{ kind: 'sysctl', key: 'net.netfilter.nf_conntrack_max', value: '1000000', file: '/etc/sysctl.d/90-calico-conntrack.conf' }]);
    expect(verdict.remediation).toContain('/etc/sysctl.d/90-calico-conntrack.conf');
  });

  it('never lowers a table that is already bigger: it doubles it', () => {
    expect(judge(1_500_000, 1_500_000).fixes).toEqual([{ kind: 'sysctl', key: 'net.netfilter.nf_conntrack_max', value: '3000000', file: '/etc/sysctl.d/90-calico-conntrack.conf' }]);
  });

  it('has nothing to fix with room to spare', () => {
    expect(judge(262144, 1000).fixes).toBeUndefined();
  });
});

describe('node.bpf fixes', () => {
  const ebpf = settings({ dataplane: 'ebpf' });
  const kernel = (release: string): HostFacts => {
    const facts = healthyHost();
    return { ...facts, uname: found({ machine: 'x86_64', kernelRelease: release, kernelVersion: '#1', nodename: 'n', kernelName: 'Linux' }, 'uname -snrm'), procVersion: found({ text: `Linux version ${release}`, release }, '/proc/version') };
  };

  it('mounts bpffs where that is all the eBPF dataplane lacks', () => {
    expect(nodeBpf.evaluate(kernel('5.15.0-91-generic'), ebpf).fixes).toEqual([{ kind: 'mount-bpffs' }]);
  });

  it('leaves a too old kernel to a person: mounting would not make the host pass', () => {
    const verdict = nodeBpf.evaluate(kernel('4.4.0-210-generic'), ebpf);
    expect(verdict.status).toBe('fail');
    expect(verdict.fixes).toBeUndefined();
  });
});

describe('node.kernel-deps fixes', () => {
  const host = (loaded: string[], loadable: string[]): HostFacts => ({
    ...healthyHost(),
    kernel: { ...fullKernel(), loaded: found(loaded, '/proc/modules'), loadable: found(loadable, '/lib/modules/4.4.0-210-generic/modules.dep'), iptablesMatches: found([], '/proc/net/ip_tables_matches'), iptablesTargets: found([], '/proc/net/ip_tables_targets') },
  });

  it('names the kernel change as manual, and loads now and at boot what modules.dep has but nothing loaded', () => {
    const loadable = KERNEL_MODULES.filter((name) => name !== 'ipip');
    const verdict = nodeKernelDeps.evaluate(host(['ip_tables', 'x_tables'], loadable), settings());
    expect(verdict.status).toBe('fail');
    const [manual, load] = verdict.fixes ?? [];
    expect(manual).toEqual({ kind: 'manual', why: verdict.remediation });
    expect(load).toMatchObject({ kind: 'load-modules', file: '/etc/modules-load.d/calico.conf' });
    const modules = (load as { modules: string[] }).modules;
    expect(modules).toContain('xt_set');
    expect(modules).not.toContain('ip_tables');
    expect(modules).not.toContain('ipip');
  });

  it('has none while every dependency is present: loadable modules load on demand', () => {
    const verdict = nodeKernelDeps.evaluate(host(['ip_tables'], [...KERNEL_MODULES]), settings());
    expect(verdict.status).toBe('pass');
    expect(verdict.fixes).toBeUndefined();
  });
});

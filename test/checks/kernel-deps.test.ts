import { describe, expect, it } from 'vitest';
import { nodeKernelDeps } from '../../src/checks/node/kernel-deps.js';
import { nodeBpf } from '../../src/checks/node/bpf.js';
import { requiredKernelItems } from '../../src/checks/node/kernel-items.js';
import { parseKernelConfig } from '../../src/probes/parsers/kernel-config.js';
import { parseLsmod } from '../../src/probes/parsers/lsmod.js';
import type { HostFacts, KernelFeatures } from '../../src/core/facts.js';
import { fixture, found, fullKernel, healthyHost, kubeletHost, missing, settings, unreadableKernel, KERNEL_MODULES } from './facts.js';

function host(kernel: Partial<KernelFeatures>, release = '4.4.0-210-generic'): HostFacts {
  const facts = healthyHost();
  if (facts.uname.ok) facts.uname.value.kernelRelease = release;
  return { ...facts, kernel: { ...fullKernel(), ...kernel } };
}

const allModes = settings({ ipv6: true, kubeProxyMode: 'ipvs', wireguard: true, encapsulation: 'ipip', dataplane: 'ebpf' });
const without = (...names: string[]) => KERNEL_MODULES.filter((name) => !names.includes(name));

describe('kernel items by mode', () => {
  it('adds items per setting, nf_conntrack_ipv4 as a merged item, and nft items only for nft iptables', () => {
    const modules = (mode: Parameters<typeof requiredKernelItems>[0], nft = false) =>
      requiredKernelItems(mode, { nftBackend: nft }).map((item) => item.module ?? item.config);
    const base = modules(settings({ encapsulation: 'none' }));
    expect(base).toContain('xt_set');
    expect(base).not.toContain('ipip');
    expect(requiredKernelItems(settings(), { nftBackend: false }).find((item) => item.module === 'nf_conntrack_ipv4')).toMatchObject({ mergedInto: 'nf_conntrack' });
    // Felix matches ports with -m multiport and logs only for Log policies (see the check's notes).
    expect(base).not.toContain('xt_sctp');
    expect(base).not.toContain('xt_LOG');
    expect(modules(settings({ encapsulation: 'none' }), true)).toEqual(expect.arrayContaining(['nf_tables', 'nft_compat']));
    expect(modules(settings())).toContain('ipip');
    expect(modules(settings({ encapsulation: 'vxlan' }))).toContain('vxlan');
    expect(modules(settings({ ipv6: true }))).toEqual(expect.arrayContaining(['ip6_tables', 'ip6t_rpfilter', 'ip6t_REJECT']));
    expect(modules(settings({ kubeProxyMode: 'ipvs' }))).toEqual(expect.arrayContaining(['ip_vs', 'ip_vs_rr', 'ip_vs_wrr', 'ip_vs_sh', 'xt_ipvs']));
    expect(modules(settings({ wireguard: true }))).toContain('wireguard');
    expect(modules(settings({ dataplane: 'ebpf' }))).toEqual(expect.arrayContaining(['CONFIG_BPF_SYSCALL', 'cls_bpf', 'sch_ingress']));
  });
});

describe('node.kernel-deps', () => {
  it('passes when every item is loaded; CONFIG_BPF_SYSCALL, never a module, needs the config', () => {
    const verdict = nodeKernelDeps.evaluate(host({}), { ...allModes, dataplane: 'iptables' });
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence[0]?.command).toBe('/proc/modules');
    const ebpf = nodeKernelDeps.evaluate(host({}), allModes);
    expect(ebpf.status).toBe('unknown');
    expect(ebpf.summary).toContain('CONFIG_BPF_SYSCALL');
    const configured = nodeKernelDeps.evaluate(host({ config: found({ CONFIG_BPF_SYSCALL: 'y' }, '/boot/config-4.4.0-210-generic') }), allModes);
    expect(configured.status).toBe('pass');
  });

  it('counts loadable modules (modules.dep) as present: they load on demand', () => {
    const verdict = nodeKernelDeps.evaluate(host({ loaded: found(['ip_tables'], '/proc/modules') }), settings());
    expect(verdict.status).toBe('pass');
    expect(verdict.summary).toMatch(/loadable on demand/);
    expect(verdict.evidence.some((entry) => entry.fact.startsWith('loadable on demand: ') && entry.command.endsWith('modules.dep'))).toBe(true);
  });

  it('judges a kernel without module support by its config; "is not set" fails and names the item', () => {
    const config = parseKernelConfig(
      [...requiredKernelItems(settings(), { nftBackend: false }).map((item) => `${item.config}=y`), 'CONFIG_VXLAN=m', '# CONFIG_NET_IPIP is not set', '# CONFIG_WIREGUARD is not set'].join('\n'),
    );
    const noModules: Partial<KernelFeatures> = {
      loaded: missing('/proc/modules', '/proc/modules is absent (kernel built without module support)'),
      builtin: missing('modules.builtin', 'no /lib/modules directory for the running kernel'),
      loadable: missing('modules.dep', 'no /lib/modules directory for the running kernel'),
      moduleSupport: found(false, '/proc/modules absent'),
      config: found(config, '/boot/config-5.10.0'),
    };
    const verdict = nodeKernelDeps.evaluate(host(noModules, '5.10.0'), settings({ wireguard: true }));
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toContain('ipip (CONFIG_NET_IPIP)');
    expect(verdict.summary).toContain('wireguard (CONFIG_WIREGUARD)');
    expect(verdict.remediation).toContain('CONFIG_NET_IPIP=m');
    expect(verdict.evidence).toContainEqual({ fact: 'is not set: CONFIG_NET_IPIP, CONFIG_WIREGUARD', command: '/boot/config-5.10.0' });
    expect(nodeKernelDeps.evaluate(host(noModules, '5.10.0'), settings({ encapsulation: 'vxlan' })).status).toBe('pass');
  });

  it('fails a module that is neither built in nor among the modules of a modular kernel', () => {
    const kernel: Partial<KernelFeatures> = { loaded: found([], '/proc/modules'), loadable: found(without('wireguard'), 'modules.dep') };
    const verdict = nodeKernelDeps.evaluate(host(kernel), settings({ wireguard: true }));
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toContain('wireguard');
  });

  it('needs nf_conntrack_ipv4 where the host names it: loaded on CentOS 7.7 and Ubuntu 18.04 (real lsmod)', () => {
    for (const distro of ['centos-7.7', 'ubuntu-18.04']) {
      const loaded = parseLsmod(fixture(`issue9/lsmod/${distro}/lsmod.out`))!;
      expect(loaded).toContain('nf_conntrack_ipv4');
      const release = fixture(`issue9/lsmod/${distro}/uname-a.out`).split(' ')[2]!;
      const verdict = nodeKernelDeps.evaluate(host({ loaded: found(loaded, 'lsmod'), loadable: found(without(), 'modules.dep') }, release), settings());
      expect(verdict.status, distro).toBe('pass');
      expect(verdict.evidence.find((entry) => entry.command === 'lsmod')?.fact).toContain('nf_conntrack_ipv4');
    }
  });

  it('does not ask for nf_conntrack_ipv4 on RHEL 8.3+ 4.18 kernels, which merged it into nf_conntrack (real modprobe output)', () => {
    const text = fixture('issue9/rhel-8.3/modprobe-nf_conntrack_ipv4.out');
    expect(text).toMatch(/Module nf_conntrack_ipv4 not found in directory \/lib\/modules\/4\.18\.0-240\.1\.1\.el8_3\.x86_64/);
    const release = /^Linux (\S+) x86_64$/m.exec(text)![1]!;
    // modules.dep of that kernel: no nf_conntrack_ipv4 (modprobe's answer), nf_conntrack and the rest as modules
    const kernel: Partial<KernelFeatures> = { loaded: found([], '/proc/modules'), loadable: found(without('nf_conntrack_ipv4'), `/lib/modules/${release}/modules.dep`) };
    const verdict = nodeKernelDeps.evaluate(host(kernel, release), settings());
    expect(verdict.status, verdict.summary).toBe('pass');
    expect(verdict.evidence.map((entry) => entry.fact)).toContainEqual(expect.stringMatching(/not required: nf_conntrack_ipv4 .*merged into nf_conntrack/));
  });

  it('fails nf_conntrack_ipv4 where the kernel config names it as not set (a custom < 4.19 kernel without IPv4 conntrack)', () => {
    const noModules: Partial<KernelFeatures> = {
      loaded: missing('/proc/modules', '/proc/modules is absent (kernel built without module support)'),
      builtin: missing('modules.builtin', 'no /lib/modules directory for the running kernel'),
      loadable: missing('modules.dep', 'no /lib/modules directory for the running kernel'),
      moduleSupport: found(false, '/proc/modules absent'),
      config: found(
        parseKernelConfig([...requiredKernelItems(settings(), { nftBackend: false }).map((item) => `${item.config}=y`), '# CONFIG_NF_CONNTRACK_IPV4 is not set'].join('\n')),
        '/boot/config-4.14.0',
      ),
    };
    const verdict = nodeKernelDeps.evaluate(host(noModules, '4.14.0'), settings());
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toContain('nf_conntrack_ipv4 (CONFIG_NF_CONNTRACK_IPV4)');
  });

  it('needs nft_compat when iptables runs on nf_tables', () => {
    const kernel: Partial<KernelFeatures> = {
      loaded: found(['nf_tables'], '/proc/modules'),
      loadable: found(without('nft_compat'), 'modules.dep'),
    };
    const verdict = nodeKernelDeps.evaluate(host(kernel), settings());
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toContain('nft_compat');
  });

  it('is unknown when no source could be read, listing the items and how to get an answer', () => {
    const verdict = nodeKernelDeps.evaluate(host(unreadableKernel()), settings());
    expect(verdict.status).toBe('unknown');
    expect(verdict.summary).toContain('xt_set (CONFIG_NETFILTER_XT_SET)');
    expect(verdict.remediation).toMatch(/kernel config/);
    expect(verdict.evidence.map((entry) => entry.command)).toContain('/proc/modules');
  });

  it('takes registered iptables matches as evidence', () => {
    const kernel: Partial<KernelFeatures> = {
      ...unreadableKernel(),
      config: found(Object.fromEntries(requiredKernelItems(settings(), { nftBackend: false }).map((item) => [item.config, 'y' as const])), '/proc/config.gz'),
    };
    delete (kernel.config as { value: Record<string, string> } & { ok: true }).value.CONFIG_NETFILTER_XT_SET;
    expect(nodeKernelDeps.evaluate(host(kernel, '5.10.0'), settings()).status).toBe('unknown');
    kernel.iptablesMatches = found(['set'], '/proc/net/ip_tables_matches');
    expect(nodeKernelDeps.evaluate(host(kernel, '5.10.0'), settings()).status).toBe('pass');
  });
});

describe('node.bpf', () => {
  const ebpf = settings({ dataplane: 'ebpf' });
  const bpfHost = (release: string, osId = 'ubuntu', mounted = true, machine = 'x86_64') => {
    const facts = host({}, release);
    if (facts.uname.ok) facts.uname.value.machine = machine;
    if (facts.os.ok) facts.os.value.id = osId;
    return { ...facts, bpfFsMounted: found(mounted, '/proc/mounts') };
  };
  it('skips with the iptables dataplane', () => {
    expect(nodeBpf.evaluate(bpfHost('5.4.0'), settings()).status).toBe('skip');
  });
  it('passes 5.3+ on x86-64 with bpffs, and RHEL from 4.18.0-193', () => {
    expect(nodeBpf.evaluate(bpfHost('5.4.0-100-generic'), ebpf).status).toBe('pass');
    expect(nodeBpf.evaluate(bpfHost('4.18.0-193.el8.x86_64', 'rhel'), ebpf).status).toBe('pass');
  });
  it('fails old kernels, other architectures and a missing bpffs', () => {
    expect(nodeBpf.evaluate(bpfHost('4.18.0-147.el8.x86_64', 'rhel'), ebpf).status).toBe('fail');
    expect(nodeBpf.evaluate(bpfHost('4.19.0-17-amd64', 'debian'), ebpf).status).toBe('fail');
    expect(nodeBpf.evaluate(bpfHost('5.10.0', 'ubuntu', true, 'aarch64'), ebpf).status).toBe('fail');
    const unmounted = nodeBpf.evaluate(bpfHost('5.10.0', 'ubuntu', false), ebpf);
    expect(unmounted.status).toBe('fail');
    expect(unmounted.remediation).toContain('mount bpffs /sys/fs/bpf -t bpf');
  });
  it('is unknown without the mount table, or for a 4.18 kernel of an unknown distribution', () => {
    expect(nodeBpf.evaluate({ ...bpfHost('5.10.0'), bpfFsMounted: missing('/proc/mounts', 'not read') }, ebpf).status).toBe('unknown');
    expect(nodeBpf.evaluate({ ...bpfHost('4.18.0-305.el8.x86_64'), os: missing('/etc/os-release', 'absent') }, ebpf).status).toBe('unknown');
  });
});

describe('node.kernel-deps with kube-proxy in IPVS mode', () => {
  const ipvs = ['ip_vs', 'ip_vs_rr', 'ip_vs_wrr', 'ip_vs_sh'];
  /** Every module loaded but the IPVS ones, which modules.dep still lists. */
  const host = (kubeletVersion: string | null) => ({
    ...(kubeletVersion ? kubeletHost(kubeletVersion) : healthyHost()),
    kernel: { ...fullKernel(), loaded: found(KERNEL_MODULES.filter((name) => !ipvs.includes(name)), '/proc/modules') },
  });

  it('warns while kube-proxy before v1.27 cannot use IPVS modules that are only loadable, and loads them as the fix', () => {
    const verdict = nodeKernelDeps.evaluate(host('v1.23.4'), settings({ kubeProxyMode: 'ipvs' }));
    expect(verdict.status).toBe('warn');
    expect(verdict.summary).toMatch(/ip_vs, ip_vs_rr, ip_vs_wrr, ip_vs_sh can be loaded but are not: kube-proxy v1\.23\.4/);
    expect(verdict.fixes).toEqual([{ kind: 'load-modules', modules: ipvs, file: '/etc/modules-load.d/calico.conf' }]);
  });

  it('warns when the Kubernetes version is unknown, and passes from v1.27, whose kube-proxy loads them itself', () => {
    expect(nodeKernelDeps.evaluate(host(null), settings({ kubeProxyMode: 'ipvs' })).status).toBe('warn');
    expect(nodeKernelDeps.evaluate(host('v1.27.2'), settings({ kubeProxyMode: 'ipvs' })).status).toBe('pass');
  });

  it('passes the same host with kube-proxy in iptables mode', () => {
    expect(nodeKernelDeps.evaluate(host('v1.23.4'), settings()).status).toBe('pass');
  });
});

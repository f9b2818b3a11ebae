/**
 * The checks under the newer requirement profiles (v3.28 to v3.32): what each release's pages
 * change in a verdict, on real os-release files, real kernel releases and real firewall dumps;
 * and, for every profile, that no verdict, requirement or link names another release.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS, describeCheck, evaluateHost, PROFILES, profileFor } from '../../src/checks/index.js';
import { nodeArch } from '../../src/checks/node/arch.js';
import { nodeKernel } from '../../src/checks/node/kernel.js';
import { nodeDistro } from '../../src/checks/node/distro.js';
import { nodeBpf } from '../../src/checks/node/bpf.js';
import { nodeNetworkManager, CALICO_NM_CONF } from '../../src/checks/node/networkmanager.js';
import { nodeRpFilter } from '../../src/checks/node/rp-filter.js';
import { netPortsFree } from '../../src/checks/net/ports-free.js';
import { netPeerPaths } from '../../src/checks/net/peer-paths.js';
import { k8sVersion } from '../../src/checks/k8s/version.js';
import { k8sCni } from '../../src/checks/k8s/cni.js';
import { k8sSoleProvider } from '../../src/checks/k8s/sole-provider.js';
import { k8sKubeProxy } from '../../src/checks/k8s/kube-proxy.js';
import { k8sAlp } from '../../src/checks/k8s/alp.js';
import { fleetMtu } from '../../src/checks/fleet/mtu.js';
import { SEED_PROFILE } from '../../src/checks/lib/profile.js';
import { parseOsRelease } from '../../src/probes/parsers/os-release.js';
import { parseUnameA } from '../../src/probes/parsers/uname.js';
import { parseProcVersion } from '../../src/probes/parsers/proc-version.js';
import type { AuditSettings } from '../../src/core/settings.js';
import type { HostFacts, Listener } from '../../src/core/facts.js';
import { firewallOf, fixture, found, healthyHost, kubeletHost, missing, settings } from './facts.js';

const NEWER = PROFILES.filter((profile) => profile.version !== '3.22').map((profile) => profile.version);
const under = (version: string, changes: Partial<AuditSettings> = {}) => settings({ calicoVersion: version, ...changes });

/** A host of a real distribution: its os-release file from the corpus and a kernel release it ships. */
function distroHost(osRelease: string, kernelRelease: string, machine = 'x86_64'): HostFacts {
  const facts = healthyHost();
  const os = parseOsRelease(fixture(`os-release/${osRelease}`));
  if (!os) throw new Error(`unparsable ${osRelease}`);
  if (facts.uname.ok) Object.assign(facts.uname.value, { kernelRelease, machine });
  return { ...facts, os: found(os, '/etc/os-release'), procVersion: missing('/proc/version', 'not read') };
}

/** A host whose uname -a line is a real capture. */
function unameHost(file: string, osRelease: string): HostFacts {
  const uname = parseUnameA(fixture(`uname/${file}`).split('\n')[0]!)!;
  return { ...distroHost(osRelease, uname.kernelRelease, uname.machine), uname: found(uname, 'uname -a') };
}

const UBUNTU_1604 = 'ubuntu-16.04/python-distro.ubuntu16.etc.os-release';
const UBUNTU_1804 = 'ubuntu-18.04/jc.os-release-ubuntu.os-release';
const UBUNTU_2204 = 'ubuntu-22.04/go-sysinfo.ubuntu2204.usr-lib.os-release';
const CENTOS_7 = 'centos-7/python-distro.centos7.etc.os-release';
const ROCKY_84 = 'rocky-8.4/python-distro.rocky.usr-lib.os-release';
const DEBIAN_10 = 'debian-10/python-distro.debian10.etc.os-release';
const RHEL_86 = 'rhel-8.6/facter.os_release_redhat_linux_with_comment.os-release';
const FEDORA_30 = 'fedora-30/python-distro.fedora30.usr-lib.os-release';

describe('node.kernel: the code floor fails, the documented floor warns unless the page lists the distribution', () => {
  it('fails a kernel older than 3.10 under every profile', () => {
    for (const profile of PROFILES) {
      const verdict = nodeKernel.evaluate(distroHost(UBUNTU_1604, '3.9.11'), under(profile.version));
      expect(verdict.status, profile.version).toBe('fail');
      expect(verdict.remediation).toContain(profile.distributions.value[0]!.label);
    }
  });

  it.each([
    // Rocky 8.4's own kernel, RHEL 8.6's, Debian 10's: below 5.10, on the v3.29+ list.
    [ROCKY_84, '4.18.0-305.3.1.el8_4.x86_64', 'pass', /RHEL 8 or later/],
    [RHEL_86, '4.18.0-372.9.1.el8.x86_64', 'pass', /RHEL 8 or later/],
    [DEBIAN_10, '4.19.0-17-amd64', 'pass', /Debian 10 or later/],
    [UBUNTU_2204, '5.15.0-91-generic', 'pass', /5\.15\.0-91-generic is 5\.10 or later/],
    // Below 5.10 and not on the list: Felix runs there, the page does not vouch for it.
    [CENTOS_7, '3.10.0-1160.el7.x86_64', 'warn', /below the 5\.10 the Calico v3\.31 page asks for/],
    [UBUNTU_1604, '4.4.0-210-generic', 'warn', /not on the page's list/],
  ])('v3.31: %s on %s → %s', (os, release, status, mentions) => {
    const verdict = nodeKernel.evaluate(distroHost(os, release), under('3.31'));
    expect(verdict.status).toBe(status);
    expect([verdict.summary, verdict.remediation].join(' ')).toMatch(mentions);
  });

  it('judges a real Ubuntu 18.04 capture by the page of each release', () => {
    const host = unameHost('ubuntu-18.04/uname-a.out', UBUNTU_1804);
    expect(nodeKernel.evaluate(host, under('3.28')).status).toBe('pass');
    expect(nodeKernel.evaluate(host, under('3.29')).status).toBe('warn');
  });

  it('warns without os-release between the floors, saying how to settle it', () => {
    const verdict = nodeKernel.evaluate({ ...distroHost(DEBIAN_10, '4.19.0-17-amd64'), os: missing('/etc/os-release', 'no os-release') }, under('3.30'));
    expect(verdict.status).toBe('warn');
    expect(verdict.remediation).toMatch(/Debian 10 or later/);
  });

  it('states both floors in the requirement where they differ', () => {
    expect(describeCheck(nodeKernel, profileFor('3.28')).requirement).toBe('Linux kernel 3.10 or later.');
    expect(describeCheck(nodeKernel, profileFor('3.29')).requirement).toMatch(/^Linux kernel 3\.10 or later, which Calico's code needs; the page asks for 5\.10 or later except on .*Ubuntu 20\.04 or later/);
  });
});

describe('node.distro by the list of each release', () => {
  it.each([
    [UBUNTU_1604, { '3.22': 'pass', '3.28': 'warn', '3.31': 'warn' }],
    [UBUNTU_1804, { '3.22': 'warn', '3.28': 'pass', '3.31': 'warn' }],
    [UBUNTU_2204, { '3.22': 'warn', '3.28': 'warn', '3.31': 'pass' }],
    [CENTOS_7, { '3.22': 'pass', '3.28': 'pass', '3.31': 'warn' }],
    [ROCKY_84, { '3.22': 'warn', '3.28': 'warn', '3.31': 'pass' }],
    [DEBIAN_10, { '3.22': 'warn', '3.28': 'warn', '3.31': 'pass' }],
  ])('%s', (os, expected) => {
    for (const [version, status] of Object.entries(expected)) {
      const verdict = nodeDistro.evaluate(distroHost(os, '5.15.0-91-generic'), under(version));
      expect(verdict.status, version).toBe(status);
      if (status === 'warn') expect(verdict.summary).toContain(`Calico v${version}'s tested list`);
    }
  });
});

describe('node.arch', () => {
  it('names the chosen release in its failure', () => {
    const verdict = nodeArch.evaluate(unameHost('synology-dsm-ds414/uname-a.out', UBUNTU_1604), under('3.30'));
    expect(verdict.status).toBe('fail');
    expect(verdict.remediation).toContain('Calico v3.30 publishes no images');
  });
});

describe('node.bpf', () => {
  const ebpf = (version: string, changes: Partial<AuditSettings> = {}) => under(version, { dataplane: 'ebpf', ...changes });
  const mounted = (facts: HostFacts, value: boolean): HostFacts => ({ ...facts, bpfFsMounted: found(value, '/proc/mounts') });

  it('takes arm64 from v3.28, not on v3.22', () => {
    const arm = mounted(distroHost(UBUNTU_2204, '5.15.0-91-generic', 'aarch64'), true);
    expect(nodeBpf.evaluate(arm, ebpf('3.22')).status).toBe('fail');
    const verdict = nodeBpf.evaluate(arm, ebpf('3.28'));
    expect(verdict.status).toBe('pass');
    expect(verdict.summary).toMatch(/^arm64, kernel 5\.15\.0-91-generic ≥ 5\.3/);
  });

  it('needs bpffs mounted beforehand on v3.22 only: calico-node mounts it from v3.28', () => {
    const unmounted = mounted(distroHost(UBUNTU_2204, '5.15.0-91-generic'), false);
    expect(nodeBpf.evaluate(unmounted, ebpf('3.22')).fixes).toEqual([{ kind: 'mount-bpffs' }]);
    const verdict = nodeBpf.evaluate(unmounted, ebpf('3.28'));
    expect(verdict.status).toBe('pass');
    expect(verdict.fixes).toBeUndefined();
    expect(verdict.evidence.map((e) => e.fact)).toContain('BPF filesystem at /sys/fs/bpf: not mounted (calico-node mounts it when it starts)');
    expect(nodeBpf.evaluate({ ...unmounted, bpfFsMounted: missing('/proc/mounts', 'not read') }, ebpf('3.31')).status).toBe('pass');
  });

  it('fails the etcd datastore from v3.28', () => {
    const host = mounted(distroHost(UBUNTU_2204, '5.15.0-91-generic'), true);
    expect(nodeBpf.evaluate(host, ebpf('3.22', { datastore: 'etcd' })).status).toBe('pass');
    const verdict = nodeBpf.evaluate(host, ebpf('3.28', { datastore: 'etcd' }));
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toContain("Calico v3.28's eBPF dataplane does not work with the etcd datastore");
  });

  it('moves the kernel gate to 5.10 (RHEL 4.18.0-305) on v3.32', () => {
    const rocky = mounted(distroHost(ROCKY_84, '4.18.0-240.22.1.el8_3.x86_64'), true);
    expect(nodeBpf.evaluate(rocky, ebpf('3.31')).status).toBe('pass');
    expect(nodeBpf.evaluate(rocky, ebpf('3.32')).summary).toContain('older than 4.18.0-305');
    const focal = mounted(distroHost(UBUNTU_2204, '5.4.0-42-generic'), true);
    expect(nodeBpf.evaluate(focal, ebpf('3.31')).status).toBe('pass');
    expect(nodeBpf.evaluate(focal, ebpf('3.32')).status).toBe('fail');
  });

  it("takes a RHEL kernel the way Felix does: from /proc/version, even under another distribution's os-release", () => {
    // A Fedora container on a RHEL 8.1 host: Felix sees el8_1 and applies the RHEL gate (147 < 193).
    const container = mounted(unameHost('fedora-container-on-rhel-8.1-kernel/uname-a.out', FEDORA_30), true);
    const verdict = nodeBpf.evaluate(container, ebpf('3.28'));
    expect(verdict.summary).toContain('older than 4.18.0-193');
    expect(verdict.evidence.map((e) => e.fact)).toContain('"el8_1" in the kernel\'s version: a RHEL kernel to Felix');
    // CentOS 7's real /proc/version (here under a Fedora container's os-release) names its "Red Hat" compiler.
    const procVersion = parseProcVersion(readFileSync(new URL('../fixtures/checks/proc-version/unknown-jc-linux-proc/version2', import.meta.url), 'utf8'))!;
    const centos = { ...mounted(distroHost(FEDORA_30, '3.10.0-1062.el7.x86_64'), true), procVersion: found(procVersion, '/proc/version') };
    expect(nodeBpf.evaluate(centos, ebpf('3.28')).summary).toContain('older than 4.18.0-193');
  });

  it('links the eBPF page of the release', () => {
    expect(describeCheck(nodeBpf, profileFor('3.22')).docUrl).toBe('https://projectcalico.docs.tigera.io/archive/v3.22/maintenance/ebpf/enabling-bpf');
    expect(describeCheck(nodeBpf, profileFor('3.32')).docUrl).toBe('https://docs.tigera.io/calico/3.32/operations/ebpf/enabling-ebpf');
  });
});

describe('node.networkmanager with IPv6', () => {
  const withNm = (unmanaged: string[]): HostFacts => ({
    ...healthyHost(),
    services: found({ NetworkManager: { state: 'active', method: 'systemctl' } }, 'systemctl is-active NetworkManager'),
    networkManagerConfig: found({ unmanagedDevices: unmanaged, files: ['/etc/NetworkManager/conf.d/calico.conf'] }, '/etc/NetworkManager'),
  });
  const v22List = ['interface-name:cali*', 'interface-name:tunl*', 'interface-name:vxlan.calico', 'interface-name:wireguard.cali'];

  it('asks for vxlan-v6.calico and wg-v6.cali from v3.28, writing the list of the troubleshooting page', () => {
    const ipv6 = { ipv6: true, encapsulation: 'vxlan' as const, wireguard: true };
    expect(nodeNetworkManager.evaluate(withNm(v22List), under('3.22', ipv6)).status).toBe('pass');
    const verdict = nodeNetworkManager.evaluate(withNm(v22List), under('3.28', ipv6));
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toBe('NetworkManager runs and would manage vxlan-v6.calico, wg-v6.cali.');
    expect(verdict.remediation).toContain(
      'unmanaged-devices=interface-name:cali*;interface-name:tunl*;interface-name:vxlan.calico;interface-name:vxlan-v6.calico;interface-name:wireguard.cali;interface-name:wg-v6.cali\n',
    );
    // IPv4 only: the v3.22 list still does.
    expect(nodeNetworkManager.evaluate(withNm(v22List), under('3.28', { encapsulation: 'vxlan', wireguard: true })).status).toBe('pass');
    expect(CALICO_NM_CONF).toBe(`[keyfile]\nunmanaged-devices=${v22List.join(';')}\n`);
  });
});

describe('node.rp-filter', () => {
  it("names the profile's Felix in the loose-mode note", () => {
    const loose = { ...healthyHost(), sysctl: found({ 'net.ipv4.conf.all.rp_filter': '2' }, '/proc/sys') };
    expect(nodeRpFilter.evaluate(loose, under('3.31')).summary).toContain('Note: Felix v3.31 does not read this sysctl');
  });
});

describe('IPv6 WireGuard (v3.24 on)', () => {
  const wireguard6 = { wireguard: true, ipv6: true };
  const on = (port: number, process: string): Listener => ({ protocol: 'udp', family: 6, address: '::', port, process });

  it('net.ports-free asks for udp/51821 with WireGuard and IPv6', () => {
    const taken = { ...healthyHost(), listeners: found([on(51821, 'openvpn')], 'ss -lunp') };
    expect(netPortsFree.evaluate(taken, under('3.22', wireguard6)).status).toBe('pass');
    const verdict = netPortsFree.evaluate(taken, under('3.28', wireguard6));
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toContain('udp/51821 (IPv6 WireGuard) held by openvpn');
    expect(netPortsFree.evaluate(taken, under('3.28', { wireguard: true })).status).toBe('pass');
  });

  it("net.peer-paths checks WireGuard between hosts where the page's table lists it (a real firewalld opened for v3.22)", () => {
    const open = { ...healthyHost(), firewall: firewallOf({ nftables: readFileSync(new URL('../fixtures/firewall/nft/firewalld-1.3.3-public-calico-open.nft', import.meta.url), 'utf8') }) };
    expect(netPeerPaths.evaluate(open, under('3.22', { wireguard: true })).status).toBe('pass');
    const verdict = netPeerPaths.evaluate(open, under('3.28', { wireguard: true }));
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toMatch(/^UDP 51820 \(WireGuard\) is dropped/);
    expect(verdict.remediation).toContain('firewall-cmd --permanent --add-port=51820/udp');
    const both = netPeerPaths.evaluate(open, under('3.28', wireguard6));
    expect(both.summary).toContain('UDP 51821 (IPv6 WireGuard) is dropped');
  });
});

describe('k8s.version by the window of each release', () => {
  it.each([
    ['3.28', 'v1.30.2', 'pass'],
    ['3.28', 'v1.23.4', 'warn'],
    ['3.28', 'v1.21.14', 'warn'],
    ['3.28', 'v1.20.15', 'fail'],
    ['3.31', 'v1.35.0', 'pass'],
    ['3.31', 'v1.31.4', 'warn'],
    ['3.31', 'v1.36.0', 'warn'],
    ['3.32', 'v1.36.1', 'pass'],
    ['3.32', 'v1.15.12', 'fail'],
  ])('%s: Kubernetes %s → %s', (version, kubelet, status) => {
    const verdict = k8sVersion.evaluate(kubeletHost(kubelet), under(version));
    expect(verdict.status).toBe(status);
    expect(verdict.summary).toContain(`Calico v${version}`);
    if (status === 'warn' && kubelet === 'v1.36.0') expect(verdict.remediation).toMatch(/^Use a Calico release tested with this Kubernetes version/);
  });
});

describe('k8s.cni', () => {
  it('states the runtime-CNI requirement of v3.28+, judging what kubelet does as before', () => {
    expect(describeCheck(k8sCni, profileFor('3.28')).requirement).toContain('CNI plugin of the container runtime, from the default CNI directories /etc/cni/net.d and /opt/cni/bin');
    expect(k8sCni.evaluate(kubeletHost('v1.30.2', []), under('3.28')).status).toBe('pass');
    expect(k8sCni.evaluate(kubeletHost('v1.23.4', ['--network-plugin=kubenet']), under('3.28')).status).toBe('fail');
  });
});

describe('k8s.sole-provider', () => {
  const flannel: HostFacts = {
    ...healthyHost(),
    cni: found({ files: [{ name: '10-flannel.conflist', types: ['flannel', 'portmap'] }] }, '/etc/cni/net.d'),
    interfaces: found([{ name: 'flannel.1', mtu: 1450, state: 'UNKNOWN', addresses: [] }], 'ip addr show'),
  };

  it('warns on flannel alongside from v3.28 (policy-only), fails it on v3.22', () => {
    expect(k8sSoleProvider.evaluate(flannel, under('3.22')).status).toBe('fail');
    const verdict = k8sSoleProvider.evaluate(flannel, under('3.28'));
    expect(verdict.status).toBe('warn');
    expect(verdict.summary).toContain('10-flannel.conflist configures flannel; interfaces flannel.1 exist');
    expect(verdict.remediation).toMatch(/network policy only/);
  });

  it('still fails a provider no page allows', () => {
    const cilium = { ...healthyHost(), cni: found({ files: [{ name: '05-cilium.conflist', types: ['cilium-cni'] }] }, '/etc/cni/net.d') };
    expect(k8sSoleProvider.evaluate(cilium, under('3.31')).status).toBe('fail');
    expect(k8sSoleProvider.evaluate({ ...flannel, cni: cilium.cni }, under('3.31')).summary).toMatch(/configures cilium-cni; interfaces flannel\.1 exist/);
  });
});

describe('k8s.kube-proxy: nftables mode', () => {
  const nftables = (kubelet: string, kernelRelease = '6.1.0-13-amd64'): HostFacts => {
    const facts = kubeletHost(kubelet);
    if (facts.uname.ok) facts.uname.value.kernelRelease = kernelRelease;
    return { ...facts, kubeProxy: found({ running: true, args: ['--proxy-mode=nftables'], mode: 'nftables' }, 'process list') };
  };

  it('fails on v3.22 and v3.28, which list iptables and ipvs only', () => {
    for (const version of ['3.22', '3.28']) {
      const verdict = k8sKubeProxy.evaluate(nftables('v1.31.2'), under(version));
      expect(verdict.status, version).toBe('fail');
      expect(verdict.summary).toContain(`which Calico v${version} does not support`);
    }
  });

  it('passes from v3.31 on Kubernetes 1.31+ and kernel 5.13+, warns on v3.29/v3.30 (tech preview)', () => {
    expect(k8sKubeProxy.evaluate(nftables('v1.32.1'), under('3.31')).status).toBe('pass');
    const preview = k8sKubeProxy.evaluate(nftables('v1.32.1'), under('3.29'));
    expect(preview.status).toBe('warn');
    expect(preview.summary).toContain('tech preview');
  });

  it('fails below Kubernetes 1.31 or kernel 5.13', () => {
    expect(k8sKubeProxy.evaluate(nftables('v1.30.5'), under('3.31')).summary).toBe('nftables mode needs Kubernetes v1.31.0 or later; this is v1.30.5.');
    expect(k8sKubeProxy.evaluate(nftables('v1.32.1', '5.10.0-26-amd64'), under('3.32')).summary).toContain('need kernel 5.13 or later; this is 5.10.0-26-amd64');
  });

  it('states the modes of each release', () => {
    expect(describeCheck(k8sKubeProxy, profileFor('3.22')).requirement).toBe(k8sKubeProxy.requirement);
    expect(describeCheck(k8sKubeProxy, profileFor('3.29')).requirement).toContain('nftables needs Kubernetes v1.31.0 or later, kernel 5.13 or later');
  });
});

describe('k8s.alp', () => {
  const alp = (version: string) => under(version, { alp: true });

  it('has no FlexVolume bound from v3.28 (CSI)', () => {
    expect(k8sAlp.evaluate(kubeletHost('v1.25.3'), alp('3.22')).status).toBe('fail');
    expect(k8sAlp.evaluate(kubeletHost('v1.25.3'), alp('3.28')).status).toBe('unknown');
  });

  it('warns below Kubernetes 1.29 from v3.31: only the legacy Istio method works there', () => {
    const verdict = k8sAlp.evaluate(kubeletHost('v1.27.8'), alp('3.31'));
    expect(verdict.status).toBe('warn');
    expect(verdict.remediation).toContain('MutatingAdmissionWebhook');
    expect(k8sAlp.evaluate(kubeletHost('v1.30.2'), alp('3.31')).status).toBe('unknown');
  });

  it("links the ALP page the profile cites where the requirements page has no ALP section", () => {
    expect(describeCheck(k8sAlp, profileFor('3.22')).docUrl).toBe(k8sAlp.docUrl);
    expect(describeCheck(k8sAlp, profileFor('3.30')).docUrl).toBe('https://docs.tigera.io/calico/3.30/network-policy/istio/enforce-policy-istio');
    expect(describeCheck(k8sAlp, profileFor('3.32')).docUrl).toBe('https://docs.tigera.io/calico/3.32/network-policy/istio/app-layer-policy');
  });
});

describe('every check under every profile', () => {
  it('states the seed profile as its static requirement and link', () => {
    for (const check of CHECKS) {
      const seed = describeCheck(check, SEED_PROFILE);
      expect({ id: check.id, requirement: seed.requirement, docUrl: seed.docUrl }).toEqual({ id: check.id, requirement: check.requirement, docUrl: check.docUrl });
    }
  });

  it.each(NEWER)('%s: requirements, links and verdicts name that release, never v3.22', (version) => {
    const profile = profileFor(version);
    for (const check of CHECKS) {
      const { requirement, docUrl } = describeCheck(check, profile);
      expect(requirement, check.id).toMatch(/\.$/);
      expect(`${requirement} ${docUrl}`, check.id).not.toMatch(/3\.22/);
      expect(docUrl, check.id).toMatch(new RegExp(`^https://docs\\.tigera\\.io/calico/${version.replace('.', '\\.')}/`));
    }
    // Every feature on, on a host where much fails: no verdict text may name the seed release.
    const everything = under(version, { encapsulation: 'vxlan', wireguard: true, dataplane: 'ebpf', ipv6: true, typha: true, alp: true, kubeProxyMode: 'ipvs' });
    const old = distroHost(CENTOS_7, '3.9.11', 'i686');
    const findings = [...evaluateHost(old, everything), ...evaluateHost(kubeletHost('v1.15.12', ['--network-plugin=kubenet']), everything)];
    for (const finding of findings) expect(`${finding.summary} ${finding.remediation ?? ''}`, finding.check).not.toMatch(/v3\.22|archive\/v3\.22/);
    const named = (check: string) => findings.filter((finding) => finding.check === check).map((finding) => `${finding.summary} ${finding.remediation ?? ''}`).join(' ');
    for (const check of ['node.arch', 'k8s.version']) expect(named(check), check).toContain(`Calico v${version}`);
  });

  it('links the MTU guide of the release', () => {
    expect(describeCheck(fleetMtu, profileFor('3.29')).docUrl).toBe('https://docs.tigera.io/calico/3.29/networking/configuring/mtu');
  });
});

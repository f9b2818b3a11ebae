import { describe, expect, it } from 'vitest';
import { k8sVersion } from '../../src/checks/k8s/version.js';
import { k8sCni } from '../../src/checks/k8s/cni.js';
import { k8sPrivileged } from '../../src/checks/k8s/privileged.js';
import { k8sKubeProxy } from '../../src/checks/k8s/kube-proxy.js';
import { k8sAlp } from '../../src/checks/k8s/alp.js';
import { k8sSoleProvider } from '../../src/checks/k8s/sole-provider.js';
import { k8sIpPools } from '../../src/checks/k8s/ip-pools.js';
import type { HostFacts, NetInterface, Route } from '../../src/core/facts.js';
import { found, healthyHost, kubeletHost, missing, settings } from './facts.js';

describe('checks that need a kubelet', () => {
  const kubectlOnly = healthyHost(); // kubectl may be there; without kubelet the host is no node
  it.each([k8sVersion, k8sCni, k8sPrivileged, k8sKubeProxy])('$id skips where no kubelet is installed', (check) => {
    const verdict = check.evaluate(kubectlOnly, settings({ alp: true }));
    expect(verdict.status).toBe('skip');
    expect(verdict.summary).toContain('No kubelet');
  });
  it.each([k8sVersion, k8sCni, k8sPrivileged, k8sKubeProxy])('$id is unknown when the kubelet probe failed', (check) => {
    expect(check.evaluate({ ...healthyHost(), kubelet: missing('kubelet', 'the kubelet probe did not run') }, settings()).status).toBe('unknown');
  });
});

describe('k8s.version', () => {
  it.each([
    ['v1.15.12', 'fail'],
    ['v1.16.0', 'warn'],
    ['v1.20.15', 'warn'],
    ['v1.21.0', 'pass'],
    ['Kubernetes v1.23.4', 'pass'],
    ['v1.24.1', 'warn'],
  ])('%s → %s', (version, status) => {
    const verdict = k8sVersion.evaluate(kubeletHost(version), settings());
    expect(verdict.status).toBe(status);
    expect(verdict.evidence[0]?.fact).toContain(version);
    if (status !== 'pass') expect(verdict.remediation).toBeTruthy();
  });
  it('is unknown when the version is unreadable', () => {
    const facts = kubeletHost('v1.22.0');
    if (facts.kubelet.ok) facts.kubelet.value.version = null;
    expect(k8sVersion.evaluate(facts, settings()).status).toBe('unknown');
  });
});

describe('k8s.cni', () => {
  it('passes --network-plugin=cni, a remote runtime, and v1.24+', () => {
    expect(k8sCni.evaluate(kubeletHost('v1.22.0', ['--network-plugin=cni']), settings()).status).toBe('pass');
    expect(k8sCni.evaluate(kubeletHost('v1.22.0', ['--container-runtime', 'remote']), settings()).status).toBe('pass');
    expect(k8sCni.evaluate(kubeletHost('v1.25.0', []), settings()).status).toBe('pass');
  });
  it('fails kubenet or no plugin with dockershim, with the file to edit', () => {
    const kubenet = k8sCni.evaluate(kubeletHost('v1.22.0', ['--network-plugin=kubenet']), settings());
    expect(kubenet.status).toBe('fail');
    expect(kubenet.remediation).toContain('/var/lib/kubelet/kubeadm-flags.env');
    expect(k8sCni.evaluate(kubeletHost('v1.22.0', ['--config=/var/lib/kubelet/config.yaml']), settings()).status).toBe('fail');
  });
  it('is unknown when no kubelet arguments were found', () => {
    const facts = kubeletHost('v1.22.0', []);
    if (facts.kubelet.ok) delete facts.kubelet.value.argsSource;
    expect(k8sCni.evaluate(facts, settings()).status).toBe('unknown');
  });
});

describe('k8s.privileged', () => {
  it('fails --allow-privileged=false and passes otherwise', () => {
    expect(k8sPrivileged.evaluate(kubeletHost('v1.14.0', ['--allow-privileged=false']), settings()).status).toBe('fail');
    expect(k8sPrivileged.evaluate(kubeletHost('v1.14.0', ['--allow-privileged=true']), settings()).status).toBe('pass');
    expect(k8sPrivileged.evaluate(kubeletHost('v1.22.0', ['--network-plugin=cni']), settings()).status).toBe('pass');
  });
});

describe('k8s.kube-proxy', () => {
  const proxy = (mode: string | null, running = true, extra: Partial<HostFacts> = {}) => ({
    ...kubeletHost('v1.22.0'),
    kubeProxy: found({ running, args: mode ? [`--proxy-mode=${mode}`] : [], mode }, 'process list'),
    ...extra,
  });
  it('passes iptables and ipvs', () => {
    expect(k8sKubeProxy.evaluate(proxy('iptables'), settings()).status).toBe('pass');
    expect(k8sKubeProxy.evaluate(proxy('ipvs'), settings({ kubeProxyMode: 'ipvs' })).status).toBe('pass');
    expect(k8sKubeProxy.evaluate(proxy(null, false), settings()).status).toBe('pass');
  });
  it('fails an unsupported mode and ipvs before v1.9.3', () => {
    expect(k8sKubeProxy.evaluate(proxy('userspace'), settings()).status).toBe('fail');
    expect(k8sKubeProxy.evaluate({ ...proxy('ipvs'), kubelet: kubeletHost('v1.9.2').kubelet }, settings({ kubeProxyMode: 'ipvs' })).status).toBe('fail');
  });
  it('warns when the host runs another mode than the settings say (kube-ipvs0 shows ipvs)', () => {
    const interfaces = found<NetInterface[]>([{ name: 'kube-ipvs0', mtu: 1500, state: 'DOWN', addresses: [] }], 'ip addr show');
    const verdict = k8sKubeProxy.evaluate(proxy(null, true, { interfaces }), settings());
    expect(verdict.status).toBe('warn');
    expect(verdict.remediation).toContain('--kube-proxy-mode ipvs');
  });
});

describe('k8s.alp', () => {
  it('skips unless asked for', () => {
    expect(k8sAlp.evaluate(kubeletHost('v1.22.0'), settings()).status).toBe('skip');
  });
  it('fails from v1.23 (FlexVolumes) and below v1.17 (no Istio 1.9/1.10), leaves the rest to a person', () => {
    expect(k8sAlp.evaluate(kubeletHost('v1.23.1'), settings({ alp: true })).status).toBe('fail');
    expect(k8sAlp.evaluate(kubeletHost('v1.16.1'), settings({ alp: true })).status).toBe('fail');
    const manual = k8sAlp.evaluate(kubeletHost('v1.21.3'), settings({ alp: true }));
    expect(manual.status).toBe('unknown');
    expect(manual.remediation).toContain('MutatingAdmissionWebhook');
  });
});

describe('k8s.sole-provider', () => {
  it('passes a clean host and a Calico one', () => {
    expect(k8sSoleProvider.evaluate(healthyHost(), settings()).status).toBe('pass');
    expect(k8sSoleProvider.evaluate({ ...healthyHost(), cni: found({ files: [{ name: '10-calico.conflist', types: ['calico', 'portmap', 'bandwidth'] }] }, '/etc/cni/net.d') }, settings()).status).toBe('pass');
  });
  it('fails flannel leftovers: its conflist and flannel.1', () => {
    const facts = healthyHost();
    facts.cni = found({ files: [{ name: '10-flannel.conflist', types: ['flannel', 'portmap'] }] }, '/etc/cni/net.d');
    if (facts.interfaces.ok) facts.interfaces.value.push({ name: 'flannel.1', mtu: 1450, state: 'UNKNOWN', addresses: [] }, { name: 'cni0', mtu: 1450, state: 'UP', addresses: [] });
    const verdict = k8sSoleProvider.evaluate(facts, settings());
    expect(verdict.status).toBe('fail');
    expect(verdict.remediation).toContain('rm /etc/cni/net.d/10-flannel.conflist');
    expect(verdict.remediation).toContain('ip link delete flannel.1');
  });
  it('warns on an unfamiliar plugin and a lone cni0', () => {
    expect(k8sSoleProvider.evaluate({ ...healthyHost(), cni: found({ files: [{ name: '10-containerd-net.conflist', types: ['bridge', 'portmap'] }] }, '/etc/cni/net.d') }, settings()).status).toBe('warn');
  });
  it('is unknown without CNI config or interfaces, unless a conflict is already visible', () => {
    expect(k8sSoleProvider.evaluate({ ...healthyHost(), cni: missing('/etc/cni/net.d', 'needs root') }, settings()).status).toBe('unknown');
    const facts = { ...healthyHost(), cni: missing<never>('/etc/cni/net.d', 'needs root') };
    if (facts.interfaces.ok) facts.interfaces.value.push({ name: 'cilium_host', mtu: 1500, state: 'UP', addresses: [] });
    expect(k8sSoleProvider.evaluate(facts, settings()).status).toBe('fail');
  });
});

describe('k8s.ip-pools', () => {
  const withNetworks = (addresses: [string, string, number][], routes: Route[] = []): HostFacts => ({
    ...healthyHost(),
    interfaces: found(
      addresses.map(([name, address, prefixLength]) => ({ name, mtu: 1500, state: 'UP', addresses: [{ family: address.includes(':') ? 6 : 4, address, prefixLength }] })),
      'ip addr show',
    ),
    routes: found(routes, '/proc/net/route'),
  });
  it('passes when nothing overlaps', () => {
    expect(k8sIpPools.evaluate(healthyHost(), settings()).status).toBe('pass');
  });
  it('fails a host address inside the pod CIDR and suggests a free range', () => {
    const verdict = k8sIpPools.evaluate(withNetworks([['eth0', '192.168.1.10', 24]]), settings());
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toContain('eth0 address 192.168.1.10/24');
    expect(verdict.remediation).toContain('10.244.0.0/16');
  });
  it('fails a wide host network that contains the pod CIDR, and a route into it', () => {
    expect(k8sIpPools.evaluate(withNetworks([['eth0', '192.0.0.5', 2]]), settings()).status).toBe('fail');
    const routed = k8sIpPools.evaluate(withNetworks([['eth0', '10.0.0.11', 24]], [{ destination: '192.168.50.0/24', device: 'eth0', gateway: '10.0.0.1', family: 4 }]), settings());
    expect(routed.status).toBe('fail');
    expect(routed.summary).toContain('route 192.168.50.0/24');
  });
  it('fails pod and service CIDRs that overlap, even without host facts', () => {
    const verdict = k8sIpPools.evaluate({ ...healthyHost(), interfaces: missing('ip addr', 'no ip') }, settings({ podCidr: '10.96.0.0/16' }));
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toContain('service CIDR 10.96.0.0/12');
  });
  it('handles IPv6 dual-stack ranges', () => {
    const dual = settings({ podCidr: '192.168.0.0/16,fd00:10:244::/56', serviceCidr: '10.96.0.0/12,fd00:10:96::/112' });
    expect(k8sIpPools.evaluate(withNetworks([['eth0', '10.0.0.11', 24], ['eth0', 'fd00:cafe::11', 64]]), dual).status).toBe('pass');
    const clash = k8sIpPools.evaluate(withNetworks([['eth0', 'fd00:10:244:1::5', 64]]), dual);
    expect(clash.status).toBe('fail');
  });
  it("ignores Calico's own interfaces and block routes on a running node", () => {
    const facts = withNetworks(
      [['eth0', '10.0.0.11', 24], ['tunl0', '192.168.12.0', 32], ['cali1a2b3c4d5e6', '169.254.1.1', 32]],
      [
        { destination: '192.168.12.0/26', device: '*', family: 4 },
        { destination: '192.168.40.0/26', device: 'tunl0', gateway: '10.0.0.12', family: 4 },
        { destination: '192.168.44.0/26', device: 'eth0', gateway: '10.0.0.13', family: 4 },
      ],
    );
    expect(k8sIpPools.evaluate(facts, settings()).status).toBe('pass');
  });
  it('is unknown without host networks', () => {
    expect(k8sIpPools.evaluate({ ...healthyHost(), routes: missing('/proc/net/route', 'unreadable') }, settings()).status).toBe('unknown');
  });
});

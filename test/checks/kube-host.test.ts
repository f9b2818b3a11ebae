/**
 * Kubernetes verdicts from what the host itself says (issue 9): a kubeadm node before
 * `kubeadm init/join`, stale dockershim flags on v1.24+, k3s, the pod range in the host's
 * Kubernetes configuration, and the API server in kubelet's kubeconfig. Facts come from the
 * real parsers fed real files (test/fixtures/kube/SOURCES.md).
 */
import { describe, expect, it } from 'vitest';
import { k8sCni } from '../../src/checks/k8s/cni.js';
import { k8sIpPools } from '../../src/checks/k8s/ip-pools.js';
import { datastoreReachable } from '../../src/checks/datastore/reachable.js';
import type { ConnectProbe, HostFacts, KubeCluster, RawProbeOutput } from '../../src/core/facts.js';
import { parseFacts } from '../../src/probes/index.js';
import { clusterCidrFromManifest, kubeconfigServers } from '../../src/probes/parsers/kube-cluster.js';
import { found, healthyHost, settings } from './facts.js';
import { keyLinesOf, kubeFixture } from '../probes/kube-fixtures.js';

const section = (stdout: string, exitCode = 0): RawProbeOutput => ({ stdout, exitCode, truncated: false });
const DROP_IN = '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf';
const FLAGS_1_23 = 'KUBELET_KUBEADM_ARGS="--network-plugin=cni --pod-infra-container-image=k8s.gcr.io/pause:3.6"\n';

/** kubelet facts as the probe parses them: installed at /usr/bin/kubelet, not running, with these files. */
function kubeletFrom(version: string, files: Record<string, string>): HostFacts {
  const raw: Record<string, RawProbeOutput> = {
    ps: section('1 systemd\n'),
    'kubelet-version:/usr/bin/kubelet': section(`Kubernetes ${version}\n`),
    'cni-ls': section(''),
    end: section(''),
  };
  for (const [path, text] of Object.entries(files)) raw[`f:${path}`] = section(text);
  return { ...healthyHost(), kubelet: parseFacts(raw, { sentEpochMs: 0, receivedEpochMs: 0 }).kubelet };
}

describe('k8s.cni before kubeadm init/join', () => {
  const preInit = kubeletFrom('v1.23.4', { [DROP_IN]: kubeFixture('kubeadm/10-kubeadm.conf') });

  it("passes: kubeadm's drop-in reads a kubeadm-flags.env that kubeadm writes with CNI at init/join", () => {
    const verdict = k8sCni.evaluate(preInit, settings());
    expect(verdict.status).toBe('pass');
    expect(verdict.summary).toMatch(/kubeadm init\/join has not run yet/);
    expect(verdict.evidence.map((e) => e.fact).join('\n')).toMatch(/kubeadm-flags\.env does not exist yet/);
  });

  it('fails when KUBELET_EXTRA_ARGS, which comes last, names another plugin', () => {
    const kubenet = kubeletFrom('v1.23.4', { [DROP_IN]: kubeFixture('kubeadm/10-kubeadm.conf'), '/etc/default/kubelet': 'KUBELET_EXTRA_ARGS=--network-plugin=kubenet\n' });
    expect(k8sCni.evaluate(kubenet, settings())).toMatchObject({ status: 'fail', summary: expect.stringContaining('--network-plugin=kubenet') });
  });

  it('judges the flags once kubeadm has written them', () => {
    const joined = kubeletFrom('v1.23.4', { [DROP_IN]: kubeFixture('kubeadm/10-kubeadm.conf'), '/var/lib/kubelet/kubeadm-flags.env': FLAGS_1_23 });
    expect(k8sCni.evaluate(joined, settings()).status).toBe('pass');
    expect(joined.kubelet.ok && joined.kubelet.value.kubeadmFlags).toEqual({ path: '/var/lib/kubelet/kubeadm-flags.env', written: true });
  });
});

describe('k8s.cni from v1.24', () => {
  it('fails a --network-plugin left in kubeadm-flags.env: kubelet exits with "unknown flag"', () => {
    const stale = kubeletFrom('v1.24.3', { [DROP_IN]: kubeFixture('kubeadm/10-kubeadm.conf'), '/var/lib/kubelet/kubeadm-flags.env': FLAGS_1_23 });
    const verdict = k8sCni.evaluate(stale, settings());
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toMatch(/refuses to start with --network-plugin \("unknown flag"\)/);
    expect(verdict.remediation).toMatch(/Remove --network-plugin from \/var\/lib\/kubelet\/kubeadm-flags\.env/);
  });

  it('passes the flags kubeadm writes for containerd', () => {
    const containerd = kubeletFrom('v1.24.3', {
      [DROP_IN]: kubeFixture('kubeadm/10-kubeadm.conf'),
      '/var/lib/kubelet/kubeadm-flags.env': 'KUBELET_KUBEADM_ARGS="--container-runtime=remote --container-runtime-endpoint=unix:///run/containerd/containerd.sock --pod-infra-container-image=k8s.gcr.io/pause:3.7"\n',
    });
    expect(k8sCni.evaluate(containerd, settings()).status).toBe('pass');
  });
});

describe('k8s.cni on k3s', () => {
  it('passes: the kubelet inside k3s uses containerd and CNI', () => {
    const raw: Record<string, RawProbeOutput> = {
      ps: section('1 systemd\n/proc/812 k3s-server\n'),
      'kubelet-version:/usr/local/bin/k3s': section('k3s version v1.19.4+k3s-95ea0e16 (95ea0e16)\ngo version go1.15.2\n'),
      'cmdline:k3s-server': section('/usr/local/bin/k3s server\0\0\0'),
    };
    const facts = { ...healthyHost(), kubelet: parseFacts(raw, { sentEpochMs: 0, receivedEpochMs: 0 }).kubelet };
    expect(k8sCni.evaluate(facts, settings())).toMatchObject({ status: 'pass', summary: expect.stringContaining('k3s') });
    expect(facts.kubelet.ok && facts.kubelet.value).toMatchObject({ embeddedIn: 'k3s', running: true, version: 'v1.19.4+k3s-95ea0e16' });
  });
});

const cluster = (value: Partial<KubeCluster>) => found<KubeCluster>({ podCidrs: [], apiServers: [], unreadable: [], ...value }, '/etc/kubernetes');
const MANIFEST_RANGE = { value: clusterCidrFromManifest(kubeFixture('kubeadm/kube-controller-manager.yaml'))!, source: '/etc/kubernetes/manifests/kube-controller-manager.yaml (kube-controller-manager --cluster-cidr)' };

/** A host with an address inside the controller-manager's --cluster-cidr (10.244.0.0/16). */
function hostIn10244(podCidrs = [MANIFEST_RANGE]): HostFacts {
  const facts = { ...healthyHost(), kubeCluster: cluster({ podCidrs }) };
  if (facts.interfaces.ok) facts.interfaces.value.push({ name: 'eth1', mtu: 1500, state: 'UP', addresses: [{ family: 4, address: '10.244.1.5', prefixLength: 24 }] });
  return facts;
}

describe('k8s.ip-pools with the pod range the host states', () => {
  it('judges the range the host states instead of the default, and says where it came from', () => {
    const verdict = k8sIpPools.evaluate(hostIn10244(), settings(), { podCidr: 'default' });
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toContain('Pod CIDR 10.244.0.0/16 (from /etc/kubernetes/manifests/kube-controller-manager.yaml');
    expect(verdict.summary).toContain('eth1 address 10.244.1.5/24');
  });

  it('lets an explicit setting win, and warns that the host states another range', () => {
    const verdict = k8sIpPools.evaluate(hostIn10244(), settings({ podCidr: '172.20.0.0/16' }), { podCidr: 'inventory calico_pod_cidr' });
    expect(verdict.status).toBe('warn');
    expect(verdict.summary).toMatch(/172\.20\.0\.0\/16 \(from inventory calico_pod_cidr\) overlaps nothing, but .* states 10\.244\.0\.0\/16/);
    expect(k8sIpPools.evaluate(hostIn10244(), settings({ podCidr: '10.244.0.0/16' }), { podCidr: '--pod-cidr' }).status).toBe('fail');
  });

  it('passes when the setting and the host agree and nothing overlaps', () => {
    const facts = { ...healthyHost(), kubeCluster: cluster({ podCidrs: [MANIFEST_RANGE] }) };
    expect(k8sIpPools.evaluate(facts, settings({ podCidr: '10.244.0.0/16' }), { podCidr: 'inventory calico_pod_cidr' }).status).toBe('pass');
    expect(k8sIpPools.evaluate(facts, settings(), { podCidr: 'default' })).toMatchObject({ status: 'pass', summary: expect.stringContaining('10.244.0.0/16 (from /etc/kubernetes/manifests/kube-controller-manager.yaml') });
  });

  it('warns when the host\'s own sources disagree', () => {
    const facts = { ...healthyHost(), kubeCluster: cluster({ podCidrs: [MANIFEST_RANGE, { value: '10.200.0.0/16', source: 'kube-proxy clusterCIDR' }] }) };
    expect(k8sIpPools.evaluate(facts, settings(), { podCidr: 'default' }).status).toBe('warn');
  });
});

const SERVER = kubeconfigServers(keyLinesOf(kubeFixture('kubeadm/kubelet-with-embedded-cert.yaml'), 'server:'))[0]!;
const fromKubeconfig = (outcome: ConnectProbe['outcome']): ConnectProbe => ({ purpose: 'datastore', target: '10.0.2.15:6443', address: '10.0.2.15', port: 6443, protocol: 'tcp', outcome, from: '/etc/kubernetes/kubelet.conf' });

describe("datastore.reachable with the API server of kubelet's kubeconfig", () => {
  const joined = (outcome: ConnectProbe['outcome']): HostFacts => ({
    ...healthyHost(),
    kubeCluster: cluster({ apiServers: [{ value: SERVER, source: '/etc/kubernetes/kubelet.conf (server:)' }] }),
    connectivity: found([fromKubeconfig(outcome)], 'TCP connect from the host: bash /dev/tcp'),
  });

  it('judges the connect to the server kubelet.conf names when no endpoint is configured', () => {
    expect(datastoreReachable.evaluate(joined('connected'), settings())).toMatchObject({ status: 'pass', summary: expect.stringContaining('https://10.0.2.15:6443 (named by /etc/kubernetes/kubelet.conf)') });
    const refused = datastoreReachable.evaluate(joined('refused'), settings());
    expect(refused.status).toBe('fail');
    expect(refused.remediation).toContain('kube_apiserver_endpoint / --apiserver');
  });

  it('asks for --become when kubelet.conf exists but could not be read, and skips a node that has none', () => {
    const hidden = { ...healthyHost(), kubeCluster: cluster({ unreadable: ['/etc/kubernetes/kubelet.conf'] }) };
    expect(datastoreReachable.evaluate(hidden, settings())).toMatchObject({ status: 'unknown', remediation: expect.stringContaining('--become') });
    expect(datastoreReachable.evaluate(healthyHost(), settings()).status).toBe('skip');
  });

  it('keeps a configured endpoint first: the kubeconfig connect is not one of its results', () => {
    const facts = joined('refused');
    expect(datastoreReachable.evaluate(facts, settings({ apiserverEndpoint: '10.0.2.15:6443' })).status).toBe('unknown');
  });
});

/**
 * End to end: the `audit` command against issue 9's Kubernetes hosts (test/fleet/personalities/
 * catalog-issue9-kube.ts). Every host is the `k9-ok` node plus one difference, and each verdict
 * below is what the real CLI says over ssh about that difference; every other check must say
 * what it says on `k9-ok`.
 */
import { describe } from 'vitest';
import { HAS_CONNTRACK_HOST, issue9KubeFleet } from '../fleet/personalities/catalog-issue9-kube.js';
import { personalitySkipReason } from '../fleet/personalities/index.js';
import { auditFleet, type Expected } from './fleet-audit.js';

const skipReason = personalitySkipReason();
if (skipReason) console.warn(`skipping the issue 9 Kubernetes personality audit: ${skipReason}`);
if (!HAS_CONNTRACK_HOST) console.warn('no conntrack-full host: nf_conntrack is not loaded in this kernel, so its files cannot be bind-mounted');

const conntrack: Record<string, Record<string, Expected>> = HAS_CONNTRACK_HOST
  ? { 'conntrack-full': { 'node.conntrack': { status: 'fail', mentions: /table is full \(65536 of 65536\)[\s\S]*nf_conntrack_max=1000000/ } } }
  : {};

describe.skipIf(skipReason !== undefined)('audit of issue 9 Kubernetes personalities', () => {
  auditFleet({
    personalities: issue9KubeFleet,
    baseline: 'k9-ok',
    notApplicable: ['node.bpf', 'k8s.alp'],
    faults: {
      'k9-ok': {},
      'kubeadm-preinit': {
        'k8s.cni': { status: 'pass', mentions: /kubeadm init\/join has not run yet[\s\S]*kubeadm-flags\.env does not exist yet[\s\S]*10-kubeadm\.conf/ },
        'k8s.version': { status: 'pass', mentions: /v1\.23\.4 at \/usr\/bin\/kubelet[\s\S]*not running/ },
      },
      'k124-stale-flag': {
        'k8s.cni': { status: 'fail', mentions: /refuses to start with --network-plugin[\s\S]*Remove --network-plugin from \/etc\/default\/kubelet/ },
        'k8s.version': { status: 'warn', mentions: /v1\.24\.3/ },
      },
      'flatcar-optbin': { 'k8s.version': { status: 'pass', mentions: /\/opt\/bin\/kubelet \(found through a known install path\), running/ } },
      'k3s-node': {
        'k8s.version': { status: 'warn', mentions: /kubelet inside k3s v1\.19\.4\+k3s-95ea0e16 at \/usr\/local\/bin\/k3s/ },
        'k8s.cni': { status: 'pass', mentions: /k3s runs its kubelet with containerd/ },
      },
      'cm-cluster-cidr': { 'k8s.ip-pools': { status: 'fail', mentions: /Pod CIDR 198\.18\.0\.0\/15 \(from \/etc\/kubernetes\/manifests\/kube-controller-manager\.yaml[\s\S]*eth0 address/ } },
      'podcidr-disagrees': { 'k8s.ip-pools': { status: 'warn', mentions: /172\.20\.0\.0\/16 \(from inventory calico_pod_cidr\)[\s\S]*states 10\.244\.0\.0\/16/ } },
      'kubeconf-apiserver': { 'datastore.reachable': { status: 'pass', mentions: /Reached https:\/\/198\.19\.\d+\.10:6443 \(named by \/etc\/kubernetes\/kubelet\.conf\)/ } },
      'kubeconf-refused': { 'datastore.reachable': { status: 'fail', mentions: /https:\/\/198\.19\.\d+\.10:6444 \(refused\)/ } },
      'azure-ipip': { 'net.cloud-fabric': { status: 'warn', mentions: /Azure network fabric blocks IPIP[\s\S]*chassis_asset_tag=7783-7084-3265-9085-8269-3286-77[\s\S]*calico_encapsulation=vxlan/ } },
      'networkd-catchall': { 'node.link-managers': { status: 'fail', mentions: /systemd-networkd manages cali1a2b3c4d5e6 \(\/etc\/systemd\/network\/zz-default\.network\)[\s\S]*Unmanaged=yes/ } },
      ...conntrack,
    },
  });
});

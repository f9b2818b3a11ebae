/**
 * End to end: the `audit` command against Kubernetes node personalities — the checks that
 * need a kubelet, a datastore endpoint, the eBPF dataplane or IPVS, which issue 4's fleet
 * (hosts before any Kubernetes install) only ever skips.
 */
import { describe } from 'vitest';
import { kubernetesFleet } from '../fleet/personalities/catalog.js';
import { personalitySkipReason } from '../fleet/personalities/index.js';
import { auditFleet } from './fleet-audit.js';

const skipReason = personalitySkipReason();
if (skipReason) console.warn(`skipping the Kubernetes personality audit: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('audit of Kubernetes node personalities', () => {
  auditFleet({
    personalities: kubernetesFleet,
    baseline: 'k8s-ok',
    notApplicable: ['node.bpf', 'k8s.alp'],
    faults: {
      'k8s-ok': {},
      'k8s-1-15': {
        'k8s.version': { status: 'fail', mentions: /v1\.15\.12/ },
        'k8s.cni': { status: 'fail', mentions: /--network-plugin=kubenet/ },
        'k8s.privileged': { status: 'fail', mentions: /--allow-privileged=false/ },
      },
      'ipvs-no-modules': {
        'node.kernel-deps': { status: 'fail', mentions: /ip_vs \(CONFIG_IP_VS\)[\s\S]*CONFIG_IP_VS=m/ },
        'k8s.kube-proxy': { status: 'pass', mentions: /ipvs/ },
      },
      'ebpf-kernel-4-4': { 'node.bpf': { status: 'fail', mentions: /4\.4\.0-210-generic[\s\S]*5\.3/ } },
      'apiserver-dropped': { 'datastore.reachable': { status: 'fail', mentions: /6443[\s\S]*timeout/ } },
      fedora23: { 'node.distro': { status: 'warn', mentions: /Fedora 23/ } },
    },
  });
});

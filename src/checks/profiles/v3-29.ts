/** Calico v3.29: the nftables dataplane appears, as a tech preview. */
import type { RequirementProfile } from './types.js';
import { codeFloor, currentDistributions, documentedKernel510, ebpfDataplane, ebpfKernel53, fact, iptablesBackends, kubeProxyModesWithNftables, nftablesDataplane, pageFacts } from './shared.js';
import { CSI_SINCE_323, docs } from './sources.js';

const PAGE = docs('calico_versioned_docs/version-3.29/_includes/partials/_system-requirements.mdx', 'fb70a7793965a92973ec83c479003d77b51c31c5');
/** The page as released (Kubernetes 1.29–1.31, ALP section, ReqsSys component). */
const AT_RELEASE = docs('calico_versioned_docs/version-3.29/getting-started/kubernetes/requirements.mdx', '01059829892525c0c5f9b1fb26477077c937e9d7');
const EBPF = docs('calico_versioned_docs/version-3.29/operations/ebpf/enabling-ebpf.mdx', '08dc08469cbbd3a72ba8c990aae22122e5453eaf');
const NFTABLES = docs('calico_versioned_docs/version-3.29/getting-started/kubernetes/nftables.mdx', '02033616d3d48d673eb4d12d8cef1445cf32f06e');
const ALP = docs('calico_versioned_docs/version-3.29/network-policy/istio/app-layer-policy.mdx', '19682df2293bb5d1eb07512b3b67d310a8e8b80b');

export const v3_29: RequirementProfile = {
  version: '3.29',
  requirementsUrl: 'https://docs.tigera.io/calico/3.29/getting-started/kubernetes/requirements',
  ...pageFacts(PAGE),
  kernel: { documented: documentedKernel510(PAGE), codeFloor: codeFloor() },
  distributions: currentDistributions(PAGE),
  kubernetes: fact(
    { tested: { from: 29, through: 32 }, mayWork: { from: 21, through: 21 }, brokenAtOrBelow: 20 },
    `${PAGE}; ${AT_RELEASE}`,
    'Tested list as revised after release; the page as released listed 1.29–1.31.',
  ),
  kubeProxyModes: kubeProxyModesWithNftables(PAGE),
  dataplanes: {
    iptables: iptablesBackends(PAGE),
    ebpf: ebpfDataplane(EBPF, PAGE, ebpfKernel53(EBPF)),
    nftables: nftablesDataplane('tech-preview', NFTABLES, PAGE),
  },
  applicationLayerPolicy: fact(
    { mutatingAdmissionWebhook: true, istio: ['1.10.2', '1.15.2'], kubernetesFrom: null, kubernetesBelow: null, recommendedKubernetesFrom: null, policySyncVolume: 'csi' },
    `${ALP}; ${AT_RELEASE}; ${CSI_SINCE_323}`,
    'The ALP page verifies Istio 1.10.2 and 1.15.2 (1.9 not supported); the page as released still said "Istio v1.9 or v1.10", and the revised page has no ALP section.',
  ),
};

/** Calico v3.30: nftables still a tech preview; Whisker and Goldmane arrive. */
import type { RequirementProfile } from './types.js';
import { codeFloor, currentDistributions, documentedKernel510, ebpfDataplane, ebpfKernel53, fact, iptablesBackends, kubeProxyModesWithNftables, nftablesDataplane, pageFacts } from './shared.js';
import { CSI_SINCE_323, docs } from './sources.js';

const PAGE = docs('calico_versioned_docs/version-3.30/_includes/partials/_system-requirements.mdx', '7a782b46911fe93166f4d278e1e7c2665eebc04a');
const EARLIER_PAGE = docs('calico_versioned_docs/version-3.30/_includes/partials/_system-requirements.mdx', '1bbcbaeda8a66d00cc5e69c9973412eeb550522b');
const MAINTAINERS_ON_135 = 'https://github.com/orgs/projectcalico/discussions/11717';
const EBPF = docs('calico_versioned_docs/version-3.30/operations/ebpf/enabling-ebpf.mdx', '0f012dfb52fb43f3fdc1789bed6a4b6a4820a72f');
const NFTABLES = docs('calico_versioned_docs/version-3.30/getting-started/kubernetes/nftables.mdx', '8908e9a46c1acb93b0ee2220874f36c6f7f09763');
const ISTIO_TUTORIAL = docs('calico_versioned_docs/version-3.30/network-policy/istio/enforce-policy-istio.mdx', '2f22f77d342d61ad975da39a80c59ac71c0fa9ed');

export const v3_30: RequirementProfile = {
  version: '3.30',
  requirementsUrl: 'https://docs.tigera.io/calico/3.30/getting-started/kubernetes/requirements',
  ...pageFacts(PAGE),
  kernel: { documented: documentedKernel510(PAGE), codeFloor: codeFloor() },
  distributions: currentDistributions(PAGE),
  kubernetes: fact(
    { tested: { from: 31, through: 35 }, mayWork: { from: 21, through: 21 }, brokenAtOrBelow: 20 },
    `${PAGE}; ${EARLIER_PAGE}; ${MAINTAINERS_ON_135}`,
    'The earlier revision listed 1.31–1.33; 1.34 and 1.35 were added as patch releases were tested against them.',
  ),
  kubeProxyModes: kubeProxyModesWithNftables(PAGE),
  dataplanes: {
    iptables: iptablesBackends(PAGE),
    ebpf: ebpfDataplane(EBPF, PAGE, ebpfKernel53(EBPF)),
    nftables: nftablesDataplane('tech-preview', NFTABLES, PAGE, '"To use Calico in nftables mode, your cluster\'s kube-proxy must also be in nftables mode."'),
  },
  applicationLayerPolicy: fact(
    { mutatingAdmissionWebhook: true, istio: ['1.10.2'], kubernetesFrom: null, kubernetesBelow: null, recommendedKubernetesFrom: null, policySyncVolume: 'csi' },
    `${ISTIO_TUTORIAL}; ${CSI_SINCE_323}`,
    'The requirements page has no ALP section and the v3.30 ALP page is not in the sources at hand; the v3.30 tutorial asks for MutatingAdmissionWebhook and was "verified using Istio v1.10.2".',
  ),
};

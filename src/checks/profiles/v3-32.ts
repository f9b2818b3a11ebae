/** Calico v3.32: the eBPF dataplane moves its kernel gate to 5.10 (RHEL 4.18.0-305). */
import type { RequirementProfile } from './types.js';
import { codeFloor, currentDistributions, documentedKernel510, ebpfDataplane, fact, iptablesBackends, kubeProxyModesWithNftables, nftablesDataplane, pageFacts } from './shared.js';
import { docs } from './sources.js';

const PAGE = docs('calico_versioned_docs/version-3.32/_includes/partials/_system-requirements.mdx', '69ef9b0fbb9e9f743676ac897afc79981f51ebd9');
const OTHER_REVISION = docs('calico_versioned_docs/version-3.32/_includes/partials/_system-requirements.mdx', 'f871584d2158cc1180ee03ac72da008750da29c8');
const THIRD_PARTY_READING = 'https://github.com/Rusty-Gopher/kupre/releases/tag/v0.5.0';
const EBPF = docs('calico_versioned_docs/version-3.32/operations/ebpf/enabling-ebpf.mdx', '1cd70c1473bea2e235f84cbdf6d5a16637a6e7fc');
const NFTABLES = docs('calico_versioned_docs/version-3.32/getting-started/kubernetes/nftables.mdx', '8908e9a46c1acb93b0ee2220874f36c6f7f09763');
const ALP_331 = docs('calico_versioned_docs/version-3.31/network-policy/istio/app-layer-policy.mdx', '52ae24a7d0325cf10985f35956d093533acde334');
const ALP_333 = docs('calico_versioned_docs/version-3.33/network-policy/istio/app-layer-policy.mdx', '3c8ccff56bbe2874476c8c10b4731d77ebce0cb5');

export const v3_32: RequirementProfile = {
  version: '3.32',
  requirementsUrl: 'https://docs.tigera.io/calico/3.32/getting-started/kubernetes/requirements',
  ...pageFacts(PAGE),
  kernel: { documented: documentedKernel510(PAGE), codeFloor: codeFloor() },
  distributions: currentDistributions(PAGE),
  kubernetes: fact(
    { tested: { from: 34, through: 36 }, mayWork: { from: 21, through: 21 }, brokenAtOrBelow: 20 },
    `${PAGE}; ${OTHER_REVISION}; ${THIRD_PARTY_READING}`,
    'Another stored revision lists 1.32–1.36; a third-party tool reading the published page reports 1.34–1.36.',
  ),
  kubeProxyModes: kubeProxyModesWithNftables(PAGE),
  dataplanes: {
    iptables: iptablesBackends(PAGE),
    ebpf: ebpfDataplane(
      EBPF,
      PAGE,
      fact({ generic: '5.10', rhel: '4.18.0-305' }, EBPF, 'Ubuntu 22.04; RHEL 8.4 (kernel 4.18.0-305) has the features backported. The code gate was not in the sources at hand.'),
    ),
    nftables: nftablesDataplane('ga', NFTABLES, PAGE),
  },
  applicationLayerPolicy: fact(
    { mutatingAdmissionWebhook: true, istio: ['1.22 or later (1.28.1 recommended)', '1.15.2 and 1.10.2 (legacy ConfigMap patching)'], kubernetesFrom: null, kubernetesBelow: null, recommendedKubernetesFrom: 29, policySyncVolume: 'csi' },
    `${ALP_331}; ${ALP_333}`,
    'The v3.32 ALP page is not in the sources at hand; the v3.31 and v3.33 pages say the same.',
  ),
};

/** Calico v3.31: the nftables dataplane leaves tech preview; ALP moves to Istio native sidecars. */
import type { RequirementProfile } from './types.js';
import { codeFloor, currentDistributions, documentedKernel510, ebpfDataplane, ebpfKernel53, fact, iptablesBackends, kubeProxyModesWithNftables, nftablesDataplane, pageFacts } from './shared.js';
import { docs, KERNEL_510_PR } from './sources.js';

const PAGE = docs('calico_versioned_docs/version-3.31/_includes/partials/_system-requirements.mdx', '28b16b1a8bba01b38bc963c1e43726f3150b6c2c');
/** A draft of tigera/docs#2417: kernel 5.17 and a per-distribution table for eBPF. */
const EBPF_TABLE_DRAFT = docs('calico_versioned_docs/version-3.31/_includes/partials/_system-requirements.mdx', '1815866ddf94102c12020fb7862dea6d2ee2529d');
const MAINTAINERS_ON_135 = 'https://github.com/orgs/projectcalico/discussions/11717';
const EBPF = docs('calico_versioned_docs/version-3.31/operations/ebpf/enabling-ebpf.mdx', '03a0f8728d4cbfdd7dec2ac283ab490f6a65f31d');
const NFTABLES = docs('calico_versioned_docs/version-3.31/getting-started/kubernetes/nftables.mdx', '28e8936a04e54767b41b424b3484d4d7acecd336');
const ALP = docs('calico_versioned_docs/version-3.31/network-policy/istio/app-layer-policy.mdx', '52ae24a7d0325cf10985f35956d093533acde334');

export const v3_31: RequirementProfile = {
  version: '3.31',
  requirementsUrl: 'https://docs.tigera.io/calico/3.31/getting-started/kubernetes/requirements',
  ...pageFacts(PAGE),
  kernel: { documented: documentedKernel510(PAGE), codeFloor: codeFloor() },
  distributions: currentDistributions(PAGE),
  kubernetes: fact(
    { tested: { from: 32, through: 35 }, mayWork: { from: 21, through: 21 }, brokenAtOrBelow: 20 },
    `${PAGE}; ${MAINTAINERS_ON_135}`,
    'The page revision read lists 1.32–1.34; a maintainer reports 1.35 tested and added to the v3.31 page afterwards.',
  ),
  kubeProxyModes: kubeProxyModesWithNftables(PAGE),
  dataplanes: {
    iptables: iptablesBackends(PAGE),
    ebpf: ebpfDataplane(EBPF, PAGE, {
      ...ebpfKernel53(EBPF),
      note: `${ebpfKernel53(EBPF).note} A draft of ${KERNEL_510_PR} (${EBPF_TABLE_DRAFT}) put eBPF at kernel 5.17 with RHEL 9 / Ubuntu 24.04 / Debian 12; the PR deferred the eBPF change and the v3.31 eBPF page still says 5.3 (RHEL 4.18.0-193).`,
    }),
    nftables: nftablesDataplane('ga', NFTABLES, PAGE, 'No tech-preview notice any more; kube-proxy must run in nftables mode too.'),
  },
  applicationLayerPolicy: fact(
    { mutatingAdmissionWebhook: true, istio: ['1.22 or later (1.28.1 recommended)', '1.15.2 and 1.10.2 (legacy ConfigMap patching)'], kubernetesFrom: null, kubernetesBelow: null, recommendedKubernetesFrom: 29, policySyncVolume: 'csi' },
    ALP,
    'The recommended install uses native sidecars (Istio 1.22+, Kubernetes 1.29+); Istio 1.10/1.15 remain possible by the legacy ConfigMap patching. Dikastes reaches Felix through the csi.tigera.io driver.',
  ),
};

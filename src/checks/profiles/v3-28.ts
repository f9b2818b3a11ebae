/**
 * Calico v3.28. Its requirements page renders the ReqsSys component (node,
 * network, privilege sections) above a release-specific Kubernetes section.
 */
import type { RequirementProfile } from './types.js';
import { codeFloor, ebpfDataplane, ebpfKernel53, fact, iptablesBackends, pageFacts } from './shared.js';
import { CSI_SINCE_323, docs, KERNEL_510_PR } from './sources.js';

const REQUIREMENTS = docs('calico_versioned_docs/version-3.28/getting-started/kubernetes/requirements.mdx', '36a85ef5f87f48ecfd59824491c11c40cfa92ff4');
/** The 3.28 page imports version-3.28/_includes/components/ReqsSys; the stored copy is the shared component of that time. */
const REQS_SYS = docs('calico/_includes/components/ReqsSys.js', 'd6bc32987da429f09349dccd5de76a0f44c305f8');
const PAGE = `${REQUIREMENTS}; ${REQS_SYS}`;
const EBPF = docs('calico_versioned_docs/version-3.28/operations/ebpf/enabling-ebpf.mdx', '08dc08469cbbd3a72ba8c990aae22122e5453eaf');
const ALP = docs('calico_versioned_docs/version-3.28/network-policy/istio/app-layer-policy.mdx', '3cc4455bcc9e8598f6ec546f7b26d4233b2dd32e');

export const v3_28: RequirementProfile = {
  version: '3.28',
  requirementsUrl: 'https://docs.tigera.io/calico/3.28/getting-started/kubernetes/requirements',
  ...pageFacts(PAGE),
  kernel: {
    documented: fact(
      '3.10',
      REQS_SYS,
      `The v3.28 component text; tigera/docs#2417 (${KERNEL_510_PR}) raised the pages of v3.29 and later to 5.10 in Dec 2025, and no stored copy shows the v3.28 page changed.`,
    ),
    codeFloor: codeFloor(),
  },
  distributions: fact(
    [
      { label: 'RedHat Linux 7', ids: ['rhel'], versionFrom: '7', versionThrough: '7' },
      { label: 'CentOS 7', ids: ['centos'], versionFrom: '7', versionThrough: '7' },
      { label: 'Flatcar Container Linux', ids: ['flatcar'] },
      { label: 'Fedora CoreOS', ids: ['fedora'], variantId: 'coreos' },
      { label: 'Ubuntu 18.04', ids: ['ubuntu'], versionFrom: '18.04', versionThrough: '18.04' },
      { label: 'Debian 8', ids: ['debian'], versionFrom: '8', versionThrough: '8' },
    ],
    REQS_SYS,
    'The page lists versions, not ranges: each counts as that version only. Fedora CoreOS is ID=fedora with VARIANT_ID=coreos.',
  ),
  kubernetes: fact({ tested: { from: 27, through: 30 }, mayWork: { from: 21, through: 21 }, brokenAtOrBelow: 20 }, REQUIREMENTS),
  kubeProxyModes: fact(
    [
      { mode: 'iptables', minimumKubernetes: null },
      { mode: 'ipvs', minimumKubernetes: '1.9.3' },
    ],
    REQUIREMENTS,
  ),
  dataplanes: {
    iptables: iptablesBackends(PAGE),
    ebpf: ebpfDataplane(EBPF, PAGE, ebpfKernel53(EBPF)),
    nftables: fact(null, REQUIREMENTS, 'The v3.28 page lists kube-proxy iptables and ipvs only; the nftables dataplane arrived in v3.29.'),
  },
  applicationLayerPolicy: fact(
    { mutatingAdmissionWebhook: true, istio: ['1.10.2', '1.15.2'], kubernetesFrom: null, kubernetesBelow: null, recommendedKubernetesFrom: null, policySyncVolume: 'csi' },
    `${ALP}; ${REQUIREMENTS}; ${CSI_SINCE_323}`,
    'The ALP page verifies Istio 1.10.2 and 1.15.2 and says 1.9 is not supported; the requirements page still copies v3.22\'s "Istio v1.9 or v1.10". The Policy Sync volume is CSI (no FlexVolume limit on Kubernetes 1.23+).',
  ),
};

/**
 * Calico v3.22: exactly the seed page (shared/spec/calico-v3.22-requirements.zh.md) and the
 * catalogue derived from it (shared/spec/checks.md) — the values today's checks hard-code.
 */
import type { RequirementProfile } from './types.js';
import { fact, IPTABLES_EXTENSIONS } from './shared.js';
import { calico, CSI_SINCE_323, FELIX_BPF_GATE, FELIX_CONFIG, FELIX_FLOOR_2022, SEED_CHECKS, SEED_PAGE, WIREGUARD_V6_324 } from './sources.js';

const EBPF_PAGE = `https://projectcalico.docs.tigera.io/archive/v3.22/maintenance/ebpf/enabling-bpf; ${calico('calico/maintenance/ebpf/enabling-bpf.md', '2ecb38840c4907b167d079eb25c55dc528b5b776')}`;

export const v3_22: RequirementProfile = {
  version: '3.22',
  requirementsUrl: 'https://projectcalico.docs.tigera.io/archive/v3.22/getting-started/kubernetes/requirements',
  architectures: fact(['x86-64', 'arm64', 'ppc64le', 's390x'], SEED_PAGE),
  kernel: {
    documented: fact('3.10', SEED_PAGE),
    codeFloor: fact('3.10', FELIX_FLOOR_2022, '"v3Dot10Dot0 is the oldest version we support at time of writing."'),
  },
  distributions: fact(
    [
      { label: 'RedHat Linux 7', ids: ['rhel'], versionFrom: '7', versionThrough: '7' },
      { label: 'CentOS 7', ids: ['centos'], versionFrom: '7', versionThrough: '7' },
      { label: 'CoreOS Container Linux stable', ids: ['coreos'] },
      { label: 'Flatcar Container Linux (successor of CoreOS Container Linux)', ids: ['flatcar'], idLike: ['coreos'] },
      { label: 'Ubuntu 16.04', ids: ['ubuntu'], versionFrom: '16.04', versionThrough: '16.04' },
      { label: 'Debian 8', ids: ['debian'], versionFrom: '8', versionThrough: '8' },
    ],
    `${SEED_PAGE}; ${SEED_CHECKS}`,
    'The page lists versions, not ranges: each counts as that version only. Flatcar is not on the page; checks.md counts it as CoreOS Container Linux, which it succeeds (ID_LIKE=coreos).',
  ),
  kernelDependencies: fact(
    IPTABLES_EXTENSIONS,
    SEED_CHECKS,
    'The translated page stops at the "Kernel dependencies" heading; checks.md carries the list (ipvs with kube-proxy IPVS, icmpv6 with IPv6 stay conditional).',
  ),
  interfaces: fact(
    { workload: 'cali*', ipip: 'tunl*', vxlan: 'vxlan.calico', vxlanV6: null, wireguard: 'wireguard.cali', wireguardV6: null },
    `${SEED_PAGE}; ${SEED_CHECKS}`,
    'wireguard.cali comes from checks.md (node.networkmanager); IPv6 WireGuard arrived in v3.24.',
  ),
  otherFirewallsDisabled: fact(true, SEED_PAGE),
  privileges: fact({ capability: 'CAP_SYS_ADMIN', privilegedContainer: true }, SEED_PAGE),
  datastores: fact(['kubernetes', 'etcdv3'], SEED_PAGE),
  ports: {
    bgp: fact(179, SEED_PAGE),
    ipipProtocol: fact(4, SEED_PAGE),
    vxlan: fact(4789, SEED_PAGE),
    typha: fact(5473, SEED_PAGE),
    wireguard: fact(51820, `${SEED_CHECKS}; ${FELIX_CONFIG}`, 'The v3.22 page has no WireGuard row; 51820 is Felix\'s WireguardListeningPort default.'),
    wireguardV6: fact<number | null>(null, WIREGUARD_V6_324, 'No IPv6 WireGuard before v3.24.'),
    apiserver: fact([443, 6443], SEED_PAGE),
    etcd: fact(2379, SEED_PAGE),
  },
  kubernetes: fact({ tested: { from: 21, through: 23 }, mayWork: { from: 16, through: 18 }, brokenAtOrBelow: 15 }, SEED_PAGE),
  cni: fact({ kubeletFlag: '--network-plugin=cni', confDir: null, binDir: null }, SEED_PAGE),
  coexistingProviders: fact<readonly string[]>([], SEED_PAGE, 'Calico must be the only network provider in each cluster.'),
  kubeProxyModes: fact(
    [
      { mode: 'iptables', minimumKubernetes: null },
      { mode: 'ipvs', minimumKubernetes: '1.9.3' },
    ],
    SEED_PAGE,
  ),
  dataplanes: {
    iptables: fact(['legacy', 'nft'], `${SEED_CHECKS}; ${FELIX_FLOOR_2022}`, 'Felix detects the backend (DetectBackend); nft-based iptables needs nf_tables and nft_compat too.'),
    ebpf: {
      architectures: fact(['x86-64'], EBPF_PAGE, '"eBPF mode only supports x86-64."'),
      kernel: fact({ generic: '5.3', rhel: '4.18.0-193' }, `${EBPF_PAGE}; ${FELIX_BPF_GATE}`, 'Felix decides "RHEL" from /proc/version (contains "red hat" or elN_M), not from os-release.'),
      bpffsPremounted: fact(true, EBPF_PAGE, '"On each node, the BPF filesystem must be mounted at /sys/fs/bpf" so that it persists across Calico restarts.'),
      datastores: fact(['kubernetes', 'etcdv3'], EBPF_PAGE, 'The v3.22 page names no datastore restriction; later pages exclude etcd.'),
      kernelConfig: fact(['CONFIG_BPF_SYSCALL', 'CONFIG_NET_CLS_BPF', 'CONFIG_NET_SCH_INGRESS'], SEED_CHECKS),
    },
    nftables: fact(null, SEED_PAGE, 'No nftables dataplane: it appeared as a tech preview in v3.29.'),
  },
  applicationLayerPolicy: fact(
    { mutatingAdmissionWebhook: true, istio: ['1.9', '1.10'], kubernetesFrom: 17, kubernetesBelow: 23, recommendedKubernetesFrom: null, policySyncVolume: 'flexvolume' },
    `${SEED_PAGE}; ${CSI_SINCE_323}`,
    'Istio 1.9 needs Kubernetes 1.17–1.20, Istio 1.10 runs on 1.18–1.22; ALP relies on FlexVolumes, deprecated from Kubernetes 1.23 (Calico moved to CSI in v3.23).',
  ),
};

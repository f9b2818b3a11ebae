/**
 * Facts that read the same on every requirements page from v3.28 on. Each profile passes the
 * page it read, so every fact names that release's page; what differs between releases is
 * written in the release's own file.
 */
import type { DistroRule, EbpfDataplane, NftablesDataplane, RequirementProfile, Sourced } from './types.js';
import { FELIX_BPF_GATE, FELIX_CONFIG, FELIX_FLOOR_2025, KERNEL_510_PR, MOUNT_BPFFS_INIT, V6_INTERFACES_324, WIREGUARD_V6_324 } from './sources.js';

export const fact = <T>(value: T, source: string, note?: string): Sourced<T> => (note ? { value, source, note } : { value, source });

type PageFacts = Pick<
  RequirementProfile,
  | 'architectures'
  | 'kernelDependencies'
  | 'interfaces'
  | 'otherFirewallsDisabled'
  | 'privileges'
  | 'datastores'
  | 'ports'
  | 'cni'
  | 'coexistingProviders'
>;

/** The iptables matches and targets every release's kernel-dependency list names, v3.22 to v3.32. */
export const IPTABLES_EXTENSIONS = {
  matches: ['set', 'rpfilter', 'addrtype', 'comment', 'conntrack', 'icmp', 'tcp', 'udp', 'mark', 'multiport', 'sctp'],
  targets: ['REJECT', 'ACCEPT', 'DROP', 'LOG'],
};

/** The requirements page's node, network, privilege, CNI and kernel-dependency sections, v3.28 and later. */
export function pageFacts(page: string): PageFacts {
  return {
    architectures: fact(['x86-64', 'arm64', 'ppc64le', 's390x'], page),
    kernelDependencies: fact(
      IPTABLES_EXTENSIONS,
      page,
      'The page also lists ipvs (only with kube-proxy in IPVS mode) and icmpv6 (only with IPv6); both stay conditional.',
    ),
    interfaces: fact(
      { workload: 'cali*', ipip: 'tunl*', vxlan: 'vxlan.calico', vxlanV6: 'vxlan-v6.calico', wireguard: 'wireguard.cali', wireguardV6: 'wg-v6.cali' },
      `${page}; ${FELIX_CONFIG}; ${V6_INTERFACES_324}`,
      'The page names cali*, tunl* and vxlan.calico; the WireGuard names are Felix defaults (WireguardInterfaceName, WireguardInterfaceNameV6), vxlan-v6.calico is the IPv6 VXLAN device.',
    ),
    otherFirewallsDisabled: fact(true, page),
    privileges: fact({ capability: 'CAP_SYS_ADMIN', privilegedContainer: true }, page),
    datastores: fact(['kubernetes', 'etcdv3'], page),
    ports: {
      bgp: fact(179, page),
      ipipProtocol: fact(4, page),
      vxlan: fact(4789, `${page}; ${FELIX_CONFIG}`),
      typha: fact(5473, page),
      wireguard: fact(51820, `${page}; ${FELIX_CONFIG}`),
      wireguardV6: fact<number | null>(51821, `${page}; ${FELIX_CONFIG}; ${WIREGUARD_V6_324}`),
      apiserver: fact([443, 6443], page),
      etcd: fact(2379, page),
    },
    cni: fact({ kubeletFlag: null, confDir: '/etc/cni/net.d', binDir: '/opt/cni/bin' }, page, 'CNI is the only kubelet network mode since Kubernetes 1.24; the page asks for the default CNI directories instead.'),
    coexistingProviders: fact(
      ['flannel', 'aws-cni', 'azure-vnet'],
      page,
      'The page allows flannel and the AWS VPC / Azure VNET CNIs alongside Calico (policy-only installs); the values are those plugins\' CNI "type" names. Migrating a cluster from another CNI is still unsupported.',
    ),
  };
}

/** Felix's kernel floor: it still assumes 3.10 when it cannot read the kernel version (2025 code). */
export const codeFloor = (): Sourced<string> =>
  fact('3.10', FELIX_FLOOR_2025, 'Felix refuses no kernel by version in the iptables dataplane; 3.10 is "the oldest version we support" in its feature detection.');

/** The 5.10 floor of the Dec 2025 pages, and why it cannot be a hard rule. */
export function documentedKernel510(page: string): Sourced<string> {
  return fact(
    '5.10',
    `${page}; ${KERNEL_510_PR}`,
    'Raised from 3.10 by tigera/docs#2417 (Dec 2025), after the release. The same page lists RHEL 8 (kernel 4.18), Ubuntu 20.04 (5.4) and Debian 10 (4.19) as known to work, so the floor contradicts the list; Felix enforces no such floor.',
  );
}

/** "Known to work" list of the Dec 2025 pages (3.29 and later). */
export function currentDistributions(page: string): Sourced<readonly DistroRule[]> {
  return fact<readonly DistroRule[]>(
    [
      { label: 'Ubuntu 20.04 or later', ids: ['ubuntu'], versionFrom: '20.04' },
      { label: 'RHEL 8 or later', ids: ['rhel', 'rocky', 'almalinux', 'centos'], versionFrom: '8' },
      { label: 'Debian 10 or later', ids: ['debian'], versionFrom: '10' },
      { label: 'Bottlerocket 1.47 or later', ids: ['bottlerocket'], versionFrom: '1.47' },
      { label: 'Talos 1.6 or later', ids: ['talos'], versionFrom: '1.6' },
    ],
    `${page}; ${KERNEL_510_PR}`,
    'Replaced the RHEL 7 / CentOS 7 / Flatcar / Fedora CoreOS / Ubuntu 18.04 / Debian 8 list in Dec 2025 (tigera/docs#2417). The RHEL rebuilds Rocky, AlmaLinux and CentOS (Stream) count as RHEL here: they ship the same kernel builds; the page names RHEL only. Other ID_LIKE=rhel systems (Amazon Linux, Oracle Linux) number their releases differently and are not counted.',
  );
}

/** The eBPF section of "Enable the eBPF data plane" (x86-64 and arm64, Kubernetes datastore) with the release's kernel gate. */
export function ebpfDataplane(enablingPage: string, requirementsPage: string, kernel: EbpfDataplane['kernel']): EbpfDataplane {
  return {
    architectures: fact(['x86-64', 'arm64'], enablingPage, 'arm64 little-endian only.'),
    kernel,
    bpffsPremounted: fact(false, `${enablingPage}; ${MOUNT_BPFFS_INIT}`, "The page no longer asks for a host mount: calico-node's init container mounts /sys/fs/bpf on the host."),
    datastores: fact(['kubernetes'], enablingPage, 'etcd datastore: not supported in eBPF mode (it cannot watch Kubernetes services).'),
    kernelConfig: fact(
      ['CONFIG_BPF_SYSCALL', 'CONFIG_NET_CLS_BPF', 'CONFIG_NET_SCH_INGRESS'],
      requirementsPage,
      'The page asks for "eBPF (including the tc hook support) and XDP"; these are the kernel config symbols for them.',
    ),
  };
}

/** The kernel gate of v3.28 to v3.31: 5.3, RHEL 4.18.0-193. */
export function ebpfKernel53(enablingPage: string): EbpfDataplane['kernel'] {
  return fact(
    { generic: '5.3', rhel: '4.18.0-193' },
    `${enablingPage}; ${FELIX_BPF_GATE}`,
    'Felix decides "RHEL" from /proc/version (contains "red hat" or elN_M), not from os-release. The code cited is the v3.22-era gate; the later code was not in the sources at hand.',
  );
}

/** kube-proxy modes from v3.29 on: nftables joins, on Kubernetes 1.31 or later. */
export function kubeProxyModesWithNftables(page: string): RequirementProfile['kubeProxyModes'] {
  return fact(
    [
      { mode: 'iptables', minimumKubernetes: null },
      { mode: 'ipvs', minimumKubernetes: '1.9.3' },
      { mode: 'nftables', minimumKubernetes: '1.31.0' },
    ],
    page,
  );
}

export function iptablesBackends(page: string): RequirementProfile['dataplanes']['iptables'] {
  return fact(['legacy', 'nft'], page, 'Kernel dependencies: "both the legacy and nft variants are supported".');
}

/** The nftables data plane guide: kernel 5.13 with nft 1.0.1, kube-proxy in nftables mode (Kubernetes 1.31+). */
export function nftablesDataplane(status: NftablesDataplane['status'], guide: string, page: string, note?: string): RequirementProfile['dataplanes']['nftables'] {
  return fact<NftablesDataplane | null>(
    { status, architectures: ['x86-64', 'arm64', 'ppc64le', 's390x'], kernelMinimum: '5.13', nftMinimum: '1.0.1', kubeProxyMode: 'nftables', minimumKubernetes: '1.31.0' },
    `${guide}; ${page}`,
    note,
  );
}

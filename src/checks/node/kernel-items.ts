/**
 * What Calico v3.22 needs from the kernel, by mode. The requirements page lists capabilities;
 * the module and config names come from the kernel tree, from what Felix v3.22 programs
 * (iptables match and target modules, IP set types, tunnel devices) and from v3.22's own
 * `calicoctl node checksystem` list (calicoctl/calicoctl/commands/node/checksystem.go,
 * `requiredModules`). Where they differ, the notes of node.kernel-deps say which way we went and why.
 */
import type { AuditSettings } from '../../core/settings.js';
import type { ProbeNeeds } from '../../core/probe-needs.js';

export interface KernelItem {
  /** Module name as in /proc/modules; absent for features that are never modules. */
  module?: string;
  config: string;
  /** Name registered in /proc/net/ip_tables_matches or ip_tables_targets once present. */
  iptables?: { kind: 'match' | 'target'; name: string };
  /** Which setting needs it: "always", "IPv6", "IPVS", … */
  mode: string;
  /**
   * The module this one was merged into on newer kernels: only some kernels have it, so it is
   * required only where the host's module lists or kernel config name it.
   */
  mergedInto?: string;
}

type Spec = [module: string | undefined, config: string, iptables?: KernelItem['iptables']];

const match = (name: string) => ({ kind: 'match' as const, name });
const target = (name: string) => ({ kind: 'target' as const, name });

const ALWAYS: Spec[] = [
  ['x_tables', 'CONFIG_NETFILTER_XTABLES'],
  ['ip_tables', 'CONFIG_IP_NF_IPTABLES', match('icmp')],
  ['iptable_filter', 'CONFIG_IP_NF_FILTER'],
  ['iptable_nat', 'CONFIG_IP_NF_NAT'],
  ['iptable_mangle', 'CONFIG_IP_NF_MANGLE'],
  ['iptable_raw', 'CONFIG_IP_NF_RAW'],
  ['xt_set', 'CONFIG_NETFILTER_XT_SET', match('set')],
  ['ipt_rpfilter', 'CONFIG_IP_NF_MATCH_RPFILTER', match('rpfilter')],
  ['xt_addrtype', 'CONFIG_NETFILTER_XT_MATCH_ADDRTYPE', match('addrtype')],
  ['xt_comment', 'CONFIG_NETFILTER_XT_MATCH_COMMENT', match('comment')],
  ['xt_conntrack', 'CONFIG_NETFILTER_XT_MATCH_CONNTRACK', match('conntrack')],
  ['xt_tcpudp', 'CONFIG_NETFILTER_XTABLES', match('tcp')],
  ['xt_mark', 'CONFIG_NETFILTER_XT_MARK', match('mark')],
  ['xt_multiport', 'CONFIG_NETFILTER_XT_MATCH_MULTIPORT', match('multiport')],
  ['ipt_REJECT', 'CONFIG_IP_NF_TARGET_REJECT', target('REJECT')],
  ['ip_set', 'CONFIG_IP_SET'],
  ['ip_set_hash_ip', 'CONFIG_IP_SET_HASH_IP'],
  ['ip_set_hash_ipport', 'CONFIG_IP_SET_HASH_IPPORT'],
  ['ip_set_hash_net', 'CONFIG_IP_SET_HASH_NET'],
  ['nf_conntrack', 'CONFIG_NF_CONNTRACK'],
  ['nf_conntrack_netlink', 'CONFIG_NF_CT_NETLINK'],
];
/**
 * Merged into nf_conntrack in Linux 4.19 (torvalds/linux a0ae2562c6c4) and by RHEL 8.3's
 * 4.18.0-240 backport (Rocky, Alma and Oracle 8.3+ too): the kernel release cannot tell.
 */
const CONNTRACK_IPV4: KernelItem = { module: 'nf_conntrack_ipv4', config: 'CONFIG_NF_CONNTRACK_IPV4', mode: 'always', mergedInto: 'nf_conntrack' };
const NFT: Spec[] = [
  ['nf_tables', 'CONFIG_NF_TABLES'],
  ['nft_compat', 'CONFIG_NFT_COMPAT'],
];
const IPV6: Spec[] = [
  ['ip6_tables', 'CONFIG_IP6_NF_IPTABLES'],
  ['ip6table_filter', 'CONFIG_IP6_NF_FILTER'],
  ['ip6table_nat', 'CONFIG_IP6_NF_NAT'],
  ['ip6table_mangle', 'CONFIG_IP6_NF_MANGLE'],
  ['ip6table_raw', 'CONFIG_IP6_NF_RAW'],
  ['ip6t_rpfilter', 'CONFIG_IP6_NF_MATCH_RPFILTER'],
  ['ip6t_REJECT', 'CONFIG_IP6_NF_TARGET_REJECT'],
];
const IPVS: Spec[] = [
  ['ip_vs', 'CONFIG_IP_VS'],
  ['ip_vs_rr', 'CONFIG_IP_VS_RR'],
  ['ip_vs_wrr', 'CONFIG_IP_VS_WRR'],
  ['ip_vs_sh', 'CONFIG_IP_VS_SH'],
  ['xt_ipvs', 'CONFIG_NETFILTER_XT_MATCH_IPVS', match('ipvs')],
];
/** IPIP, VXLAN and WireGuard devices, in that order. */
const TUNNELS: Spec[] = [
  ['ipip', 'CONFIG_NET_IPIP'],
  ['vxlan', 'CONFIG_VXLAN'],
  ['wireguard', 'CONFIG_WIREGUARD'],
];
const EBPF: Spec[] = [
  [undefined, 'CONFIG_BPF_SYSCALL'],
  ['cls_bpf', 'CONFIG_NET_CLS_BPF'],
  ['sch_ingress', 'CONFIG_NET_SCH_INGRESS'],
];

function items(mode: string, specs: Spec[]): KernelItem[] {
  return specs.map(([module, config, iptables]) => ({ ...(module ? { module } : {}), config, ...(iptables ? { iptables } : {}), mode }));
}

export interface KernelContext {
  /** iptables runs on nf_tables (iptables-nft): then nf_tables and nft_compat are needed too. */
  nftBackend: boolean;
}

/** Every item these settings need; `mergedInto` ones only count where the host names them. */
export function requiredKernelItems(settings: AuditSettings, context: KernelContext): KernelItem[] {
  return [
    ...items('always', ALWAYS),
    CONNTRACK_IPV4,
    ...(context.nftBackend ? items('nft-based iptables', NFT) : []),
    ...(settings.ipv6 ? items('IPv6', IPV6) : []),
    ...(settings.kubeProxyMode === 'ipvs' ? items('kube-proxy IPVS', IPVS) : []),
    ...(settings.encapsulation === 'ipip' ? items('IPIP', [TUNNELS[0]!]) : []),
    ...(settings.encapsulation === 'vxlan' ? items('VXLAN', [TUNNELS[1]!]) : []),
    ...(settings.wireguard ? items('WireGuard', [TUNNELS[2]!]) : []),
    ...(settings.dataplane === 'ebpf' ? items('eBPF dataplane', EBPF) : []),
  ];
}

/** Every module and config symbol some settings need, and nf_tables, which tells the iptables backend. */
export const KERNEL_ITEM_NEEDS: ProbeNeeds = {
  facts: ['kernel'],
  kernelModules: [...new Set([...[ALWAYS, NFT, IPV6, IPVS, TUNNELS, EBPF].flat().flatMap(([module]) => (module ? [module] : [])), CONNTRACK_IPV4.module!, 'nf_tables'])],
  kernelConfig: [...new Set([...[ALWAYS, NFT, IPV6, IPVS, TUNNELS, EBPF].flat().map(([, config]) => config), CONNTRACK_IPV4.config])],
};

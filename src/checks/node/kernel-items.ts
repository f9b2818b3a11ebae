/**
 * What Calico v3.22 needs from the kernel, by mode. The requirements page lists capabilities;
 * the module and config names come from the kernel tree and `calicoctl node checksystem`
 * (see ../shared/spec/checks.md, "Kernel dependencies").
 */
import type { AuditSettings } from '../../core/settings.js';
import { atLeast, type VersionParts } from '../lib/kernel-version.js';

export interface KernelItem {
  /** Module name as in /proc/modules; absent for features that are never modules. */
  module?: string;
  config: string;
  /** Name registered in /proc/net/ip_tables_matches or ip_tables_targets once present. */
  iptables?: { kind: 'match' | 'target'; name: string };
  /** Which setting needs it: "always", "IPv6", "IPVS", … */
  mode: string;
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
  ['xt_sctp', 'CONFIG_NETFILTER_XT_MATCH_SCTP', match('sctp')],
  ['ipt_REJECT', 'CONFIG_IP_NF_TARGET_REJECT', target('REJECT')],
  ['xt_LOG', 'CONFIG_NETFILTER_XT_TARGET_LOG', target('LOG')],
  ['ip_set', 'CONFIG_IP_SET'],
  ['ip_set_hash_ip', 'CONFIG_IP_SET_HASH_IP'],
  ['ip_set_hash_ipport', 'CONFIG_IP_SET_HASH_IPPORT'],
  ['ip_set_hash_net', 'CONFIG_IP_SET_HASH_NET'],
  ['nf_conntrack', 'CONFIG_NF_CONNTRACK'],
  ['nf_conntrack_netlink', 'CONFIG_NF_CT_NETLINK'],
];
/** Merged into nf_conntrack in Linux 4.19. */
const CONNTRACK_IPV4: Spec = ['nf_conntrack_ipv4', 'CONFIG_NF_CONNTRACK_IPV4'];
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
const EBPF: Spec[] = [
  [undefined, 'CONFIG_BPF_SYSCALL'],
  ['cls_bpf', 'CONFIG_NET_CLS_BPF'],
  ['sch_ingress', 'CONFIG_NET_SCH_INGRESS'],
];

function items(mode: string, specs: Spec[]): KernelItem[] {
  return specs.map(([module, config, iptables]) => ({ ...(module ? { module } : {}), config, ...(iptables ? { iptables } : {}), mode }));
}

export interface KernelContext {
  /** The running kernel's release, when known: decides whether nf_conntrack_ipv4 exists. */
  release: VersionParts | null;
  /** iptables runs on nf_tables (iptables-nft): then nf_tables and nft_compat are needed too. */
  nftBackend: boolean;
}

export function requiredKernelItems(settings: AuditSettings, context: KernelContext): KernelItem[] {
  const needConntrackIpv4 = context.release !== null && !atLeast(context.release, '4.19');
  return [
    ...items('always', needConntrackIpv4 ? [...ALWAYS, CONNTRACK_IPV4] : ALWAYS),
    ...(context.nftBackend ? items('nft-based iptables', NFT) : []),
    ...(settings.ipv6 ? items('IPv6', IPV6) : []),
    ...(settings.kubeProxyMode === 'ipvs' ? items('kube-proxy IPVS', IPVS) : []),
    ...(settings.encapsulation === 'ipip' ? items('IPIP', [['ipip', 'CONFIG_NET_IPIP']]) : []),
    ...(settings.encapsulation === 'vxlan' ? items('VXLAN', [['vxlan', 'CONFIG_VXLAN']]) : []),
    ...(settings.wireguard ? items('WireGuard', [['wireguard', 'CONFIG_WIREGUARD']]) : []),
    ...(settings.dataplane === 'ebpf' ? items('eBPF dataplane', EBPF) : []),
  ];
}

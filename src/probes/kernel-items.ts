/**
 * The kernel modules and config symbols the probe looks for. The host filters modules.dep,
 * modules.builtin and the kernel config down to these names, so a few hundred bytes travel
 * instead of hundreds of kilobytes (issue 6). Source: the items node.kernel-deps judges
 * (src/checks/node/kernel-items.ts) and a few it reads for context (nf_tables in use).
 */

/** Module names as the kernel reports them (underscores; files may use dashes). */
export const KERNEL_MODULES = [
  // iptables base and the matches/targets Calico programs
  'ip_tables', 'iptable_filter', 'iptable_nat', 'iptable_mangle', 'iptable_raw', 'x_tables',
  'xt_set', 'ipt_rpfilter', 'xt_rpfilter', 'xt_addrtype', 'xt_comment', 'xt_conntrack',
  'xt_tcpudp', 'xt_mark', 'xt_multiport', 'ipt_REJECT',
  'nf_tables', 'nft_compat',
  // IP sets and conntrack
  'ip_set', 'ip_set_hash_ip', 'ip_set_hash_ipport', 'ip_set_hash_net', 'ip_set_hash_ipportnet',
  'nf_conntrack', 'nf_conntrack_netlink', 'nf_conntrack_ipv4', 'nf_conntrack_ipv6', 'nf_nat',
  'br_netfilter',
  // IPv6
  'ip6_tables', 'ip6table_filter', 'ip6table_nat', 'ip6table_mangle', 'ip6table_raw',
  'ip6t_rpfilter', 'ip6t_REJECT',
  // kube-proxy IPVS
  'ip_vs', 'ip_vs_rr', 'ip_vs_wrr', 'ip_vs_sh', 'xt_ipvs',
  // encapsulation and encryption
  'ipip', 'vxlan', 'wireguard',
  // eBPF dataplane helpers
  'cls_bpf', 'sch_ingress',
] as const;

/** Kernel config symbols for the same items, plus CONFIG_MODULES (module support at all). */
export const KERNEL_CONFIG_SYMBOLS = [
  'CONFIG_MODULES',
  'CONFIG_NETFILTER_XTABLES', 'CONFIG_IP_NF_IPTABLES', 'CONFIG_IP_NF_FILTER', 'CONFIG_IP_NF_NAT',
  'CONFIG_IP_NF_MANGLE', 'CONFIG_IP_NF_RAW', 'CONFIG_NETFILTER_XT_SET', 'CONFIG_IP_SET',
  'CONFIG_IP_SET_HASH_IP', 'CONFIG_IP_SET_HASH_IPPORT', 'CONFIG_IP_SET_HASH_NET',
  'CONFIG_IP_NF_MATCH_RPFILTER', 'CONFIG_NETFILTER_XT_MATCH_ADDRTYPE',
  'CONFIG_NETFILTER_XT_MATCH_COMMENT', 'CONFIG_NETFILTER_XT_MATCH_CONNTRACK',
  'CONFIG_NF_CONNTRACK', 'CONFIG_NF_CT_NETLINK', 'CONFIG_NF_CONNTRACK_IPV4',
  'CONFIG_NETFILTER_XT_MARK', 'CONFIG_NETFILTER_XT_MATCH_MULTIPORT', 'CONFIG_IP_NF_TARGET_REJECT',
  'CONFIG_NF_TABLES', 'CONFIG_NFT_COMPAT',
  'CONFIG_BRIDGE_NETFILTER',
  'CONFIG_IP6_NF_IPTABLES', 'CONFIG_IP6_NF_FILTER', 'CONFIG_IP6_NF_NAT', 'CONFIG_IP6_NF_MANGLE',
  'CONFIG_IP6_NF_RAW', 'CONFIG_IP6_NF_MATCH_RPFILTER', 'CONFIG_IP6_NF_TARGET_REJECT',
  'CONFIG_NETFILTER_XT_MATCH_IPVS', 'CONFIG_IP_VS', 'CONFIG_IP_VS_RR', 'CONFIG_IP_VS_WRR',
  'CONFIG_IP_VS_SH',
  'CONFIG_NET_IPIP', 'CONFIG_VXLAN', 'CONFIG_WIREGUARD',
  'CONFIG_BPF', 'CONFIG_BPF_SYSCALL', 'CONFIG_NET_CLS_BPF', 'CONFIG_NET_SCH_INGRESS',
  'CONFIG_BPF_JIT',
] as const;

/** grep -E pattern for module paths in modules.dep / modules.builtin (name.ko[.xz|.zst|.gz]). */
export function modulePathPattern(): string {
  const names = KERNEL_MODULES.map((m) => m.replace(/_/g, '[-_]'));
  return `/(${names.join('|')})[.]ko([.][a-z]+)?(:|$)`;
}

/** grep -E pattern for the config lines of interest, set or "is not set". */
export function configPattern(): string {
  const names = KERNEL_CONFIG_SYMBOLS.map((s) => s.slice('CONFIG_'.length));
  return `^(# )?CONFIG_(${names.join('|')})[= ]`;
}

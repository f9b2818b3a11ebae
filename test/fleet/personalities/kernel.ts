/**
 * Kernel evidence for a personality: which of Calico's kernel dependencies a kernel of a
 * given release ships, where their module files live, and the config symbol of each.
 * Module → symbol and directory follow the kernel tree; the version bounds are when a
 * module appeared (or, for nf_conntrack_ipv4, was merged into nf_conntrack).
 */
import type { Kernel, KernelModules, Uname } from './spec.js';

interface ModuleInfo {
  name: string;
  /** Directory under /lib/modules/RELEASE/. */
  dir: string;
  symbol: string;
  since?: [number, number];
  until?: [number, number];
}

const IPV4 = 'kernel/net/ipv4/netfilter';
const IPV6 = 'kernel/net/ipv6/netfilter';
const NF = 'kernel/net/netfilter';

const MODULES: ModuleInfo[] = [
  { name: 'x_tables', dir: NF, symbol: 'CONFIG_NETFILTER_XTABLES' },
  { name: 'ip_tables', dir: IPV4, symbol: 'CONFIG_IP_NF_IPTABLES' },
  { name: 'iptable_filter', dir: IPV4, symbol: 'CONFIG_IP_NF_FILTER' },
  { name: 'iptable_nat', dir: IPV4, symbol: 'CONFIG_IP_NF_NAT' },
  { name: 'iptable_mangle', dir: IPV4, symbol: 'CONFIG_IP_NF_MANGLE' },
  { name: 'iptable_raw', dir: IPV4, symbol: 'CONFIG_IP_NF_RAW' },
  { name: 'ipt_rpfilter', dir: IPV4, symbol: 'CONFIG_IP_NF_MATCH_RPFILTER', since: [3, 3] },
  { name: 'ipt_REJECT', dir: IPV4, symbol: 'CONFIG_IP_NF_TARGET_REJECT' },
  { name: 'nf_conntrack_ipv4', dir: IPV4, symbol: 'CONFIG_NF_CONNTRACK_IPV4', until: [4, 19] },
  { name: 'xt_set', dir: NF, symbol: 'CONFIG_NETFILTER_XT_SET' },
  { name: 'xt_addrtype', dir: NF, symbol: 'CONFIG_NETFILTER_XT_MATCH_ADDRTYPE' },
  { name: 'xt_comment', dir: NF, symbol: 'CONFIG_NETFILTER_XT_MATCH_COMMENT' },
  { name: 'xt_conntrack', dir: NF, symbol: 'CONFIG_NETFILTER_XT_MATCH_CONNTRACK' },
  { name: 'xt_tcpudp', dir: NF, symbol: 'CONFIG_NETFILTER_XTABLES' },
  { name: 'xt_mark', dir: NF, symbol: 'CONFIG_NETFILTER_XT_MARK' },
  { name: 'xt_multiport', dir: NF, symbol: 'CONFIG_NETFILTER_XT_MATCH_MULTIPORT' },
  { name: 'xt_sctp', dir: NF, symbol: 'CONFIG_NETFILTER_XT_MATCH_SCTP' },
  { name: 'xt_LOG', dir: NF, symbol: 'CONFIG_NETFILTER_XT_TARGET_LOG', since: [3, 4] },
  { name: 'xt_ipvs', dir: NF, symbol: 'CONFIG_NETFILTER_XT_MATCH_IPVS' },
  { name: 'nf_conntrack', dir: NF, symbol: 'CONFIG_NF_CONNTRACK' },
  { name: 'nf_conntrack_netlink', dir: NF, symbol: 'CONFIG_NF_CT_NETLINK' },
  { name: 'nf_nat', dir: NF, symbol: 'CONFIG_NF_NAT' },
  { name: 'nf_tables', dir: NF, symbol: 'CONFIG_NF_TABLES', since: [3, 13] },
  { name: 'nft_compat', dir: NF, symbol: 'CONFIG_NFT_COMPAT', since: [3, 13] },
  { name: 'ip_set', dir: `${NF}/ipset`, symbol: 'CONFIG_IP_SET' },
  { name: 'ip_set_hash_ip', dir: `${NF}/ipset`, symbol: 'CONFIG_IP_SET_HASH_IP' },
  { name: 'ip_set_hash_ipport', dir: `${NF}/ipset`, symbol: 'CONFIG_IP_SET_HASH_IPPORT' },
  { name: 'ip_set_hash_net', dir: `${NF}/ipset`, symbol: 'CONFIG_IP_SET_HASH_NET' },
  { name: 'ip_vs', dir: `${NF}/ipvs`, symbol: 'CONFIG_IP_VS' },
  { name: 'ip_vs_rr', dir: `${NF}/ipvs`, symbol: 'CONFIG_IP_VS_RR' },
  { name: 'ip_vs_wrr', dir: `${NF}/ipvs`, symbol: 'CONFIG_IP_VS_WRR' },
  { name: 'ip_vs_sh', dir: `${NF}/ipvs`, symbol: 'CONFIG_IP_VS_SH' },
  { name: 'ip6_tables', dir: IPV6, symbol: 'CONFIG_IP6_NF_IPTABLES' },
  { name: 'ip6table_filter', dir: IPV6, symbol: 'CONFIG_IP6_NF_FILTER' },
  { name: 'ip6table_nat', dir: IPV6, symbol: 'CONFIG_IP6_NF_NAT', since: [3, 7] },
  { name: 'ip6table_mangle', dir: IPV6, symbol: 'CONFIG_IP6_NF_MANGLE' },
  { name: 'ip6table_raw', dir: IPV6, symbol: 'CONFIG_IP6_NF_RAW' },
  { name: 'ip6t_rpfilter', dir: IPV6, symbol: 'CONFIG_IP6_NF_MATCH_RPFILTER', since: [3, 3] },
  { name: 'ip6t_REJECT', dir: IPV6, symbol: 'CONFIG_IP6_NF_TARGET_REJECT' },
  { name: 'ipip', dir: 'kernel/net/ipv4', symbol: 'CONFIG_NET_IPIP' },
  { name: 'vxlan', dir: 'kernel/drivers/net', symbol: 'CONFIG_VXLAN' },
  { name: 'wireguard', dir: 'kernel/drivers/net/wireguard', symbol: 'CONFIG_WIREGUARD', since: [5, 6] },
];

/** Built in on every distribution kernel modelled here (IKCONFIG_PROC: /proc/config.gz exists). */
const BUILTIN_SYMBOLS = ['CONFIG_MODULES', 'CONFIG_NETFILTER', 'CONFIG_IKCONFIG', 'CONFIG_IKCONFIG_PROC'];
/** The eBPF dataplane's requirements, from the release that introduced each. */
const BPF_SYMBOLS: { symbol: string; since: [number, number]; value: 'y' | 'm' }[] = [
  { symbol: 'CONFIG_BPF_SYSCALL', since: [3, 18], value: 'y' },
  { symbol: 'CONFIG_NET_CLS_BPF', since: [3, 13], value: 'm' },
  { symbol: 'CONFIG_NET_SCH_INGRESS', since: [2, 6], value: 'm' },
];

/** Modules a freshly booted host running iptables-based Docker or kube-proxy has loaded. */
const COMMONLY_LOADED = [
  'x_tables', 'ip_tables', 'iptable_filter', 'iptable_nat', 'nf_conntrack', 'nf_conntrack_ipv4', 'nf_nat',
  'xt_conntrack', 'xt_addrtype', 'xt_tcpudp', 'xt_comment', 'xt_mark', 'ip6_tables', 'ip6table_filter',
];

export function releaseVersion(release: string): [number, number] {
  const match = /^(\d+)\.(\d+)/.exec(release);
  if (!match) throw new Error(`kernel release ${release} does not start with MAJOR.MINOR`);
  return [Number(match[1]), Number(match[2])];
}

function atLeast(version: [number, number], bound: [number, number]): boolean {
  return version[0] > bound[0] || (version[0] === bound[0] && version[1] >= bound[1]);
}

function shippedBy(version: [number, number]): ModuleInfo[] {
  return MODULES.filter(
    (m) => (!m.since || atLeast(version, m.since)) && (!m.until || !atLeast(version, m.until)),
  );
}

/**
 * A distribution kernel of `uname.kernelRelease` that ships every Calico dependency it can
 * have as a loadable module, with the usual ones loaded. `without` leaves modules out
 * entirely (config: not set), to make a kernel that lacks a dependency. `merged` names
 * modules a distribution backport folded into others: neither a module file nor a config
 * symbol exists (RHEL 8.3+'s 4.18.0-240 kernels merged nf_conntrack_ipv4 into nf_conntrack).
 */
export function distroKernel(
  uname: Uname,
  procVersion: string,
  suffix: KernelModules['suffix'],
  without: string[] = [],
  merged: string[] = [],
): Kernel {
  const version = releaseVersion(uname.kernelRelease);
  const shipped = shippedBy(version).filter((m) => !without.includes(m.name) && !merged.includes(m.name));
  const config: Record<string, 'y' | 'm' | 'n'> = {};
  for (const symbol of BUILTIN_SYMBOLS) config[symbol] = 'y';
  for (const bpf of BPF_SYMBOLS) if (atLeast(version, bpf.since)) config[bpf.symbol] = bpf.value;
  for (const m of shipped) config[m.symbol] = 'm';
  for (const name of without) {
    const info = MODULES.find((m) => m.name === name);
    if (info && !shipped.some((m) => m.symbol === info.symbol)) config[info.symbol] = 'n';
  }
  const names = shipped.map((m) => m.name);
  return {
    uname,
    procVersion,
    config,
    modules: {
      loaded: COMMONLY_LOADED.filter((name) => names.includes(name)),
      loadable: names,
      builtin: [],
      suffix,
    },
  };
}

function modulePath(name: string, suffix: string): string {
  const info = MODULES.find((m) => m.name === name);
  return `${info?.dir ?? 'kernel/extra'}/${name}${suffix}`;
}

/** /lib/modules/RELEASE/modules.dep (dependencies left out: nothing here resolves them). */
export function modulesDepText(modules: KernelModules): string {
  return modules.loadable.map((name) => `${modulePath(name, modules.suffix)}:\n`).join('');
}

/** /lib/modules/RELEASE/modules.builtin: paths without compression suffix. */
export function modulesBuiltinText(modules: KernelModules): string {
  return modules.builtin.map((name) => `${modulePath(name, '.ko')}\n`).join('');
}

/** A kernel .config as `make` writes it: `CONFIG_X=y|m`, or `# CONFIG_X is not set`. */
export function kernelConfigText(config: Kernel['config']): string {
  const lines = Object.entries(config)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([symbol, value]) => (value === 'n' ? `# ${symbol} is not set` : `${symbol}=${value}`));
  return ['#', '# Automatically generated file; DO NOT EDIT.', '#', ...lines, ''].join('\n');
}

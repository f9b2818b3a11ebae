/**
 * Typed facts about one host, as parsed from its probe output. Pure data: a saved result
 * can be re-judged without the host. Every fact records where it came from so that a
 * finding can show its evidence, and a fact that could not be read says why, so a check can
 * answer `unknown` with a way forward rather than guess.
 */

/** One probe section as the host printed it. */
export interface RawProbeOutput {
  stdout: string;
  /** Exit status of the probe's command(s); null when the section never closed. */
  exitCode: number | null;
  truncated: boolean;
}

export type Fact<T> =
  | { ok: true; value: T; source: string }
  | { ok: false; source: string; missing: string };

export interface Uname {
  machine: string; // uname -m
  kernelRelease: string; // uname -r
  kernelVersion: string; // uname -v
  nodename: string; // uname -n
  kernelName: string; // uname -s
}

export interface ProcVersion {
  text: string;
  /** The release it names ("Linux version RELEASE …"), null when it names none. */
  release: string | null;
}

export interface OsRelease {
  id: string;
  idLike: string[];
  versionId: string;
  name: string;
  prettyName: string;
  /** Every key as read, unquoted. */
  fields: Record<string, string>;
}

/**
 * Kernel feature evidence from all the places it can show up. Each list holds normalised
 * module names (dashes as underscores), each config map `CONFIG_X -> 'y' | 'm' | 'n'`.
 */
export interface KernelFeatures {
  /** /proc/modules (or lsmod); not ok on kernels without module support. */
  loaded: Fact<string[]>;
  /** modules.builtin of the running kernel. */
  builtin: Fact<string[]>;
  /** modules.dep of the running kernel: modules that can be loaded on demand. */
  loadable: Fact<string[]>;
  /** /proc/config.gz, /boot/config-$(uname -r), … */
  config: Fact<Record<string, 'y' | 'm' | 'n'>>;
  /** /proc/net/ip_tables_matches and ip_tables_targets. */
  iptablesMatches: Fact<string[]>;
  iptablesTargets: Fact<string[]>;
  /** Whether the kernel supports loadable modules at all (false: /proc/modules absent). */
  moduleSupport: Fact<boolean>;
}

export type ServiceState = 'active' | 'inactive' | 'failed' | 'activating' | 'not-found' | 'unknown';

export interface ServiceInfo {
  state: ServiceState;
  /** How it was determined: systemctl, process list, … */
  method: 'systemctl' | 'process' | 'service';
}

export interface NetworkManagerConfig {
  /** Entries of [keyfile] unmanaged-devices, in effect after all files were merged. */
  unmanagedDevices: string[];
  /** Files read, in order (or "NetworkManager --print-config"). */
  files: string[];
}

export interface Privileges {
  /** uid of the shell that ran the root probes (0 when become worked or login is root). */
  uid: number;
  loginUid: number;
  becameRoot: boolean;
  /** Whether the audit asked for root (--become / ansible_become); without it a non-root login's "root part" ran as that user. */
  becomeAsked: boolean;
  /** Hex masks as printed in /proc/…/status. */
  capEff: string;
  capBnd: string;
  /** CapBnd of PID 1 (the host's init), null when unreadable. */
  initCapBnd: string | null;
}

export interface Listener {
  protocol: 'tcp' | 'udp';
  family: 4 | 6;
  address: string; // '0.0.0.0', '::', '*', or a specific address
  port: number;
  process?: string; // e.g. "bird" when known (needs root)
  /**
   * Root asked for the owners (ss -p, netstat -p) and no process holds the socket: the kernel
   * does, e.g. the UDP socket of a VXLAN or WireGuard device.
   */
  kernel?: true;
}

export interface InterfaceAddress {
  family: 4 | 6;
  address: string;
  prefixLength: number;
  scope?: string;
}

export interface NetInterface {
  name: string;
  mtu: number | null;
  state: string; // UP, DOWN, UNKNOWN
  kind?: string; // link/ether, link/loopback, ipip, vxlan, …
  addresses: InterfaceAddress[];
}

export interface Route {
  destination: string; // CIDR or "default"
  device?: string;
  gateway?: string;
  family: 4 | 6;
}

export interface KubeletInfo {
  installed: boolean;
  path?: string;
  /** How the binary was found: the running kubelet's /proc/PID/exe, PATH, or a distribution's install path. */
  foundBy?: string;
  /** k3s runs the kubelet inside its own binary: there is no kubelet program or process. */
  embeddedIn?: 'k3s';
  version: string | null; // "v1.23.4"
  running: boolean;
  /** Arguments of the running kubelet, else from kubeadm-flags.env / drop-ins. */
  args: string[];
  argsSource?: string;
  /** Every flag file and unit drop-in read, with the flags it sets (also while kubelet runs). */
  flagFiles?: { path: string; args: string[] }[];
  /**
   * kubeadm's flags file when a unit drop-in reads it (EnvironmentFile=-…kubeadm-flags.env):
   * `written` is false until `kubeadm init` or `kubeadm join` has run.
   */
  kubeadmFlags?: { path: string; written: boolean };
}

export interface KubeProxyInfo {
  running: boolean;
  args: string[];
  /** Mode from arguments or its config file, when found. */
  mode: string | null;
}

export interface CniConfig {
  files: { name: string; types: string[] }[];
}

export type IptablesBackend = 'legacy' | 'nft';

export interface IptablesChain {
  name: string;
  /** Policy of a built-in chain (ACCEPT, DROP); null for a user chain. */
  policy: string | null;
  /**
   * Its rules as iptables-save prints them (`-A CHAIN …`), in order. Rules of Calico's
   * (`cali-`) and Kubernetes' (`KUBE-`) chains are counted, not kept.
   */
  rules: string[];
}

export interface IptablesTable {
  family: 4 | 6;
  name: string;
  chains: IptablesChain[];
}

/** What one iptables backend holds, as its save tools printed it. */
export interface IptablesBackendRules {
  backend: IptablesBackend;
  /**
   * read: its save tools ran; none: the kernel shows no table of it, so it holds no rule;
   * unread: it may hold rules that could not be read (`detail` says why).
   */
  status: 'read' | 'none' | 'unread';
  /** The tools that ran, or why none did. */
  detail: string;
  tables: IptablesTable[];
  /** Rules as Felix's backend detection counts them: lines starting with "-", IPv4 and IPv6. */
  ruleCount: number;
  /** Comment lines the tools printed about tables they do not show, e.g. iptables-nft's
   *  "# Warning: iptables-legacy tables present, use iptables-legacy-save to see them". */
  warnings: string[];
}

export type NftFamily = 'ip' | 'ip6' | 'inet' | 'arp' | 'bridge' | 'netdev';

export interface NftChain {
  name: string;
  /** A base chain's hook line (`type filter hook input priority filter + 10; policy accept;`). */
  base: { type: string; hook: string; priority: string; policy: 'accept' | 'drop' } | null;
  /** Rule lines as `nft list ruleset` prints them, in order. */
  rules: string[];
}

export interface NftTable {
  family: NftFamily;
  name: string;
  chains: NftChain[];
  /** Named sets and their elements (as printed), for rules that match `@name`. */
  sets: Record<string, string[]>;
}

export interface NftRuleset {
  /** read: `nft list ruleset` ran; none: nf_tables is not in use; unread: it is, but could not be read. */
  status: 'read' | 'none' | 'unread';
  detail: string;
  /** Every table but iptables-nft's own (ip/ip6 filter, nat, mangle, raw, security), which iptables-nft-save shows. */
  tables: NftTable[];
}

export interface FirewallFacts {
  legacy: IptablesBackendRules;
  nft: IptablesBackendRules;
  /** The backend the `iptables` command on the host's PATH runs, when the probe could tell. */
  defaultBackend: IptablesBackend | null;
  nftables: NftRuleset;
}

export type ConnectOutcome = 'connected' | 'refused' | 'timeout' | 'unreachable' | 'error';

export interface ConnectProbe {
  /** Why it was probed: a peer path or a datastore endpoint. */
  purpose: 'peer' | 'datastore';
  target: string; // host name or endpoint as configured
  address: string;
  port: number;
  protocol: 'tcp';
  outcome: ConnectOutcome;
  detail?: string;
  /** Where the endpoint came from when the host named it (kubelet's kubeconfig), not the plan. */
  from?: string;
}

/** A value the host's own Kubernetes configuration states, and the file (and flag or key) it came from. */
export interface HostStated {
  value: string;
  source: string;
}

/** What the host's Kubernetes configuration says about its cluster, before or after the install. */
export interface KubeCluster {
  /** Pod ranges: controller-manager --cluster-cidr, kubeadm's podSubnet, kube-proxy's clusterCIDR. */
  podCidrs: HostStated[];
  /** kube-apiserver URLs: the server of each cluster in kubelet's kubeconfig. */
  apiServers: HostStated[];
  /** Files that exist but this run could not read (root-only without --become). */
  unreadable: string[];
}

export type Cloud = 'azure' | 'aws' | 'gce';

/** The machine as its firmware (DMI/SMBIOS) describes it. */
export interface Platform {
  /** The public cloud this VM runs in, or null (bare metal, another hypervisor, or no DMI). */
  cloud: Cloud | null;
  /** The DMI and hypervisor fields read, by file name, for the evidence. */
  fields: Record<string, string>;
}

/** A systemd-networkd .network file, as far as deciding which interfaces it takes over. */
export interface NetworkdFile {
  path: string;
  /** [Match] settings (key → whitespace-separated values, repeated keys joined); empty matches every link. */
  match: Record<string, string[]>;
  /** [Link] Unmanaged=yes: networkd leaves the interfaces it matches alone. */
  unmanaged: boolean;
}

/** Interface managers other than NetworkManager and the files that decide what they manage. */
export interface InterfaceManagers {
  /** .network files in effect, in the order networkd tries them (first match wins). */
  networkd: NetworkdFile[];
  /** wicked ifcfg files named after an interface Calico creates. */
  wickedIfcfg: string[];
}

/**
 * A clock reading bracketed by our own clock: the host read its clock after we sent the
 * command and before its answer arrived, so the reading belongs somewhere in that window
 * (login and shell start-up latency included). Raw numbers, so a judgement can show the
 * uncertainty (± half the window).
 */
export interface HostClock {
  hostEpochMs: number;
  /** Our clock when the command was sent. */
  sentEpochMs: number;
  /** Our clock when the bytes of the host's clock reading arrived. */
  receivedEpochMs: number;
}

export interface HostFacts {
  uname: Fact<Uname>;
  /** /proc/version, which also names the kernel when `uname` is missing or overlaid. */
  procVersion: Fact<ProcVersion>;
  os: Fact<OsRelease>;
  hostname: Fact<string>;
  /** The host's clock, and the window of the auditor's clock its reading was taken in. */
  clock: Fact<HostClock>;
  kernel: KernelFeatures;
  services: Fact<Record<string, ServiceInfo>>;
  networkManagerConfig: Fact<NetworkManagerConfig>;
  privileges: Fact<Privileges>;
  /** Selected sysctls by dotted name, e.g. "net.ipv4.conf.all.rp_filter" -> "1". */
  sysctl: Fact<Record<string, string>>;
  bpfFsMounted: Fact<boolean>;
  listeners: Fact<Listener[]>;
  interfaces: Fact<NetInterface[]>;
  routes: Fact<Route[]>;
  kubelet: Fact<KubeletInfo>;
  kubeProxy: Fact<KubeProxyInfo>;
  cni: Fact<CniConfig>;
  /** Both iptables backends' rules and the other nftables tables (root only). */
  firewall: Fact<FirewallFacts>;
  connectivity: Fact<ConnectProbe[]>;
  /** Pod ranges and API servers named in the host's Kubernetes configuration files. */
  kubeCluster: Fact<KubeCluster>;
  /** Online CPUs (/sys/devices/system/cpu/online), for kube-proxy's conntrack sizing. */
  onlineCpus: Fact<number>;
  platform: Fact<Platform>;
  interfaceManagers: Fact<InterfaceManagers>;
}

/**
 * What the probe script is asked to look at, passed to it as arguments (src/probes/sh/main.sh)
 * rather than written into it, so the script stays one constant text and a run can ask for
 * exactly what its checks need.
 */

/** Units asked of systemctl, in this order (the run echoes them in its meta section). */
export const SERVICE_UNITS = [
  'firewalld', 'ufw', 'NetworkManager', 'iptables', 'ip6tables', 'nftables', 'shorewall',
  'netfilter-persistent', 'ferm', 'csf', 'kubelet', 'kube-proxy', 'bird', 'frr',
] as const;

/** Process names (as in /proc/PID/comm) worth reporting from the process list. */
export const PROCESS_NAMES = [
  'firewalld', 'NetworkManager', 'kubelet', 'kube-proxy', 'bird', 'bird6', 'frr', 'zebra',
  'bgpd', 'flanneld', 'calico-node', 'calico-felix', 'calico-typha', 'cilium-agent', 'weaver',
  'lfd', 'shorewall',
] as const;

/**
 * /proc/sys paths read for the sysctl fact: one-character switches only, because the shell
 * reads them byte by byte and an integer sysctl file answers just the first read(2).
 */
export const SYSCTL_PATHS = [
  'net/ipv4/conf/all/rp_filter', 'net/ipv4/conf/default/rp_filter', 'net/ipv4/ip_forward',
  'net/ipv6/conf/all/forwarding', 'net/ipv6/conf/all/disable_ipv6',
  'net/bridge/bridge-nf-call-iptables', 'net/bridge/bridge-nf-call-ip6tables',
] as const;

/**
 * Files read whole as sections `f:PATH`, by the login user; globs are expanded on the host
 * and a path that does not exist gives no section.
 */
/** Where kubelet's flags live when it is not running: kubeadm's, Debian's and Red Hat's files. */
export const KUBELET_FLAG_FILES = ['/var/lib/kubelet/kubeadm-flags.env', '/etc/default/kubelet', '/etc/sysconfig/kubelet'] as const;

/** NetworkManager's conf.d directories, in the order it reads them (a later one wins a name). */
export const NM_CONF_DIRS = ['/usr/lib/NetworkManager/conf.d/', '/run/NetworkManager/conf.d/', '/etc/NetworkManager/conf.d/'] as const;

export const PROBED_FILES = [
  '/proc/version', '/proc/sys/kernel/osrelease', '/proc/sys/kernel/version', '/proc/sys/kernel/hostname',
  '/etc/os-release', '/usr/lib/os-release',
  '/proc/net/ip_tables_matches', '/proc/net/ip_tables_targets', '/proc/net/ip6_tables_matches', '/proc/net/ip6_tables_targets',
  '/etc/ufw/ufw.conf',
  '/etc/NetworkManager/NetworkManager.conf',
  ...NM_CONF_DIRS.map((dir) => `${dir}*.conf`),
  '/proc/net/route',
  ...KUBELET_FLAG_FILES,
  '/etc/systemd/system/kubelet.service.d/*.conf', '/usr/lib/systemd/system/kubelet.service.d/*.conf', '/lib/systemd/system/kubelet.service.d/*.conf',
  '/var/lib/kube-proxy/config.conf',
  '/etc/cni/net.d/*.conf', '/etc/cni/net.d/*.conflist', '/etc/cni/net.d/*.json',
];

/** Files read again under sudo, as `root:f:PATH` (some installs make CNI files 0600). */
export const ROOT_FILES = ['/etc/cni/net.d/*.conf', '/etc/cni/net.d/*.conflist', '/etc/cni/net.d/*.json'] as const;

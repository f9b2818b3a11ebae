/**
 * What the probe script is asked to look at, passed to it as arguments (src/probes/sh/main.sh)
 * rather than written into it, so the script stays one constant text and a run can ask for
 * exactly what its checks need.
 */

/** Units asked of systemctl, in this order (the run echoes them in its meta section). */
export const SERVICE_UNITS = [
  'firewalld', 'ufw', 'NetworkManager', 'iptables', 'ip6tables', 'nftables', 'shorewall',
  'netfilter-persistent', 'ferm', 'csf', 'kubelet', 'kube-proxy', 'bird', 'frr',
  'systemd-networkd', 'wicked',
] as const;

/** Process names (as in /proc/PID/comm) worth reporting from the process list. */
export const PROCESS_NAMES = [
  'firewalld', 'NetworkManager', 'kubelet', 'kube-proxy', 'bird', 'bird6', 'frr', 'zebra',
  'bgpd', 'flanneld', 'calico-node', 'calico-felix', 'calico-typha', 'cilium-agent', 'weaver',
  'lfd', 'shorewall', 'k3s-server', 'k3s-agent',
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
 * /proc/sys paths of integer values of any width, read whole by one `grep -H .` (only those
 * that exist: the conntrack ones appear once nf_conntrack is loaded).
 */
export const INTEGER_SYSCTL_PATHS = ['net/netfilter/nf_conntrack_max', 'net/netfilter/nf_conntrack_count', 'net/netfilter/nf_conntrack_buckets'] as const;

/**
 * Where kubelet lives when the running kubelet's binary cannot be read and PATH has none, tried
 * in order: distribution packages, Flatcar's /opt/bin (its /usr is read-only), RKE2, and last
 * k3s, whose single binary runs the kubelet inside it.
 */
export const KUBELET_PATHS = ['/usr/bin/kubelet', '/usr/local/bin/kubelet', '/opt/bin/kubelet', '/var/lib/rancher/rke2/bin/kubelet', '/usr/local/bin/k3s'] as const;

/**
 * Files of which only the lines holding a key leave the host (sections `lines:PATH`, again as
 * `root:lines:PATH` under sudo, since both are root-only on kubeadm installs): kubelet's
 * kubeconfig may embed its client key and kubeadm's configuration a bootstrap token.
 * A `server:` line names the API server the probe connects to when the plan names none.
 */
export const KEY_LINE_FILES = [
  { path: '/etc/kubernetes/kubelet.conf', key: 'server:' },
  { path: '/etc/kubernetes/kubeadm-config.yaml', key: 'Subnet:' },
] as const;

/** The static pod manifest in which kubeadm passes the controller-manager its --cluster-cidr. */
export const CONTROLLER_MANAGER_MANIFEST = '/etc/kubernetes/manifests/kube-controller-manager.yaml';

/** DMI fields (world-readable ones only) and Xen's hypervisor uuid, which name a public cloud. */
export const PLATFORM_FILES = [
  '/sys/class/dmi/id/sys_vendor', '/sys/class/dmi/id/product_name', '/sys/class/dmi/id/chassis_asset_tag',
  '/sys/class/dmi/id/board_vendor', '/sys/class/dmi/id/bios_vendor', '/sys/class/dmi/id/bios_version', '/sys/hypervisor/uuid',
] as const;

/** systemd-networkd's .network directories, highest priority first (a name in /etc hides the same name below). */
export const NETWORKD_DIRS = ['/etc/systemd/network/', '/run/systemd/network/', '/usr/lib/systemd/network/', '/lib/systemd/network/'] as const;

/** wicked configures only interfaces that have an ifcfg file of their name: those of Calico's names. */
export const WICKED_CALICO_IFCFG = ['/etc/sysconfig/network/ifcfg-cali*', '/etc/sysconfig/network/ifcfg-tunl*', '/etc/sysconfig/network/ifcfg-vxlan.calico', '/etc/sysconfig/network/ifcfg-wireguard.cali'] as const;

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
  CONTROLLER_MANAGER_MANIFEST,
  '/sys/devices/system/cpu/online',
  ...PLATFORM_FILES,
  ...NETWORKD_DIRS.map((dir) => `${dir}*.network`),
  ...WICKED_CALICO_IFCFG,
];

/**
 * Files read again under sudo, as `root:f:PATH`: some installs make CNI files 0600, kubeadm
 * writes its static pod manifests 0600, and netplan renders its networkd files 0640
 * (root:systemd-network; canonical/netplan#614).
 */
export const ROOT_FILES = ['/etc/cni/net.d/*.conf', '/etc/cni/net.d/*.conflist', '/etc/cni/net.d/*.json', CONTROLLER_MANAGER_MANIFEST, '/run/systemd/network/*.network'] as const;

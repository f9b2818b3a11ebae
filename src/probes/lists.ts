/**
 * Where the facts live on a host: paths and names the parsers and the probe request
 * (fact-sources.ts) share. What a run asks for is derived from its checks' needs
 * (request.ts); the probe script (src/probes/sh/) receives it as arguments.
 */

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

/** Where kubelet's flags live when it is not running: kubeadm's, Debian's and Red Hat's files. */
export const KUBELET_FLAG_FILES = ['/var/lib/kubelet/kubeadm-flags.env', '/etc/default/kubelet', '/etc/sysconfig/kubelet'] as const;

/** NetworkManager's conf.d directories, in the order it reads them (a later one wins a name). */
export const NM_CONF_DIRS = ['/usr/lib/NetworkManager/conf.d/', '/run/NetworkManager/conf.d/', '/etc/NetworkManager/conf.d/'] as const;

/** kube-proxy's configuration file where it runs as a systemd unit (in a pod it is read through /proc/PID/root). */
export const KUBE_PROXY_CONFIG = '/var/lib/kube-proxy/config.conf';

/** Online CPUs, as a kernel list such as 0-3,8. */
export const CPU_LIST = '/sys/devices/system/cpu/online';

/** systemd's kubelet unit drop-ins, where kubeadm's packages put its flags. */
export const KUBELET_DROP_INS = ['/etc/systemd/system/kubelet.service.d/*.conf', '/usr/lib/systemd/system/kubelet.service.d/*.conf', '/lib/systemd/system/kubelet.service.d/*.conf'] as const;

/** CNI network configurations (0600 on some installs, so read again as root). */
export const CNI_CONFIGS = ['/etc/cni/net.d/*.conf', '/etc/cni/net.d/*.conflist', '/etc/cni/net.d/*.json'] as const;

export const OS_RELEASE_FILES = ['/etc/os-release', '/usr/lib/os-release'] as const;

/** Registered iptables matches and targets (present once ip_tables is loaded). */
export const IPTABLES_EXTENSION_FILES = ['/proc/net/ip_tables_matches', '/proc/net/ip_tables_targets', '/proc/net/ip6_tables_matches', '/proc/net/ip6_tables_targets'] as const;

export const UFW_CONF = '/etc/ufw/ufw.conf';
export const NM_CONF = '/etc/NetworkManager/NetworkManager.conf';

/**
 * Units that run a long-lived process while active, and its names in /proc/PID/comm: where
 * systemctl does not answer, the process list tells whether they run.
 */
export const UNIT_DAEMONS: Readonly<Record<string, readonly string[]>> = {
  firewalld: ['firewalld'], NetworkManager: ['NetworkManager'], kubelet: ['kubelet'],
  'kube-proxy': ['kube-proxy'], bird: ['bird', 'bird6'], frr: ['zebra', 'bgpd', 'frr'],
  csf: ['lfd'],
  // /proc/PID/comm keeps 15 characters: systemd-networkd shows as systemd-network.
  'systemd-networkd': ['systemd-network'],
};

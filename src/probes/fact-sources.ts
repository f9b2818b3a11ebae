/**
 * What the probe must read for each fact: files (as the login user, and again as root where
 * installs make them private), processes, kubelet install paths, key lines. A check declares
 * the facts it reads (its `needs`); request.ts turns the union into the probe's arguments.
 * Facts not listed here come from probe parts that always run (uname's four words, the clock, ip, ss, the
 * firewall, the connects) or from the generic items a check names (sysctls, units, kernel items).
 */
import type { FactName } from '../core/probe-needs.js';
import {
  CNI_CONFIGS, CONTROLLER_MANAGER_MANIFEST, CPU_LIST, IPTABLES_EXTENSION_FILES, KEY_LINE_FILES, KUBE_PROXY_CONFIG, KUBELET_DROP_INS,
  KUBELET_FLAG_FILES, KUBELET_PATHS, NETWORKD_DIRS, NM_CONF, NM_CONF_DIRS, OS_RELEASE_FILES, PLATFORM_FILES, UFW_CONF, WICKED_CALICO_IFCFG,
} from './lists.js';

export interface FactSource {
  files?: readonly string[];
  rootFiles?: readonly string[];
  /** /proc/PID/comm names to report from the process list. */
  processes?: readonly string[];
  kubeletPaths?: readonly string[];
  keyLines?: readonly (typeof KEY_LINE_FILES)[number][];
  /** Kernel config symbols the parser itself needs. */
  kernelConfig?: readonly string[];
}

export const FACT_SOURCES: Partial<Record<FactName, FactSource>> = {
  uname: { files: ['/proc/sys/kernel/version'] },
  procVersion: { files: ['/proc/version'] },
  os: { files: OS_RELEASE_FILES },
  hostname: { files: ['/proc/sys/kernel/hostname'] },
  // CONFIG_MODULES: whether the kernel loads modules at all.
  kernel: { files: IPTABLES_EXTENSION_FILES, kernelConfig: ['CONFIG_MODULES'] },
  services: { files: [UFW_CONF] },
  networkManagerConfig: { files: [NM_CONF, ...NM_CONF_DIRS.map((dir) => `${dir}*.conf`)] },
  routes: { files: ['/proc/net/route'] },
  kubelet: { files: [...KUBELET_FLAG_FILES, ...KUBELET_DROP_INS], processes: ['kubelet', 'k3s-server', 'k3s-agent'], kubeletPaths: KUBELET_PATHS },
  kubeProxy: { files: [KUBE_PROXY_CONFIG], processes: ['kube-proxy'] },
  cni: { files: CNI_CONFIGS, rootFiles: CNI_CONFIGS },
  kubeCluster: { files: [CONTROLLER_MANAGER_MANIFEST, KUBE_PROXY_CONFIG], rootFiles: [CONTROLLER_MANAGER_MANIFEST], keyLines: KEY_LINE_FILES, processes: ['kube-proxy'] },
  onlineCpus: { files: [CPU_LIST] },
  platform: { files: PLATFORM_FILES },
  interfaceManagers: {
    files: [...NETWORKD_DIRS.map((dir) => `${dir}*.network`), ...WICKED_CALICO_IFCFG],
    // netplan renders its networkd files 0640 root:systemd-network (canonical/netplan#614).
    rootFiles: ['/run/systemd/network/*.network'],
  },
};

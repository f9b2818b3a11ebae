/**
 * Every section id the probe script prints, in one place: the parsers read sections only
 * through these names, and test/probes/seam.test.ts proves that the script (src/probes/sh/)
 * prints exactly these, so a rename on one side alone fails the tests.
 */
export const SECTION = {
  meta: 'meta',
  clock: 'clock',
  uname: 'uname',
  /** The same four words as `uname -snrm`, read from /proc/sys/kernel/{ostype,hostname,osrelease,arch}. */
  procUname: 'proc-uname',
  modules: 'modules',
  lsmod: 'lsmod',
  sysctl: 'sysctl',
  bpfMounts: 'bpf-mounts',
  systemctl: 'systemctl',
  units: 'units',
  ps: 'ps',
  nmPrintConfig: 'nm-print-config',
  ipAddr: 'ip-addr',
  routes6: 'routes6',
  ss: 'ss',
  netstat: 'netstat',
  cniListing: 'cni-ls',
  /** The running kubelet's binary, as /proc/PID/exe names it (when the login shell may follow it). */
  kubeletExe: 'kubelet-exe',
  become: 'become',
  end: 'end',
  /** Identity and capability lines of /proc/self/status (the login shell) and /proc/1/status. */
  loginStatus: 'f:/proc/self/status',
  initStatus: 'f:/proc/1/status',
  rootStatus: 'root:status',
  rootCapsh: 'root:capsh',
  /** Both iptables backends' rules and the nftables tables iptables does not show (firewall.sh). */
  rootFirewall: 'root:firewall',
  rootSsWithOwners: 'root:ss-p',
  rootSs: 'root:ss',
  rootNetstatWithOwners: 'root:netstat-p',
  rootNetstat: 'root:netstat',
  rootKubeProxyConfig: 'root:kube-proxy-config',
} as const;

/** Ids made of a prefix and a name: a file, a directory, a process, a connect target. */
export const SECTION_PREFIX = {
  /** f:PATH — a file (PROBED_FILES) or a /proc/PID/status digest. */
  file: 'f:',
  /** root:f:PATH — a file read again under sudo (ROOT_FILES). */
  rootFile: 'root:f:',
  /** moddir:/lib/modules/RELEASE — module names from modules.builtin and modules.dep. */
  moduleDir: 'moddir:',
  /** kconfig:PATH — the kernel config lines of interest. */
  kernelConfig: 'kconfig:',
  /** cmdline:COMM — a kubelet or kube-proxy command line. */
  cmdline: 'cmdline:',
  /** listen:TABLE — /proc/net/TABLE rows, where neither ss nor netstat exists. */
  listen: 'listen:',
  /** kubelet-version:PATH — `PATH --version`. */
  kubeletVersion: 'kubelet-version:',
  /** root:kubelet-version:PATH — the same, for the binary only root could find (/proc/PID/exe). */
  rootKubeletVersion: 'root:kubelet-version:',
  /** lines:PATH — the lines of a KEY_LINE_FILES file that hold its key, and nothing else. */
  keyLines: 'lines:',
  /** root:lines:PATH — the same, read again under sudo. */
  rootKeyLines: 'root:lines:',
  /** c:TARGET — one TCP connect. */
  connect: 'c:',
} as const;

export type SectionId = (typeof SECTION)[keyof typeof SECTION];
export type SectionPrefix = (typeof SECTION_PREFIX)[keyof typeof SECTION_PREFIX];

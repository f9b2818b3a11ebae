/**
 * HostFacts for check tests: `healthyHost()` is an Ubuntu 16.04 node that meets every
 * requirement with the default settings; tests change one fact at a time.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Fact, FirewallFacts, HostFacts, IptablesBackend, IptablesBackendRules, KernelFeatures } from '../../src/core/facts.js';
import { parseIptablesSave } from '../../src/probes/parsers/iptables-save.js';
import { isIptablesNftTable, parseNftRuleset } from '../../src/probes/parsers/nft-ruleset.js';
import { found, missing } from '../../src/probes/fact.js';
import { KERNEL_ITEM_NEEDS } from '../../src/checks/node/kernel-items.js';

/** Every module some settings need: a host that has them all loaded. */
export const KERNEL_MODULES: readonly string[] = KERNEL_ITEM_NEEDS.kernelModules ?? [];
import { DEFAULT_SETTINGS, type AuditSettings } from '../../src/core/settings.js';

export { found, missing };

export function fixture(path: string): string {
  return readFileSync(fileURLToPath(new URL(`../fixtures/checks/${path}`, import.meta.url)), 'utf8');
}

export function settings(changes: Partial<AuditSettings> = {}): AuditSettings {
  return { ...DEFAULT_SETTINGS, ...changes, ports: { ...DEFAULT_SETTINGS.ports, ...changes.ports } };
}

function backendOf(backend: IptablesBackend, dumps: { v4?: string; v6?: string }): IptablesBackendRules {
  const saved = [dumps.v4 && parseIptablesSave(dumps.v4, 4), dumps.v6 && parseIptablesSave(dumps.v6, 6)].filter((s) => !!s);
  if (saved.length === 0) return { backend, status: 'none', detail: `no ${backend} tables`, tables: [], ruleCount: 0, warnings: [] };
  return {
    backend,
    status: 'read',
    detail: `iptables-${backend}-save`,
    tables: saved.flatMap((s) => s.tables),
    ruleCount: saved.reduce((sum, s) => sum + s.ruleCount, 0),
    warnings: saved.flatMap((s) => s.warnings),
  };
}

/**
 * A host's firewall from dumps, through the real parsers: iptables-save output per backend
 * (IPv4, and IPv6 as `…6`), `nft list ruleset` output, the iptables command's backend.
 */
export function firewallOf(dumps: { legacy?: string; legacy6?: string; nft?: string; nft6?: string; nftables?: string; defaultBackend?: IptablesBackend | null }): Fact<FirewallFacts> {
  return found(
    {
      legacy: backendOf('legacy', { v4: dumps.legacy, v6: dumps.legacy6 }),
      nft: backendOf('nft', { v4: dumps.nft, v6: dumps.nft6 }),
      defaultBackend: dumps.defaultBackend === undefined ? 'legacy' : dumps.defaultBackend,
      nftables:
        dumps.nftables === undefined
          ? { status: 'none', detail: 'nf_tables is not loaded', tables: [] }
          : { status: 'read', detail: 'nft list ruleset', tables: parseNftRuleset(dumps.nftables).filter((t) => !isIptablesNftTable(t)) },
    },
    'iptables-legacy-save; iptables-nft-save; nft list ruleset',
  );
}

/** Every module the probe looks for, loaded — a kernel with everything. */
export function fullKernel(): KernelFeatures {
  return {
    loaded: found([...KERNEL_MODULES], '/proc/modules'),
    builtin: found([], '/lib/modules/4.4.0-210-generic/modules.builtin'),
    loadable: found([...KERNEL_MODULES], '/lib/modules/4.4.0-210-generic/modules.dep'),
    config: missing('/proc/config.gz, /boot/config-$(uname -r)', 'no kernel config found'),
    iptablesMatches: found(['icmp', 'tcp', 'udp'], '/proc/net/ip_tables_matches'),
    iptablesTargets: found(['REJECT'], '/proc/net/ip_tables_targets'),
    moduleSupport: found(true, '/proc/modules'),
  };
}

/** A kernel about which nothing could be read. */
export function unreadableKernel(): KernelFeatures {
  const none = <T>(source: string): Fact<T> => missing(source, `${source} was not read`);
  return {
    loaded: none('/proc/modules'),
    builtin: none('modules.builtin'),
    loadable: none('modules.dep'),
    config: none('/boot/config'),
    iptablesMatches: none('/proc/net/ip_tables_matches'),
    iptablesTargets: none('/proc/net/ip_tables_targets'),
    moduleSupport: none('/proc/modules'),
  };
}

export function healthyHost(): HostFacts {
  return {
    uname: found({ machine: 'x86_64', kernelRelease: '4.4.0-210-generic', kernelVersion: '#242-Ubuntu SMP', nodename: 'node1', kernelName: 'Linux' }, 'uname -snrm'),
    procVersion: found({ text: 'Linux version 4.4.0-210-generic (buildd@lgw01) (gcc version 5.4.0) #242-Ubuntu SMP', release: '4.4.0-210-generic' }, '/proc/version'),
    os: found({ id: 'ubuntu', idLike: ['debian'], versionId: '16.04', name: 'Ubuntu', prettyName: 'Ubuntu 16.04.7 LTS', fields: {} }, '/etc/os-release'),
    hostname: found('node1', '/proc/sys/kernel/hostname'),
    clock: found({ hostEpochMs: 1_700_000_000_300, sentEpochMs: 1_700_000_000_000, receivedEpochMs: 1_700_000_000_600 }, 'date +%s%N'),
    kernel: fullKernel(),
    services: found(
      {
        firewalld: { state: 'not-found', method: 'systemctl' },
        ufw: { state: 'inactive', method: 'systemctl' },
        NetworkManager: { state: 'inactive', method: 'systemctl' },
        kubelet: { state: 'not-found', method: 'systemctl' },
        'systemd-networkd': { state: 'inactive', method: 'systemctl' },
        wicked: { state: 'not-found', method: 'systemctl' },
      },
      'systemctl is-active firewalld ufw NetworkManager kubelet systemd-networkd wicked',
    ),
    networkManagerConfig: found({ unmanagedDevices: [], files: [] }, '/etc/NetworkManager (no configuration files)'),
    privileges: found({ uid: 0, loginUid: 1000, becameRoot: true, becomeAsked: true, capEff: '000001ffffffffff', capBnd: '000001ffffffffff', initCapBnd: '000001ffffffffff' }, '/proc/self/status of the sudo shell; /proc/1/status'),
    sysctl: found({ 'net.ipv4.conf.all.rp_filter': '1' }, 'grep -H . /proc/sys/…'),
    bpfFsMounted: found(false, '/proc/mounts'),
    listeners: found([{ protocol: 'tcp', family: 4, address: '0.0.0.0', port: 22, process: 'sshd' }], 'ss -ltnup'),
    interfaces: found(
      [
        { name: 'lo', mtu: 65536, state: 'UNKNOWN', kind: 'link/loopback', addresses: [{ family: 4, address: '127.0.0.1', prefixLength: 8, scope: 'host' }] },
        { name: 'eth0', mtu: 1500, state: 'UP', kind: 'link/ether', addresses: [{ family: 4, address: '10.0.0.11', prefixLength: 24, scope: 'global' }] },
      ],
      'ip addr show',
    ),
    routes: found(
      [
        { destination: 'default', device: 'eth0', gateway: '10.0.0.1', family: 4 },
        { destination: '10.0.0.0/24', device: 'eth0', family: 4 },
      ],
      '/proc/net/route',
    ),
    kubelet: found({ installed: false, version: null, running: false, args: [] }, 'command -v kubelet'),
    kubeProxy: found({ running: false, args: [], mode: null }, 'process list'),
    cni: found({ files: [] }, '/etc/cni/net.d'),
    firewall: firewallOf({}),
    connectivity: found([], 'timeout 2 bash -c "exec 3<>/dev/tcp/HOST/PORT"'),
    kubeCluster: found({ podCidrs: [], apiServers: [], unreadable: [] }, '/etc/kubernetes'),
    onlineCpus: found(2, '/sys/devices/system/cpu/online'),
    platform: found({ cloud: null, fields: {} }, '/sys/class/dmi/id (absent: no DMI on this machine)'),
    interfaceManagers: found({ networkd: [], wickedIfcfg: [] }, '/etc/systemd/network/*.network'),
  };
}

/** A host with a kubelet of this version, running with these arguments. */
export function kubeletHost(version: string, args: string[] = ['--network-plugin=cni']): HostFacts {
  return {
    ...healthyHost(),
    kubelet: found({ installed: true, path: '/usr/bin/kubelet', version, running: true, args, argsSource: '/proc/1234/cmdline' }, 'kubelet --version; /proc/*/cmdline'),
  };
}

/** Every fact missing, as on a host whose probe printed nothing usable. */
export function blankHost(): HostFacts {
  const none = <T>(source: string): Fact<T> => missing(source, 'needs root: re-run with --become');
  return {
    uname: none('uname'),
    procVersion: none('/proc/version'),
    os: none('/etc/os-release'),
    hostname: none('/proc/sys/kernel/hostname'),
    clock: none('date'),
    kernel: unreadableKernel(),
    services: none('systemctl'),
    networkManagerConfig: none('/etc/NetworkManager'),
    privileges: none('/proc/self/status'),
    sysctl: none('/proc/sys'),
    bpfFsMounted: none('/proc/mounts'),
    listeners: none('ss'),
    interfaces: none('ip addr'),
    routes: none('/proc/net/route'),
    kubelet: none('kubelet'),
    kubeProxy: none('kube-proxy'),
    cni: none('/etc/cni/net.d'),
    firewall: none('iptables-save'),
    connectivity: none('connect'),
    kubeCluster: none('/etc/kubernetes'),
    onlineCpus: none('/sys/devices/system/cpu/online'),
    platform: none('/sys/class/dmi/id'),
    interfaceManagers: none('/etc/systemd/network'),
  };
}

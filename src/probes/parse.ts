/**
 * From split probe output to HostFacts. Every fact names its source; anything the host did
 * not show is `ok: false` with what was missing and how to get it — never a guess.
 */
import type { ConnectProbe, Fact, HostClock, HostFacts, Listener, NetInterface, NetworkManagerConfig, OsRelease, Privileges, RawProbeOutput, Route, Uname } from '../core/facts.js';
import { found, missing } from './fact.js';
import { ProbeOutput } from './probe-output.js';
import { rootMissing } from './become.js';
import { parseKernel } from './parse-kernel.js';
import { parseServices } from './parse-services.js';
import { parseCni, parseKubeCluster, parseKubelet, parseKubeProxy } from './parse-kube.js';
import { parseFirewall } from './parse-firewall.js';
import { parseOnlineCpus, parsePlatform } from './parse-platform.js';
import { parseInterfaceManagers } from './parse-interface-managers.js';
import { parseUnameA, parseUnameSnrm } from './parsers/uname.js';
import { parseOsRelease } from './parsers/os-release.js';
import { parseProcVersion } from './parsers/proc-version.js';
import { parseProcStatus } from './parsers/proc-status.js';
import { parseCapsh } from './parsers/capsh.js';
import { parseSysctl } from './parsers/sysctl.js';
import { parseSs } from './parsers/ss.js';
import { parseNetstat } from './parsers/netstat.js';
import { parseProcNet } from './parsers/proc-net.js';
import { parseIpAddr } from './parsers/ip-addr.js';
import { parseProcNetIpv6Route, parseProcNetRoute } from './parsers/proc-net-route.js';
import { mergeNmConfigs } from './parsers/networkmanager.js';
import { connectOutcome } from './parsers/connect.js';
import { decodeWord } from './target-code.js';
import { KEY_LINE_FILES, NM_CONF_DIRS } from './lists.js';
import { SECTION, SECTION_PREFIX } from './section-ids.js';

export { becomeFailure } from './become.js';

/** When we sent the probe command and when the host's clock section arrived (our clock, epoch ms). */
export type ClockWindow = Pick<HostClock, 'sentEpochMs' | 'receivedEpochMs'>;

export function parseFacts(raw: Record<string, RawProbeOutput>, window: ClockWindow): HostFacts {
  const out = new ProbeOutput(raw);
  const uname = parseUnameFact(out);
  return {
    uname,
    procVersion: fileFact(out, '/proc/version', parseProcVersion),
    os: parseOs(out),
    hostname: parseHostname(out, uname),
    clock: parseClock(out, window),
    kernel: parseKernel(out),
    services: parseServices(out),
    networkManagerConfig: parseNetworkManager(out),
    privileges: parsePrivileges(out),
    sysctl: parseSysctls(out),
    bpfFsMounted: out.get(SECTION.bpfMounts)
      ? found(/^\/sys\/fs\/bpf bpf$/m.test(out.get(SECTION.bpfMounts)!.stdout), '/proc/mounts')
      : missing('/proc/mounts', out.absent('/proc/mounts was not read')),
    listeners: parseListeners(out),
    interfaces: parseInterfaces(out),
    routes: parseRoutes(out),
    kubelet: parseKubelet(out),
    kubeProxy: parseKubeProxy(out),
    cni: parseCni(out),
    firewall: parseFirewall(out),
    connectivity: parseConnectivity(out),
    kubeCluster: parseKubeCluster(out),
    onlineCpus: parseOnlineCpus(out),
    platform: parsePlatform(out),
    interfaceManagers: parseInterfaceManagers(out),
  };
}

function parseSysctls(out: ProbeOutput): Fact<Record<string, string>> {
  const section = out.get(SECTION.sysctl);
  if (!section) return missing('/proc/sys', out.absent('sysctls were not read'));
  return found(parseSysctl(section.stdout), '/proc/sys/…');
}

function fileFact<T>(out: ProbeOutput, path: string, parse: (text: string) => T | null): Fact<T> {
  const section = out.fileSection(path);
  if (!section) return missing(path, out.absent(`${path} does not exist`));
  if (section.exitCode !== 0) return missing(path, `${path} is not readable by the login user`);
  const value = parse(section.stdout);
  return value === null ? missing(path, `${path} could not be parsed`) : found(value, path);
}

function parseUnameFact(out: ProbeOutput): Fact<Uname> {
  const version = out.file('/proc/sys/kernel/version') ?? '';
  const fromProc = out.ok(SECTION.procUname);
  const procValue = fromProc === undefined ? null : parseUnameSnrm(fromProc, version);
  if (procValue) return found(procValue, '/proc/sys/kernel/{ostype,hostname,osrelease,arch,version}');
  const section = out.get(SECTION.uname);
  if (!section) return missing('uname -snrm', out.absent(fromProc === undefined ? 'uname did not run' : `unexpected ${SECTION.procUname} output: ${fromProc.trim()}`));
  if (section.exitCode !== 0) return missing('uname -snrm', `uname failed: ${section.stdout.trim() || `exit ${section.exitCode}`}`);
  const value = parseUnameSnrm(section.stdout, version) ?? parseUnameA(section.stdout);
  return value ? found(value, 'uname -snrm; /proc/sys/kernel/version') : missing('uname -snrm', `unexpected uname output: ${section.stdout.trim()}`);
}

function parseOs(out: ProbeOutput): Fact<OsRelease> {
  const path = out.fileSection('/etc/os-release') ? '/etc/os-release' : '/usr/lib/os-release';
  const fact = fileFact(out, path, parseOsRelease);
  return fact.ok || out.fileSection(path) ? fact : missing('/etc/os-release, /usr/lib/os-release', out.absent('neither /etc/os-release nor /usr/lib/os-release exists'));
}

function parseHostname(out: ProbeOutput, uname: Fact<Uname>): Fact<string> {
  const text = out.file('/proc/sys/kernel/hostname')?.trim();
  if (text) return found(text, '/proc/sys/kernel/hostname');
  if (uname.ok) return found(uname.value.nodename, 'uname -n');
  return missing('/proc/sys/kernel/hostname', out.absent('the hostname was not read'));
}

function parseClock(out: ProbeOutput, window: ClockWindow): Fact<HostClock> {
  const text = out.ok(SECTION.clock)?.trim() ?? '';
  // `date +%s%N` prints nanoseconds; a date without %N prints seconds then "N" or "%N".
  const digits = /^(\d+)/.exec(text)?.[1] ?? '';
  if (/^\d{19,}$/.test(text)) return found({ hostEpochMs: Math.round(Number(BigInt(text) / 1000n) / 1000), ...window }, 'date +%s%N');
  if (digits.length >= 9 && digits.length <= 11) return found({ hostEpochMs: Number(digits) * 1000, ...window }, 'date +%s (no %N: second resolution)');
  return missing('date +%s%N', out.absent(`date gave no epoch time (${text || 'no output'})`));
}

function parseNetworkManager(out: ProbeOutput): Fact<NetworkManagerConfig> {
  const printed = out.ok(SECTION.nmPrintConfig);
  if (printed !== undefined) return found({ unmanagedDevices: mergeNmConfigs([printed]), files: ['NetworkManager --print-config'] }, 'NetworkManager --print-config');
  if (!out.complete && !out.fileSection('/proc/net/route')) return missing('/etc/NetworkManager', out.absent('NetworkManager files were not read'));
  // NM reads the main file, then conf.d files sorted by name; /etc wins over /run over /usr/lib.
  const confD = new Map<string, string>();
  for (const dir of NM_CONF_DIRS) {
    for (const path of out.filesUnder(dir)) confD.set(path.slice(dir.length), path);
  }
  const files = ['/etc/NetworkManager/NetworkManager.conf', ...[...confD.keys()].sort().map((name) => confD.get(name)!)];
  const read = files.filter((f) => out.file(f) !== undefined);
  return found({ unmanagedDevices: mergeNmConfigs(read.map((f) => out.file(f)!)), files: read }, read.length ? read.join(', ') : '/etc/NetworkManager (no configuration files)');
}

function parsePrivileges(out: ProbeOutput): Fact<Privileges> {
  const rootStatus = out.get(SECTION.rootStatus);
  if (!rootStatus) return missing('/proc/self/status of the become shell', rootMissing(out, 'the root shell status'));
  const root = parseProcStatus(rootStatus.stdout);
  const login = parseProcStatus(out.ok(SECTION.loginStatus) ?? '');
  const init = parseProcStatus(out.ok(SECTION.initStatus) ?? '');
  const capsh = root.capEff === undefined ? parseCapsh(out.ok(SECTION.rootCapsh) ?? '') : null;
  const capEff = root.capEff ?? capsh?.capEff;
  const capBnd = root.capBnd ?? capsh?.capBnd ?? undefined;
  if (root.uid === undefined || capEff === undefined || capBnd === undefined) {
    return missing('/proc/self/status; capsh --print', 'no Uid/CapEff/CapBnd lines in /proc/self/status and no usable capsh --print');
  }
  return found(
    {
      uid: root.uid,
      loginUid: login.uid ?? out.loginUid ?? root.uid,
      becameRoot: root.uid === 0,
      becomeAsked: out.become !== 'none',
      capEff,
      capBnd,
      initCapBnd: init.capBnd ?? null,
    },
    `${capsh ? 'capsh --print' : '/proc/self/status'} of the ${out.become === 'none' || out.loginUid === 0 ? 'login' : out.become} shell; /proc/1/status`,
  );
}

function parseListeners(out: ProbeOutput): Fact<Listener[]> {
  // The probe asks for listeners on the plan's ports only (a host may have thousands of others).
  const ss = out.ports.length ? ` '( ${out.ports.map((p) => `sport = :${p}`).join(' or ')} )'` : '';
  const netstat = out.ports.length ? ` (lines of ports ${out.ports.join(', ')} only)` : '';
  for (const [id, source, parse] of [
    [SECTION.rootSsWithOwners, `ss -ltnup${ss}`, parseSs],
    [SECTION.rootSs, `ss -ltnu${ss} (owners looked up only when one of these ports is taken)`, parseSs],
    [SECTION.rootNetstatWithOwners, `netstat -ltnup${netstat}`, parseNetstat],
    [SECTION.rootNetstat, `netstat -ltnu${netstat} (owners looked up only when one of these ports is taken)`, parseNetstat],
    [SECTION.ss, `ss -ltnu${ss}`, parseSs],
    [SECTION.netstat, `netstat -ltnu${netstat}`, parseNetstat],
  ] as const) {
    const section = out.get(id);
    if (!section || section.exitCode !== 0) continue;
    const listeners = parse(section.stdout);
    if (!listeners) continue;
    if (ownersSeenByRoot(out, id, section.stdout)) return found(listeners.map(markKernelOwned), `${source} (as root)`);
    return found(listeners, id.startsWith('root:') && !out.rootRan ? `${source} (as the login user: owners of other users' sockets hidden)` : source);
  }
  const files = (['tcp', 'tcp6', 'udp', 'udp6'] as const).filter((f) => out.get(`${SECTION_PREFIX.listen}${f}`));
  if (files.length > 0) {
    return found(files.flatMap((f) => parseProcNet(out.get(`${SECTION_PREFIX.listen}${f}`)!.stdout, f)), `/proc/net/{${files.join(',')}} (no ss or netstat${out.ports.length ? `; ports ${out.ports.join(', ')} only` : ''})`);
  }
  return missing('ss -ltnu; netstat -ltnu; /proc/net/tcp', out.absent('no listening-socket source answered (ss, netstat, /proc/net)'));
}

/** Whether root listed socket owners: then a socket without one belongs to no process. */
function ownersSeenByRoot(out: ProbeOutput, id: string, text: string): boolean {
  if (!out.rootRan) return false;
  if (id === SECTION.rootSsWithOwners) return true;
  // root.sh falls back to netstat without -p where -p fails: only the PID column says owners were asked.
  return id === SECTION.rootNetstatWithOwners && /PID\/Program name/.test(text);
}

const markKernelOwned = (listener: Listener): Listener => (listener.process ? listener : { ...listener, kernel: true });

function parseInterfaces(out: ProbeOutput): Fact<NetInterface[]> {
  const section = out.get(SECTION.ipAddr);
  if (!section) return missing('ip addr show', out.absent('the ip command (iproute2) is not installed'));
  const list = section.exitCode === 0 ? parseIpAddr(section.stdout) : null;
  return list ? found(list, 'ip addr show') : missing('ip addr show', `ip addr show failed: ${section.stdout.trim().split('\n')[0] ?? ''}`);
}

function parseRoutes(out: ProbeOutput): Fact<Route[]> {
  const v4 = out.file('/proc/net/route');
  const v6 = out.ok(SECTION.routes6);
  if (v4 === undefined) return missing('/proc/net/route', out.absent('/proc/net/route was not readable'));
  const routes = [...parseProcNetRoute(v4), ...(v6 !== undefined ? parseProcNetIpv6Route(v6) : [])];
  return found(routes, v6 !== undefined ? '/proc/net/route; /proc/net/ipv6_route' : '/proc/net/route (no IPv6)');
}

function parseConnectivity(out: ProbeOutput): Fact<ConnectProbe[]> {
  const probes: ConnectProbe[] = [];
  const kubeconfig = KEY_LINE_FILES.find(({ key }) => key === 'server:')?.path;
  for (const id of out.ids(SECTION_PREFIX.connect)) {
    const [purpose, addressWord, port, target] = id.slice(SECTION_PREFIX.connect.length).split(',');
    const section = out.get(id)!;
    const invalid = addressWord?.startsWith('-') ?? false;
    const message = section.stdout.trim();
    // "kubeconfig": the API server kubelet's kubeconfig names, connected to because the plan named none.
    const fromKubeconfig = purpose === 'kubeconfig' && kubeconfig !== undefined;
    probes.push({
      ...(fromKubeconfig ? { from: kubeconfig } : {}),
      purpose: purpose === 'datastore' || fromKubeconfig ? 'datastore' : 'peer',
      target: decodeWord(target ?? ''),
      address: decodeWord(invalid ? addressWord!.slice(1) : (addressWord ?? '')),
      port: Number(port),
      protocol: 'tcp',
      outcome: invalid ? 'error' : connectOutcome(section.exitCode, message),
      ...(message ? { detail: message.replace(/\s*\n\s*/g, ' | ') } : {}),
    });
  }
  const tools = [...new Set(probes.map((p) => p.detail?.split(':')[0]).filter((t): t is string => t !== undefined && /^(bash|nc)/.test(t)))];
  return found(probes, `TCP connect from the host: ${tools.length ? tools.join(', ') : 'none asked'}`);
}

/** kubelet, kube-proxy, CNI and cluster facts. */
import type { CniConfig, Fact, HostStated, KubeCluster, KubeletInfo, KubeProxyInfo } from '../core/facts.js';
import { found, missing } from './fact.js';
import type { ProbeOutput } from './probe-output.js';
import { environmentFiles, parseCmdline, parseEnvFlags, parseKubeletVersion, programArgs } from './parsers/kubelet.js';
import { clusterCidrFromArgs, clusterCidrFromConfig, modeFromArgs, modeFromConfig } from './parsers/kube-proxy.js';
import { clusterCidrFromManifest, keyValue, kubeconfigServers } from './parsers/kube-cluster.js';
import { cniTypes } from './parsers/cni.js';
import { SECTION, SECTION_PREFIX } from './section-ids.js';
import { CONTROLLER_MANAGER_MANIFEST, KEY_LINE_FILES, KUBE_PROXY_CONFIG, KUBELET_FLAG_FILES, KUBELET_PATHS } from './lists.js';


/** How the probe came to a kubelet binary, for the evidence. */
function foundBy(out: ProbeOutput, path: string, runningArgv0: string | undefined, asRoot: boolean): string {
  if (asRoot) return '/proc/PID/exe of the running kubelet (as root)';
  if (out.ok(SECTION.kubeletExe)?.trim() === path) return '/proc/PID/exe of the running kubelet';
  if (path === runningArgv0) return 'the running kubelet';
  return (KUBELET_PATHS as readonly string[]).includes(path) ? 'a known install path' : 'PATH';
}

/** The version section the probe printed: the login user's, else the one root found. */
function versionSection(out: ProbeOutput): { path: string; text: string; asRoot: boolean } | null {
  for (const [prefix, asRoot] of [[SECTION_PREFIX.kubeletVersion, false], [SECTION_PREFIX.rootKubeletVersion, true]] as const) {
    const [id] = out.ids(prefix);
    if (id) return { path: id.slice(prefix.length), text: out.get(id)!.stdout, asRoot };
  }
  return null;
}

/**
 * kubelet's flag sources in the order its unit composes them: the drop-ins' Environment= and
 * ExecStart= flags, then kubeadm's flags file, then KUBELET_EXTRA_ARGS (Debian's and Red Hat's
 * files), so the last of a repeated flag is the one kubelet takes.
 */
function flagFiles(out: ProbeOutput): { path: string; text: string }[] {
  const dropIns = out.filesUnder('/').filter((path) => path.includes('kubelet.service.d/'));
  return [...dropIns, ...KUBELET_FLAG_FILES].flatMap((path) => {
    const text = out.file(path);
    return text === undefined ? [] : [{ path, text }];
  });
}

export function parseKubelet(out: ProbeOutput): Fact<KubeletInfo> {
  if (!out.get(SECTION.ps)) return missing('kubelet --version; /proc/PID/cmdline', out.absent('the process list was not read'));
  const binary = versionSection(out);
  const embedded = binary !== null && (binary.path.split('/').pop() === 'k3s' || /^k3s version/m.test(binary.text));
  const cmdline = out.ok(`${SECTION_PREFIX.cmdline}kubelet`);
  const k3sCmdline = out.ok(`${SECTION_PREFIX.cmdline}k3s-server`) ?? out.ok(`${SECTION_PREFIX.cmdline}k3s-agent`);
  const running = embedded ? k3sCmdline !== undefined : cmdline !== undefined;
  const files = flagFiles(out);
  const info: KubeletInfo = {
    installed: binary !== null,
    version: binary ? parseKubeletVersion(binary.text) : null,
    running,
    args: [],
    flagFiles: files.map(({ path, text }) => ({ path, args: parseEnvFlags(text) })),
  };
  if (binary) {
    info.path = binary.path;
    info.foundBy = foundBy(out, binary.path, cmdline !== undefined ? parseCmdline(cmdline)[0] : undefined, binary.asRoot);
  }
  if (embedded) info.embeddedIn = 'k3s';
  const kubeadmFlags = files.flatMap(({ text }) => environmentFiles(text)).find((path) => path.endsWith('/kubeadm-flags.env'));
  if (kubeadmFlags) info.kubeadmFlags = { path: kubeadmFlags, written: out.fileSection(kubeadmFlags) !== undefined };
  if (cmdline !== undefined && !embedded) {
    info.args = programArgs(parseCmdline(cmdline), 'kubelet');
    info.argsSource = '/proc/PID/cmdline of the running kubelet';
  } else if (k3sCmdline !== undefined && embedded) {
    info.args = programArgs(parseCmdline(k3sCmdline), 'k3s');
    info.argsSource = '/proc/PID/cmdline of the running k3s';
  } else if (files.length > 0) {
    info.args = info.flagFiles!.flatMap(({ args }) => args);
    info.argsSource = files.map(({ path }) => path).join(', ');
  }
  const where = binary ? `${binary.path} --version` : `/proc/PID/exe, command -v kubelet, ${KUBELET_PATHS.join(', ')}`;
  return found(info, `${where}; /proc/PID/cmdline`);
}

export function parseKubeProxy(out: ProbeOutput): Fact<KubeProxyInfo> {
  if (!out.get(SECTION.ps)) return missing('/proc/PID/cmdline', out.absent('the process list was not read'));
  const cmdline = out.ok(`${SECTION_PREFIX.cmdline}kube-proxy`);
  const args = cmdline !== undefined ? programArgs(parseCmdline(cmdline), 'kube-proxy') : [];
  const configText = kubeProxyConfig(out)?.text;
  const mode = modeFromArgs(args) ?? (configText !== undefined ? modeFromConfig(configText) : null);
  return found({ running: cmdline !== undefined, args, mode }, 'kube-proxy /proc/PID/cmdline and --config file');
}

function kubeProxyConfig(out: ProbeOutput): { text: string; source: string } | null {
  const inContainer = out.ok(SECTION.rootKubeProxyConfig);
  if (inContainer !== undefined) return { text: inContainer, source: "kube-proxy's --config file (through /proc/PID/root)" };
  const onHost = out.file(KUBE_PROXY_CONFIG);
  return onHost !== undefined ? { text: onHost, source: KUBE_PROXY_CONFIG } : null;
}

export function parseCni(out: ProbeOutput): Fact<CniConfig> {
  const listing = out.get(SECTION.cniListing);
  if (!listing) return missing('ls /etc/cni/net.d', out.absent('/etc/cni/net.d was not listed'));
  const files = listing.stdout
    .split('\n')
    .filter((l) => l.startsWith('/etc/cni/net.d/'))
    .map((path) => {
      const text = out.file(path) ?? out.ok(`${SECTION_PREFIX.rootFile}${path}`);
      const types = text !== undefined ? cniTypes(text) : null;
      return { name: path.slice('/etc/cni/net.d/'.length), types: types ?? [] };
    });
  return found({ files }, '/etc/cni/net.d/*');
}

/** A file's text as the login user read it, else as root did; `denied` when neither could. */
function readEither(out: ProbeOutput, loginId: string, rootId: string): { text: string } | { denied: true } | null {
  const text = out.ok(loginId) ?? out.ok(rootId);
  if (text !== undefined) return { text };
  return out.get(loginId) || out.get(rootId) ? { denied: true } : null;
}

export function parseKubeCluster(out: ProbeOutput): Fact<KubeCluster> {
  if (!out.get(SECTION.cniListing)) return missing('/etc/kubernetes', out.absent('the Kubernetes probes did not run'));
  const cluster: KubeCluster = { podCidrs: [], apiServers: [], unreadable: [] };
  const stated = (list: HostStated[], value: string | null, source: string) => {
    if (value) list.push({ value, source });
  };
  const manifest = readEither(out, `${SECTION_PREFIX.file}${CONTROLLER_MANAGER_MANIFEST}`, `${SECTION_PREFIX.rootFile}${CONTROLLER_MANAGER_MANIFEST}`);
  if (manifest && 'denied' in manifest) cluster.unreadable.push(CONTROLLER_MANAGER_MANIFEST);
  else if (manifest) stated(cluster.podCidrs, clusterCidrFromManifest(manifest.text), `${CONTROLLER_MANAGER_MANIFEST} (kube-controller-manager --cluster-cidr)`);
  for (const { path, key } of KEY_LINE_FILES) {
    const lines = readEither(out, `${SECTION_PREFIX.keyLines}${path}`, `${SECTION_PREFIX.rootKeyLines}${path}`);
    if (lines && 'denied' in lines) cluster.unreadable.push(path);
    else if (lines && key === 'server:') for (const server of kubeconfigServers(lines.text)) stated(cluster.apiServers, server, `${path} (server:)`);
    else if (lines) stated(cluster.podCidrs, keyValue(lines.text, 'podSubnet'), `${path} (kubeadm ClusterConfiguration podSubnet)`);
  }
  const proxyCmdline = out.ok(`${SECTION_PREFIX.cmdline}kube-proxy`);
  if (proxyCmdline !== undefined) stated(cluster.podCidrs, clusterCidrFromArgs(programArgs(parseCmdline(proxyCmdline), 'kube-proxy')), 'kube-proxy --cluster-cidr (/proc/PID/cmdline)');
  const proxyConfig = kubeProxyConfig(out);
  if (proxyConfig) stated(cluster.podCidrs, clusterCidrFromConfig(proxyConfig.text), `${proxyConfig.source} (clusterCIDR)`);
  return found(cluster, `${CONTROLLER_MANAGER_MANIFEST}; ${KEY_LINE_FILES.map(({ path, key }) => `${key} lines of ${path}`).join('; ')}; kube-proxy's arguments and config`);
}

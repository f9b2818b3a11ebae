/** kubelet, kube-proxy and CNI facts. */
import type { CniConfig, Fact, KubeletInfo, KubeProxyInfo } from '../core/facts.js';
import { found, missing } from './fact.js';
import type { ProbeOutput } from './probe-output.js';
import { parseCmdline, parseEnvFlags, parseKubeletVersion, programArgs } from './parsers/kubelet.js';
import { modeFromArgs, modeFromConfig } from './parsers/kube-proxy.js';
import { cniTypes } from './parsers/cni.js';
import { SECTION, SECTION_PREFIX } from './section-ids.js';
import { KUBELET_FLAG_FILES } from './lists.js';


export function parseKubelet(out: ProbeOutput): Fact<KubeletInfo> {
  if (!out.get(SECTION.ps)) return missing('kubelet --version; /proc/PID/cmdline', out.absent('the process list was not read'));
  const [versionId] = out.ids(SECTION_PREFIX.kubeletVersion);
  const path = versionId?.slice(SECTION_PREFIX.kubeletVersion.length);
  const version = versionId ? parseKubeletVersion(out.get(versionId)!.stdout) : null;
  const cmdline = out.ok(`${SECTION_PREFIX.cmdline}kubelet`);
  const info: KubeletInfo = { installed: path !== undefined, version, running: cmdline !== undefined, args: [] };
  if (path) info.path = path;
  if (cmdline !== undefined) {
    info.args = programArgs(parseCmdline(cmdline), 'kubelet');
    info.argsSource = '/proc/PID/cmdline of the running kubelet';
  } else {
    const sources = [...KUBELET_FLAG_FILES, ...out.filesUnder('/').filter((p) => p.includes('kubelet.service.d/'))];
    for (const source of sources) {
      const text = out.file(source);
      if (text === undefined) continue;
      info.args.push(...parseEnvFlags(text));
      info.argsSource = info.argsSource ? `${info.argsSource}, ${source}` : source;
    }
  }
  return found(info, path ? `${path} --version; /proc/PID/cmdline` : 'command -v kubelet; /usr/bin/kubelet; /usr/local/bin/kubelet');
}

export function parseKubeProxy(out: ProbeOutput): Fact<KubeProxyInfo> {
  if (!out.get(SECTION.ps)) return missing('/proc/PID/cmdline', out.absent('the process list was not read'));
  const cmdline = out.ok(`${SECTION_PREFIX.cmdline}kube-proxy`);
  const args = cmdline !== undefined ? programArgs(parseCmdline(cmdline), 'kube-proxy') : [];
  const configText = out.ok(SECTION.rootKubeProxyConfig) ?? out.file('/var/lib/kube-proxy/config.conf');
  const mode = modeFromArgs(args) ?? (configText !== undefined ? modeFromConfig(configText) : null);
  return found({ running: cmdline !== undefined, args, mode }, 'kube-proxy /proc/PID/cmdline and --config file');
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

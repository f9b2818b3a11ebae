/**
 * Personalities whose faults configuration can fix, on writable hosts so a fix can be
 * applied: NetworkManager without calico.conf with firewalld running (two identical CentOS 7
 * hosts, with loose rp_filter that must be left alone: one fixed by the playbook, one by the
 * script), ufw enabled,
 * a kernel missing ipip with its other dependencies loadable but not loaded, an eBPF host
 * without the BPF filesystem mounted, and kube-proxy in IPVS mode whose modules are not loaded.
 *
 * The CentOS hosts' own NetworkManager.conf already names devices with Jinja, command
 * substitution and quotes in them: a host controls its facts, and the fix carries these
 * entries into calico.conf, so they must land there as text and run nowhere.
 */
import { centos7, KUBEADM_1_23, kubeNode, kubernetesServices, xenial } from '../fleet/personalities/catalog.js';
import { distroKernel } from '../fleet/personalities/kernel.js';
import type { Personality } from '../fleet/personalities/index.js';
import { daemonScript, PRINT_CONFIG_FROM_FILES, ufwScript } from '../fleet/personalities/standins.js';

export const PLAYBOOK_HOSTS = ['centos-nm-fw', 'ubuntu-ufw', 'missing-ipip', 'ebpf-nobpffs', 'ipvs-not-loaded'];
export const SCRIPT_HOST = 'centos-nm-fw-2';

/** unmanaged-devices entries a hostile host could have (no `;` or `,`: those separate entries). */
export const HOSTILE_NM_ENTRIES = ['interface-name:{{ 7*7 }}', "interface-name:x'$(touch /tmp/calico-preflight-pwned)'y", 'mac:`id`'];

/** CentOS 7 with NetworkManager (reading its files as they are now), firewalld, and rp_filter 2. */
function centosToFix(name: string): Personality {
  const base = centos7(name);
  return {
    ...base,
    writable: true,
    files: {
      ...base.files,
      '/etc/NetworkManager/NetworkManager.conf': `[main]\nplugins=ifcfg-rh\n\n[keyfile]\nunmanaged-devices=${HOSTILE_NM_ENTRIES.join(';')}\n`,
    },
    commands: { ...base.commands, '/usr/sbin/NetworkManager': daemonScript('1.18.8-2.el7_9', PRINT_CONFIG_FROM_FILES) },
    network: { ...base.network, sysctl: { ...base.network?.sysctl, 'net.ipv4.conf.all.rp_filter': '2' } },
  };
}

/** Ubuntu 20.04's kernel, new enough for the eBPF dataplane. */
function focalKernel() {
  return distroKernel(
    { kernelName: 'Linux', kernelRelease: '5.4.0-150-generic', kernelVersion: '#167-Ubuntu SMP Mon May 15 17:35:05 UTC 2023', machine: 'x86_64' },
    'Linux version 5.4.0-150-generic (buildd@bos03-amd64-012) (gcc version 9.4.0 (Ubuntu 9.4.0-1ubuntu1~20.04.1)) #167-Ubuntu SMP Mon May 15 17:35:05 UTC 2023',
    '.ko',
  );
}

export function fixableFleet(): Personality[] {
  const xenialKernel = xenial('kernel').kernel;
  return [
    centosToFix('centos-nm-fw'),
    centosToFix(SCRIPT_HOST),
    xenial('ubuntu-ufw', {
      writable: true,
      services: { ufw: { state: 'active' } },
      files: { '/etc/ufw/ufw.conf': '# /etc/ufw/ufw.conf\n#\n\n# Set to yes to start on boot.\nENABLED=yes\n\nLOGLEVEL=low\n' },
      commands: { '/usr/sbin/ufw': ufwScript() },
    }),
    xenial('missing-ipip', { writable: true, kernel: distroKernel(xenialKernel.uname, xenialKernel.procVersion, '.ko', ['ipip']) }),
    xenial('ebpf-nobpffs', { writable: true, kernel: focalKernel(), vars: { calico_dataplane: 'ebpf' } }),
    // kube-proxy v1.23 in IPVS mode with its modules loadable but not loaded (no API server here).
    kubeNode('ipvs-not-loaded', { writable: true, services: kubernetesServices('v1.23.4', KUBEADM_1_23, 'ipvs'), vars: { kube_proxy_mode: 'ipvs', kube_apiserver_endpoint: '' } }),
  ];
}

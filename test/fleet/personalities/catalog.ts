/**
 * The personalities of issue 4: one host that meets every Calico v3.22 requirement
 * (Ubuntu 16.04) and hosts that each break one requirement on top of it, so an audit
 * of the fleet has exactly one known fault per host (or per host pair, for fleet checks).
 * Release strings, versions and file contents are those the modelled distributions ship.
 */
import { readFileSync } from 'node:fs';
import { distroKernel } from './kernel.js';
import type { Kernel, Network, Personality, Service } from './spec.js';
import { daemonScript, fixedAnswerScript } from './standins.js';

/** An os-release file of ./os-release (copied from the corpus, see SOURCES.md there). */
export function osRelease(distro: string): string {
  return readFileSync(new URL(`./os-release/${distro}`, import.meta.url), 'utf8');
}

/** Calico's NetworkManager drop-in, as the requirements page asks for it. */
export const CALICO_NM_CONF =
  '[keyfile]\nunmanaged-devices=interface-name:cali*;interface-name:tunl*;interface-name:vxlan.calico;interface-name:wireguard.cali\n';

const RP_FILTER_STRICT = { 'net.ipv4.conf.all.rp_filter': '1', 'net.ipv4.conf.default.rp_filter': '1' };

// ---- Ubuntu 16.04 ----------------------------------------------------------------------

const XENIAL_KERNEL: Kernel = distroKernel(
  {
    kernelName: 'Linux',
    kernelRelease: '4.4.0-210-generic',
    kernelVersion: '#242-Ubuntu SMP Fri Apr 16 09:57:56 UTC 2021',
    machine: 'x86_64',
  },
  'Linux version 4.4.0-210-generic (buildd@lgw01-amd64-009) (gcc version 5.4.0 20160609 ' +
    '(Ubuntu 5.4.0-6ubuntu1~16.04.12) ) #242-Ubuntu SMP Fri Apr 16 09:57:56 UTC 2021',
  '.ko',
);

const XENIAL_FILES: Record<string, string> = {
  '/etc/os-release': osRelease('ubuntu-16.04'),
  '/usr/lib/os-release': osRelease('ubuntu-16.04'),
  '/etc/lsb-release':
    'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=16.04\nDISTRIB_CODENAME=xenial\nDISTRIB_DESCRIPTION="Ubuntu 16.04.1 LTS"\n',
  '/etc/debian_version': 'stretch/sid\n',
};

/** Ubuntu 16.04 server: no NetworkManager, no firewall manager, strict rp_filter. */
export function xenial(name: string, changes: Partial<Personality> = {}): Personality {
  const network: Network = { ...changes.network, sysctl: { ...RP_FILTER_STRICT, ...changes.network?.sysctl } };
  return {
    systemdVersion: '229',
    kernel: XENIAL_KERNEL,
    ...changes,
    name,
    files: { ...XENIAL_FILES, ...changes.files },
    services: { ssh: { state: 'active' }, ...changes.services },
    network,
  };
}

// ---- CentOS 7 --------------------------------------------------------------------------

const CENTOS_RELEASE = 'CentOS Linux release 7.9.2009 (Core)\n';
const CENTOS_NM_CONF =
  '# Configuration file for NetworkManager.\n#\n# See "man 5 NetworkManager.conf" for details.\n\n' +
  '[main]\n#plugins=ifcfg-rh,ibft\n\n[logging]\n#level=DEBUG\n#domains=ALL\n';
const CENTOS_NM_PRINT_CONFIG =
  '# NetworkManager configuration: /etc/NetworkManager/NetworkManager.conf (lib: 00-server.conf)\n\n' +
  '[main]\n# plugins=ifcfg-rh,ibft\nno-auto-default=*\nignore-carrier=*\n\n[logging]\n# backend=journal\n';

/** CentOS 7.9 as installed: firewalld and NetworkManager running, NetworkManager unaware of Calico. */
export function centos7(name: string): Personality {
  const services: Record<string, Service> = {
    sshd: { state: 'active' },
    firewalld: { state: 'active', daemon: '/usr/sbin/firewalld' },
    NetworkManager: { state: 'active', daemon: '/usr/sbin/NetworkManager' },
  };
  return {
    name,
    systemdVersion: '219',
    kernel: distroKernel(
      {
        kernelName: 'Linux',
        kernelRelease: '3.10.0-1160.el7.x86_64',
        kernelVersion: '#1 SMP Mon Oct 19 16:18:59 UTC 2020',
        machine: 'x86_64',
      },
      'Linux version 3.10.0-1160.el7.x86_64 (mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5 ' +
        '20150623 (Red Hat 4.8.5-44) (GCC) ) #1 SMP Mon Oct 19 16:18:59 UTC 2020',
      '.ko.xz',
    ),
    files: {
      '/etc/os-release': osRelease('centos-7'),
      '/usr/lib/os-release': osRelease('centos-7'),
      '/etc/redhat-release': CENTOS_RELEASE,
      '/etc/centos-release': CENTOS_RELEASE,
      '/etc/system-release': CENTOS_RELEASE,
      '/etc/NetworkManager/NetworkManager.conf': CENTOS_NM_CONF,
    },
    hide: ['/etc/debian_version'],
    commands: {
      '/usr/sbin/NetworkManager': daemonScript('1.18.8-2.el7_9', CENTOS_NM_PRINT_CONFIG),
      '/usr/bin/firewall-cmd': fixedAnswerScript({ '--state': 'running', '--version': '0.6.3' }),
    },
    services,
    network: { sysctl: RP_FILTER_STRICT },
  };
}

// ---- Debian 8 --------------------------------------------------------------------------

/** Debian 8 "jessie" with the given kernel (a custom build or the 686-pae flavour). */
export function jessie(name: string, kernel: Kernel, changes: Partial<Personality> = {}): Personality {
  return {
    name,
    systemdVersion: '215',
    kernel,
    files: {
      '/etc/os-release': osRelease('debian-8'),
      '/usr/lib/os-release': osRelease('debian-8'),
      '/etc/debian_version': '8.11\n',
    },
    services: { ssh: { state: 'active' } },
    network: { sysctl: RP_FILTER_STRICT },
    ...changes,
  };
}

const JESSIE_GCC = '(gcc version 4.9.2 (Debian 4.9.2-10+deb8u2) )';

/** A hand-built 3.9 kernel: one minor release short of Calico's minimum. */
export const KERNEL_3_9 = distroKernel(
  { kernelName: 'Linux', kernelRelease: '3.9.11', kernelVersion: '#1 SMP Sat Jul 27 11:02:19 UTC 2013', machine: 'x86_64' },
  `Linux version 3.9.11 (root@buildhost) ${JESSIE_GCC} #1 SMP Sat Jul 27 11:02:19 UTC 2013`,
  '.ko',
);

/** Debian 8's 32-bit PAE kernel. */
export const KERNEL_JESSIE_686 = distroKernel(
  {
    kernelName: 'Linux',
    kernelRelease: '3.16.0-11-686-pae',
    kernelVersion: '#1 SMP Debian 3.16.84-1 (2020-06-09)',
    machine: 'i686',
  },
  `Linux version 3.16.0-11-686-pae (debian-kernel@lists.debian.org) ${JESSIE_GCC} #1 SMP Debian 3.16.84-1 (2020-06-09)`,
  '.ko',
);

// ---- The fleet -------------------------------------------------------------------------

const FLANNEL_CONFLIST = `{
  "name": "cbr0",
  "cniVersion": "0.3.1",
  "plugins": [
    { "type": "flannel", "delegate": { "hairpinMode": true, "isDefaultGateway": true } },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
`;

const XENIAL_NM_PRINT_CONFIG =
  '# NetworkManager configuration: /etc/NetworkManager/NetworkManager.conf /etc/NetworkManager/conf.d/calico.conf\n\n' +
  '[main]\nplugins=ifupdown,keyfile\n\n[ifupdown]\nmanaged=false\n\n' +
  '[keyfile]\nunmanaged-devices=interface-name:cali*;interface-name:tunl*;interface-name:vxlan.calico;interface-name:wireguard.cali\n';

/** The address two hosts share (last octet in the fleet's /24). */
export const SHARED_OCTET = 250;
/** The pod-CIDR host's address and the pod CIDR that covers it. */
export const POD_CIDR_HOST_OCTET = 70;
export const POD_CIDR = '{{net}}.64/26';

/** Issue 4's fleet: 14 hosts, each with one known fault except `ubuntu1604`. */
export function issue4Fleet(): Personality[] {
  return [
    xenial('ubuntu1604'),
    centos7('centos7'),
    jessie('kernel39', KERNEL_3_9),
    jessie('i686', KERNEL_JESSIE_686),
    xenial('nocap', { dropCapabilities: ['cap_sys_admin'] }),
    // Also a NetworkManager that runs and is configured for Calico (a pass for that check).
    xenial('rpfilter2', {
      network: { sysctl: { 'net.ipv4.conf.all.rp_filter': '2' } },
      services: { NetworkManager: { state: 'active', daemon: '/usr/sbin/NetworkManager' } },
      files: {
        '/etc/NetworkManager/NetworkManager.conf': '[main]\nplugins=ifupdown,keyfile\n\n[ifupdown]\nmanaged=false\n',
        '/etc/NetworkManager/conf.d/calico.conf': CALICO_NM_CONF,
      },
      commands: { '/usr/sbin/NetworkManager': daemonScript('1.2.6', XENIAL_NM_PRINT_CONFIG) },
    }),
    xenial('podcidr', { network: { octet: POD_CIDR_HOST_OCTET }, vars: { calico_pod_cidr: POD_CIDR } }),
    xenial('dupname-a', { hostname: 'k8s-worker' }),
    xenial('dupname-b', { hostname: 'k8s-worker' }),
    xenial('bird179', { network: { listeners: [{ process: 'bird', protocol: 'tcp', port: 179 }] } }),
    xenial('flannel', {
      files: { '/etc/cni/net.d/10-flannel.conflist': FLANNEL_CONFLIST },
      network: {
        interfaces: [
          {
            name: 'flannel.1',
            type: ['vxlan', 'id', '1', 'dev', 'eth0', 'dstport', '8472', 'nolearning'],
            addresses: ['198.18.244.0/32'],
          },
        ],
      },
    }),
    xenial('shared-addr', { network: { extraAddresses: [`{{net}}.${SHARED_OCTET}/24`] } }),
    xenial('shared-addr-mtu1400', { network: { extraAddresses: [`{{net}}.${SHARED_OCTET}/24`], mtu: 1400 } }),
    xenial('drop179', {
      network: {
        iptables: [
          ['-A', 'INPUT', '-p', 'tcp', '--dport', '179', '-j', 'DROP'],
          ['-A', 'INPUT', '-p', '4', '-j', 'DROP'],
        ],
      },
    }),
  ];
}

// ---- Kubernetes nodes ------------------------------------------------------------------

/** Last octet of the host that serves the fleet's kube-apiserver port. */
export const APISERVER_OCTET = 10;
export const APISERVER = `{{net}}.${APISERVER_OCTET}:6443`;

/** kubelet as kubeadm starts it on Docker (dockershim), and kube-proxy as a systemd unit. */
export function kubernetesServices(kubeletVersion: string, kubeletArgs: string[], proxyMode: string): Record<string, Service> {
  return {
    kubelet: {
      state: 'active',
      daemon: '/usr/bin/kubelet',
      version: `Kubernetes ${kubeletVersion}`,
      args: [
        '--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf',
        '--kubeconfig=/etc/kubernetes/kubelet.conf',
        '--config=/var/lib/kubelet/config.yaml',
        ...kubeletArgs,
      ],
    },
    'kube-proxy': {
      state: 'active',
      daemon: '/usr/bin/kube-proxy',
      version: `Kubernetes ${kubeletVersion}`,
      args: ['--kubeconfig=/var/lib/kube-proxy/kubeconfig', `--proxy-mode=${proxyMode}`],
    },
  };
}

export const KUBEADM_1_23 = ['--network-plugin=cni', '--pod-infra-container-image=k8s.gcr.io/pause:3.6'];

/** An Ubuntu 16.04 Kubernetes v1.23 node of a cluster whose API server is `APISERVER`. */
export function kubeNode(name: string, changes: Partial<Personality> = {}): Personality {
  return xenial(name, {
    ...changes,
    services: { ...kubernetesServices('v1.23.4', KUBEADM_1_23, 'iptables'), ...changes.services },
    vars: { kube_apiserver_endpoint: APISERVER, ...changes.vars },
  });
}

const FEDORA_23_KERNEL = distroKernel(
  { kernelName: 'Linux', kernelRelease: '4.2.3-300.fc23.x86_64', kernelVersion: '#1 SMP Mon Oct 5 15:42:54 UTC 2015', machine: 'x86_64' },
  'Linux version 4.2.3-300.fc23.x86_64 (mockbuild@bkernel02.phx2.fedoraproject.org) (gcc version 5.1.1 20150618 ' +
    '(Red Hat 5.1.1-4) (GCC) ) #1 SMP Mon Oct 5 15:42:54 UTC 2015',
  '.ko.xz',
);

/**
 * Kubernetes nodes: one that meets every requirement (`k8s-ok`, which also serves the API
 * server port) and nodes that each break the requirements that need Kubernetes, a
 * datastore, the eBPF dataplane or IPVS.
 */
export function kubernetesFleet(): Personality[] {
  return [
    kubeNode('k8s-ok', {
      network: { octet: APISERVER_OCTET, listeners: [{ process: 'kube-apiserver', protocol: 'tcp', port: 6443 }] },
    }),
    kubeNode('k8s-1-15', {
      services: kubernetesServices('v1.15.12', ['--network-plugin=kubenet', '--allow-privileged=false'], 'iptables'),
    }),
    kubeNode('ipvs-no-modules', {
      kernel: distroKernel(XENIAL_KERNEL.uname, XENIAL_KERNEL.procVersion, '.ko', ['ip_vs', 'ip_vs_rr', 'ip_vs_wrr', 'ip_vs_sh', 'xt_ipvs']),
      services: kubernetesServices('v1.23.4', KUBEADM_1_23, 'ipvs'),
      vars: { kube_proxy_mode: 'ipvs' },
    }),
    kubeNode('ebpf-kernel-4-4', { vars: { calico_dataplane: 'ebpf' } }),
    kubeNode('apiserver-dropped', {
      network: { iptables: [['-A', 'OUTPUT', '-p', 'tcp', '--dport', '6443', '-j', 'DROP']] },
    }),
    {
      ...kubeNode('fedora23'),
      systemdVersion: '222',
      kernel: FEDORA_23_KERNEL,
      files: {
        '/etc/os-release': osRelease('fedora-23'),
        '/usr/lib/os-release': osRelease('fedora-23'),
        '/etc/fedora-release': 'Fedora release 23 (Twenty Three)\n',
        '/etc/redhat-release': 'Fedora release 23 (Twenty Three)\n',
        '/etc/system-release': 'Fedora release 23 (Twenty Three)\n',
      },
      hide: ['/etc/debian_version'],
    },
  ];
}

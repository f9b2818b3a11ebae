/**
 * Personalities for issue 9's verdict fixes: hosts that are healthy for Calico v3.22 but that
 * earlier verdicts failed (or left unknown), each next to the Ubuntu 16.04 baseline of
 * issue 4. Release strings are those the modelled distributions ship:
 * - Ubuntu 22.04: os-release from the corpus (go-sysinfo), kernel 5.15.0-91-generic as
 *   /proc/version prints it, modules as plain `.ko` (zstd-compressed modules came with 23.10),
 *   rp_filter 2 for all and default (Ubuntu's /etc/sysctl.d/10-network-security.conf);
 * - Rocky Linux 8: os-release of 8.4 from the corpus (python-distro), running the 8.9 kernel
 *   4.18.0-513.5.1.el8_9 (`dnf update kernel` alone updates no os-release), /proc/version as
 *   that kernel prints it; `.ko.xz` modules, no nf_conntrack_ipv4 (merged into nf_conntrack
 *   since RHEL 8.3's 4.18.0-240); systemd 239; rp_filter 1 (RHEL's systemd keeps strict);
 *   NetworkManager running with Calico's drop-in, firewalld installed but disabled;
 * - logins as a plain user without become, and as a sudoer with become;
 * - a node already running Calico in VXLAN mode: its kernel `vxlan.calico` holds UDP 4789.
 */
import { CALICO_NM_CONF, osRelease, xenial } from './catalog.js';
import { distroKernel } from './kernel.js';
import type { Personality } from './spec.js';
import { daemonScript } from './standins.js';

// ---- Ubuntu 22.04 ----------------------------------------------------------------------

const JAMMY_KERNEL = distroKernel(
  {
    kernelName: 'Linux',
    kernelRelease: '5.15.0-91-generic',
    kernelVersion: '#101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023',
    machine: 'x86_64',
  },
  'Linux version 5.15.0-91-generic (buildd@lcy02-amd64-059) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0, ' +
    'GNU ld (GNU Binutils for Ubuntu) 2.38) #101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023',
  '.ko',
);

/** Ubuntu 22.04 server: netplan/networkd, no NetworkManager, loose reverse path filtering. */
function jammy(name: string): Personality {
  return {
    name,
    systemdVersion: '249',
    kernel: JAMMY_KERNEL,
    files: {
      '/etc/os-release': osRelease('ubuntu-22.04'),
      '/usr/lib/os-release': osRelease('ubuntu-22.04'),
      '/etc/lsb-release': 'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\nDISTRIB_CODENAME=jammy\nDISTRIB_DESCRIPTION="Ubuntu 22.04 LTS"\n',
      '/etc/debian_version': 'bookworm/sid\n',
    },
    services: { ssh: { state: 'active' } },
    network: { sysctl: { 'net.ipv4.conf.all.rp_filter': '2', 'net.ipv4.conf.default.rp_filter': '2' } },
  };
}

// ---- Rocky Linux 8 ---------------------------------------------------------------------

const ROCKY_RELEASE = 'Rocky Linux release 8.4 (Green Obsidian)\n';

const ROCKY_KERNEL = distroKernel(
  {
    kernelName: 'Linux',
    kernelRelease: '4.18.0-513.5.1.el8_9.x86_64',
    kernelVersion: '#1 SMP Fri Nov 17 03:31:10 UTC 2023',
    machine: 'x86_64',
  },
  'Linux version 4.18.0-513.5.1.el8_9.x86_64 (mockbuild@iad1-prod-build001.bld.equ.rockylinux.org) ' +
    '(gcc version 8.5.0 20210514 (Red Hat 8.5.0-20) (GCC)) #1 SMP Fri Nov 17 03:31:10 UTC 2023',
  '.ko.xz',
  [],
  ['nf_conntrack_ipv4'],
);

const ROCKY_NM_CONF =
  '# Configuration file for NetworkManager.\n#\n# See "man 5 NetworkManager.conf" for details.\n\n' +
  '[main]\n#plugins=keyfile,ifcfg-rh\n\n[logging]\n#level=DEBUG\n#domains=ALL\n';
const ROCKY_NM_PRINT_CONFIG =
  '# NetworkManager configuration: /etc/NetworkManager/NetworkManager.conf (lib: 00-server.conf) (etc: calico.conf)\n\n' +
  '[main]\n# plugins=ifcfg-rh\nno-auto-default=*\nignore-carrier=*\n\n[logging]\n# backend=journal\n\n' +
  '[keyfile]\nunmanaged-devices=interface-name:cali*;interface-name:tunl*;interface-name:vxlan.calico;interface-name:wireguard.cali\n';

/** Rocky Linux 8 prepared as Calico's page asks: firewalld disabled, NetworkManager told to leave Calico's interfaces alone. */
function rocky8(name: string): Personality {
  return {
    name,
    systemdVersion: '239',
    kernel: ROCKY_KERNEL,
    files: {
      '/etc/os-release': osRelease('rocky-8.4'),
      '/usr/lib/os-release': osRelease('rocky-8.4'),
      '/etc/redhat-release': ROCKY_RELEASE,
      '/etc/rocky-release': ROCKY_RELEASE,
      '/etc/system-release': ROCKY_RELEASE,
      '/etc/NetworkManager/NetworkManager.conf': ROCKY_NM_CONF,
      '/etc/NetworkManager/conf.d/calico.conf': CALICO_NM_CONF,
    },
    hide: ['/etc/debian_version'],
    commands: { '/usr/sbin/NetworkManager': daemonScript('1.30.0-7.el8', ROCKY_NM_PRINT_CONFIG) },
    services: {
      sshd: { state: 'active' },
      NetworkManager: { state: 'active', daemon: '/usr/sbin/NetworkManager' },
      firewalld: { state: 'inactive', enabled: false },
    },
    network: { sysctl: { 'net.ipv4.conf.all.rp_filter': '1', 'net.ipv4.conf.default.rp_filter': '1' } },
  };
}

// ---- The fleet -------------------------------------------------------------------------

/** Issue 9's fleet: the Ubuntu 16.04 baseline and one host per verdict fix. */
export function issue9VerdictsFleet(): Personality[] {
  return [
    xenial('baseline'),
    jammy('ubuntu2204'),
    rocky8('rocky8'),
    xenial('nonroot', { login: 'user' }),
    xenial('sudoer', { login: 'sudoer', vars: { ansible_become: 'true' } }),
    xenial('calico-vxlan', {
      vars: { calico_encapsulation: 'vxlan' },
      network: {
        interfaces: [{ name: 'vxlan.calico', type: ['vxlan', 'id', '4096', 'dstport', '4789', 'nolearning'], addresses: ['198.18.250.1/32'], mtu: 1450 }],
      },
    }),
  ];
}

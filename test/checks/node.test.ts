import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeArch } from '../../src/checks/node/arch.js';
import { nodeKernel } from '../../src/checks/node/kernel.js';
import { nodeDistro } from '../../src/checks/node/distro.js';
import { nodeRpFilter } from '../../src/checks/node/rp-filter.js';
import { nodePrivileges } from '../../src/checks/node/privileges.js';
import { nodeFirewall } from '../../src/checks/node/firewall.js';
import { nodeNetworkManager, CALICO_NM_CONF, CALICO_NM_CONF_PATH } from '../../src/checks/node/networkmanager.js';
import { compareVersions, parseKernelRelease } from '../../src/checks/lib/kernel-version.js';
import { parseOsRelease } from '../../src/probes/parsers/os-release.js';
import { parseUnameA } from '../../src/probes/parsers/uname.js';
import { parseProcVersion } from '../../src/probes/parsers/proc-version.js';
import type { HostFacts, ServiceInfo } from '../../src/core/facts.js';
import { fixture, found, healthyHost, missing, settings } from './facts.js';

const fixtureDir = (path: string) => fileURLToPath(new URL(`../fixtures/checks/${path}`, import.meta.url));

function withUname(line: string): HostFacts {
  const uname = parseUnameA(line.split('\n')[0]!);
  if (!uname) throw new Error(`unparsable uname: ${line}`);
  return { ...healthyHost(), uname: found(uname, 'uname -a') };
}

describe('kernel release comparison', () => {
  it.each([
    ['3.10.0-1160.el7.x86_64', '3.10', 1],
    ['3.10', '3.10', 0],
    ['3.9.11', '3.10', -1],
    ['4.4.0-210-generic', '3.10', 1],
    ['4.18.0-193.el8.x86_64', '4.18.0-193', 0],
    ['4.18.0-147.13.2.el8_1.x86_64', '4.18.0-193', -1],
    ['5.3.0-rc1', '5.3', 0],
  ])('%s vs %s', (release, minimum, expected) => {
    expect(compareVersions(parseKernelRelease(release)!, parseKernelRelease(minimum)!)).toBe(expected);
  });

  it('does not read a version out of nonsense', () => {
    expect(parseKernelRelease('unknown')).toBeNull();
  });
});

describe('node.kernel and node.arch on real uname output', () => {
  const cases: [string, 'pass' | 'fail', 'pass' | 'fail'][] = [
    ['centos-7.7/uname-a.out', 'pass', 'pass'],
    ['ubuntu-18.04/uname-a.out', 'pass', 'pass'],
    ['debian-10/uname-a.out', 'pass', 'pass'],
    ['fedora-container-on-rhel-8.1-kernel/uname-a.out', 'pass', 'pass'],
    ['synology-dsm-ds414/uname-a.out', 'fail', 'fail'], // 3.2.40 on armv7l
    ['unknown-jc-generic/uname-a-different-proc.out', 'fail', 'fail'], // 2.6.18 on i686
  ];
  it.each(cases)('%s: kernel %s, arch %s', (file, kernel, arch) => {
    const facts = withUname(fixture(`uname/${file}`));
    const kernelVerdict = nodeKernel.evaluate(facts, settings());
    const archVerdict = nodeArch.evaluate(facts, settings());
    expect(kernelVerdict.status).toBe(kernel);
    expect(archVerdict.status).toBe(arch);
    expect(kernelVerdict.evidence[0]?.fact).toContain(facts.uname.ok ? facts.uname.value.kernelRelease : '?');
    expect(kernelVerdict.evidence[0]?.command).toBe('uname -a');
    if (kernel === 'fail') expect(kernelVerdict.remediation).toMatch(/Upgrade/);
  });

  it('falls back to /proc/version when uname is missing', () => {
    for (const name of ['version', 'version2', 'version3']) {
      const expected = JSON.parse(fixture(`proc-version/unknown-jc-linux-proc/${name}.json`)).version as string;
      const facts = { ...healthyHost(), uname: missing<never>('uname -snrm', 'uname did not run'), procVersion: found(parseProcVersion(fixture(`proc-version/unknown-jc-linux-proc/${name}`))!, '/proc/version') };
      const verdict = nodeKernel.evaluate(facts, settings());
      expect(verdict.evidence[0]).toEqual({ fact: `kernel release ${expected}`, command: '/proc/version' });
      expect(verdict.status).toBe(expected.startsWith('2.') ? 'fail' : 'pass');
    }
  });

  it('is unknown when neither names a kernel, and for an unparsable release', () => {
    const none = { ...healthyHost(), uname: missing<never>('uname -snrm', 'uname did not run'), procVersion: missing<never>('/proc/version', '/proc/version does not exist') };
    expect(nodeKernel.evaluate(none, settings()).status).toBe('unknown');
    expect(nodeArch.evaluate(none, settings()).status).toBe('unknown');
    const odd = withUname('Linux box weird-release #1 SMP x86_64 GNU/Linux');
    expect(nodeKernel.evaluate(odd, settings()).status).toBe('unknown');
  });

  it.each(['aarch64', 'ppc64le', 's390x', 'x86_64'])('passes %s', (machine) => {
    const facts = healthyHost();
    if (facts.uname.ok) facts.uname.value.machine = machine;
    expect(nodeArch.evaluate(facts, settings()).status).toBe('pass');
  });
});

describe('node.distro on every os-release of the corpus', () => {
  const tested = /^(centos-7|coreos-|debian-8|rhel-7\.|ubuntu-16\.04)/;
  const files = readdirSync(fixtureDir('os-release')).flatMap((dir) => readdirSync(fixtureDir(`os-release/${dir}`)).map((file) => `${dir}/${file}`));

  it('covers the tested distributions', () => {
    expect(files.filter((file) => tested.test(file)).length).toBeGreaterThanOrEqual(8);
    expect(files.length).toBeGreaterThan(80);
  });

  it.each(files)('%s', (file) => {
    const os = parseOsRelease(fixture(`os-release/${file}`));
    expect(os).not.toBeNull();
    const verdict = nodeDistro.evaluate({ ...healthyHost(), os: found(os!, '/etc/os-release') }, settings());
    expect(verdict.status).toBe(tested.test(file) ? 'pass' : 'warn');
    expect(verdict.evidence[0]?.fact).toContain(`ID=${os!.id || '(none)'}`);
    if (verdict.status === 'warn') expect(verdict.remediation).toBeTruthy();
  });

  it('passes Flatcar as the successor of CoreOS Container Linux', () => {
    const os = parseOsRelease('NAME="Flatcar Container Linux by Kinvolk"\nID=flatcar\nID_LIKE=coreos\nVERSION_ID=3033.2.4\n')!;
    expect(nodeDistro.evaluate({ ...healthyHost(), os: found(os, '/etc/os-release') }, settings()).status).toBe('pass');
  });

  it('is unknown without os-release', () => {
    const verdict = nodeDistro.evaluate({ ...healthyHost(), os: missing('/etc/os-release', 'neither /etc/os-release nor /usr/lib/os-release exists') }, settings());
    expect(verdict.status).toBe('unknown');
    expect(verdict.summary).toContain('neither /etc/os-release');
  });
});

describe('node.rp-filter', () => {
  const withValue = (value: string | undefined) =>
    nodeRpFilter.evaluate({ ...healthyHost(), sysctl: found<Record<string, string>>(value === undefined ? {} : { 'net.ipv4.conf.all.rp_filter': value }, '/proc/sys') }, settings());
  it('passes 0, 1 and 2; loose mode (the Ubuntu 20.04+ and systemd default) with a note, never a fix to force strict', () => {
    expect(withValue('0').status).toBe('pass');
    expect(withValue('1').status).toBe('pass');
    const loose = withValue('2');
    expect(loose.status).toBe('pass');
    expect(loose.summary).toMatch(/loose\)\. Note: Felix v3\.22 does not read this sysctl/);
    expect(loose.remediation).toBeUndefined();
    expect(loose.evidence).toEqual([{ fact: 'net.ipv4.conf.all.rp_filter = 2 (loose)', command: '/proc/sys' }]);
    expect(nodeRpFilter.notes).toMatch(/felix#2189/);
  });
  it('is unknown when the value is absent or odd', () => {
    expect(withValue(undefined).status).toBe('unknown');
    expect(withValue('7').status).toBe('unknown');
    expect(nodeRpFilter.evaluate({ ...healthyHost(), sysctl: missing('/proc/sys', 'sysctls were not read') }, settings()).status).toBe('unknown');
  });
});

describe('node.privileges', () => {
  const withPrivileges = (changes: Partial<{ uid: number; capEff: string; capBnd: string; initCapBnd: string | null; becomeAsked: boolean; becameRoot: boolean }>) => {
    const facts = healthyHost();
    if (facts.privileges.ok) Object.assign(facts.privileges.value, changes);
    return nodePrivileges.evaluate(facts, settings());
  };
  it('passes root with CAP_SYS_ADMIN everywhere', () => {
    expect(withPrivileges({}).status).toBe('pass');
  });
  it('is unknown, not fail, for a non-root login that never asked for root; fails when become gave no root', () => {
    const notAsked = withPrivileges({ uid: 1000, capEff: '0000000000000000', becomeAsked: false, becameRoot: false });
    expect(notAsked.status).toBe('unknown');
    expect(notAsked.remediation).toContain('--become');
    const asked = withPrivileges({ uid: 1000, capEff: '0000000000000000', becomeAsked: true, becameRoot: false });
    expect(asked.status).toBe('fail');
  });
  it('fails a non-root login whose bounding set lacks CAP_SYS_ADMIN: no root can get it back', () => {
    const without = (0x1fffffffffn & ~0x200000n).toString(16).padStart(16, '0');
    expect(withPrivileges({ uid: 1000, capEff: '0000000000000000', becomeAsked: false, becameRoot: false, initCapBnd: without }).status).toBe('fail');
  });
  it('is unknown with the sudo problem when become failed', () => {
    const verdict = nodePrivileges.evaluate(
      { ...healthyHost(), privileges: missing('/proc/self/status of the become shell', 'the root shell status needs root, and become failed: sudo needs a password: give it with --ask-become-pass (or ansible_become_password)') },
      settings(),
    );
    expect(verdict.status).toBe('unknown');
    expect(verdict.remediation).toMatch(/Fix sudo/);
  });
  it('fails when bit 21 is missing from a bounding set (a container, capsh --drop)', () => {
    // 0x1fffffffff without bit 21 (0x200000)
    const without = (0x1fffffffffn & ~0x200000n).toString(16).padStart(16, '0');
    expect(withPrivileges({ capBnd: without, capEff: without }).status).toBe('fail');
    const initOnly = withPrivileges({ initCapBnd: without });
    expect(initOnly.status).toBe('fail');
    expect(initOnly.summary).toContain('PID 1');
  });
  it('is unknown when the root shell could not be read, with the --become hint', () => {
    const verdict = nodePrivileges.evaluate({ ...healthyHost(), privileges: missing('/proc/self/status of the become shell', 'the root shell status needs root: re-run with --become') }, settings());
    expect(verdict.status).toBe('unknown');
    expect(verdict.remediation).toContain('--become');
  });
  it('is unknown for an unparsable mask', () => {
    expect(withPrivileges({ capBnd: 'garbage' }).status).toBe('unknown');
  });
});

const service = (state: ServiceInfo['state']): ServiceInfo => ({ state, method: 'systemctl' });

describe('node.firewall', () => {
  const withServices = (services: Record<string, ServiceInfo>) =>
    nodeFirewall.evaluate({ ...healthyHost(), services: found(services, 'systemctl is-active') }, settings());
  it('fails when firewalld or ufw is active, with the command to disable it', () => {
    const verdict = withServices({ firewalld: service('active'), ufw: service('inactive') });
    expect(verdict.status).toBe('fail');
    expect(verdict.remediation).toContain('systemctl stop firewalld && systemctl disable firewalld');
    expect(verdict.remediation).toContain('GlobalNetworkPolicy');
    expect(withServices({ firewalld: service('not-found'), ufw: service('active') }).remediation).toContain('ufw disable');
  });
  it('warns about rule loaders that would reload over Calico', () => {
    expect(withServices({ firewalld: service('inactive'), ufw: service('not-found'), 'netfilter-persistent': service('active') }).status).toBe('warn');
  });
  it('passes when none runs', () => {
    const verdict = withServices({ firewalld: service('inactive'), ufw: service('not-found') });
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence.map((entry) => entry.fact)).toEqual(['firewalld: inactive (by systemctl)', 'ufw: not-found (by systemctl)']);
  });
  it('is unknown when a manager could not be judged', () => {
    expect(withServices({ firewalld: service('unknown'), ufw: service('inactive') }).status).toBe('unknown');
    expect(withServices({ ufw: service('inactive') }).status).toBe('unknown');
  });
});

describe('node.networkmanager', () => {
  const judge = (state: ServiceInfo['state'], unmanaged: string[] | null, mode = settings()) =>
    nodeNetworkManager.evaluate(
      {
        ...healthyHost(),
        services: found({ NetworkManager: service(state) }, 'systemctl is-active NetworkManager'),
        networkManagerConfig: unmanaged === null ? missing('/etc/NetworkManager', 'NetworkManager files were not read') : found({ unmanagedDevices: unmanaged, files: ['/etc/NetworkManager/NetworkManager.conf'] }, '/etc/NetworkManager/NetworkManager.conf'),
      },
      mode,
    );
  it('passes when NetworkManager does not run', () => {
    expect(judge('inactive', null).status).toBe('pass');
  });
  it('fails when it runs without unmanaged-devices, giving the file to write', () => {
    const verdict = judge('active', []);
    expect(verdict.status).toBe('fail');
    expect(verdict.remediation).toContain(CALICO_NM_CONF_PATH);
    expect(verdict.remediation).toContain(CALICO_NM_CONF);
  });
  it('passes when globs cover the interfaces of the chosen mode', () => {
    expect(judge('active', ['interface-name:cali*', 'interface-name:tunl*']).status).toBe('pass');
    expect(judge('active', ['interface-name:cali*', 'interface-name:vxlan.*'], settings({ encapsulation: 'vxlan' })).status).toBe('pass');
    expect(judge('active', ['*']).status).toBe('pass');
    expect(judge('active', ['interface-name:cali*', 'type:ipip']).status).toBe('pass');
  });
  it('fails when a mode interface is left managed', () => {
    const verdict = judge('active', ['interface-name:cali*'], settings({ wireguard: true }));
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toContain('tunl*');
    expect(verdict.summary).toContain('wireguard.cali');
    expect(judge('active', ['interface-name:cali*', 'interface-name:tunl*', 'except:interface-name:tunl0']).status).toBe('fail');
  });
  it('is unknown when it runs and the config cannot be read', () => {
    expect(judge('active', null).status).toBe('unknown');
    expect(judge('unknown', []).status).toBe('unknown');
  });
});

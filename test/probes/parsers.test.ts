/**
 * Parsers on real command outputs from the shared corpus (copied to test/fixtures/probes,
 * see SOURCES.md there), compared with the expected parses shipped beside them (jc, ntc,
 * cloud-init) where they exist.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseUnameA, parseUnameSnrm } from '../../src/probes/parsers/uname.js';
import { parseOsRelease } from '../../src/probes/parsers/os-release.js';
import { parseProcModules } from '../../src/probes/parsers/proc-modules.js';
import { parseLsmod } from '../../src/probes/parsers/lsmod.js';
import { parseSs } from '../../src/probes/parsers/ss.js';
import { parseCapsh } from '../../src/probes/parsers/capsh.js';
import { parseProcStatus } from '../../src/probes/parsers/proc-status.js';
import { CAP_SYS_ADMIN, hasCapability } from '../../src/core/capabilities.js';
import { parseSysctl } from '../../src/probes/parsers/sysctl.js';
import { parseIpAddr } from '../../src/probes/parsers/ip-addr.js';
import { parseIptablesSave } from '../../src/probes/parsers/iptables-save.js';
import { parseProcVersion } from '../../src/probes/parsers/proc-version.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/probes');
const read = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');
const json = <T = any>(path: string): T => JSON.parse(read(path)) as T;

describe('uname -a (GNU and others)', () => {
  for (const dir of ['centos-7.7', 'ubuntu-18.04', 'debian-10', 'unknown-jc-generic']) {
    it(`${dir}: matches jc on name, node, release, version and machine`, () => {
      const expected = json(`uname/${dir}/uname-a.json`);
      const got = parseUnameA(read(`uname/${dir}/uname-a.out`))!;
      expect(got).toMatchObject({
        kernelName: expected.kernel_name,
        nodename: expected.node_name,
        kernelRelease: expected.kernel_release,
        kernelVersion: expected.kernel_version,
        machine: expected.machine,
      });
    });
  }

  it('reads PROCESSOR and PLATFORM in GNU order, where jc swaps them', () => {
    // `uname -a` prints -m -p -i in that order: "i686 i686 i386" is machine i686, processor
    // i686, hardware platform i386. jc's expected JSON has processor "i386" and
    // hardware_platform "i686": the two fields are swapped there.
    const jc = json('uname/unknown-jc-generic/uname-a-different-proc.json');
    expect([jc.processor, jc.hardware_platform]).toEqual(['i386', 'i686']);
    const got = parseUnameA(read('uname/unknown-jc-generic/uname-a-different-proc.out'))!;
    expect(got).toMatchObject({ machine: 'i686', processor: 'i686', hardwarePlatform: 'i386', kernelRelease: '2.6.18-194.e15PAE' });
  });

  it('stops at GNU/Linux even when a vendor appends more (Synology)', () => {
    const got = parseUnameA(read('uname/synology-dsm-ds414/uname-a.out'))!;
    expect(got).toMatchObject({ machine: 'armv7l', kernelRelease: '3.2.40', nodename: 'DiskStation' });
  });

  it('handles BSD and macOS layouts (no OS field)', () => {
    const mac = json('uname/non-linux-osx-10.14.6/uname-a.json');
    expect(parseUnameA(read('uname/non-linux-osx-10.14.6/uname-a.out'))).toMatchObject({ kernelName: 'Darwin', machine: mac.machine, kernelRelease: mac.kernel_release });
  });

  it('uname -snrm, as the probe runs it, is four words', () => {
    expect(parseUnameSnrm('Linux node1 3.10.0-1160.el7.x86_64 x86_64\n', '#1 SMP Mon Oct 19 16:18:59 UTC 2020')).toEqual({
      kernelName: 'Linux', nodename: 'node1', kernelRelease: '3.10.0-1160.el7.x86_64', machine: 'x86_64', kernelVersion: '#1 SMP Mon Oct 19 16:18:59 UTC 2020',
    });
    expect(parseUnameSnrm('uname: invalid option', '')).toBeNull();
  });
});

describe('os-release on every distribution in the corpus', () => {
  const root = join(FIXTURES, 'os-release');
  const files = readdirSync(root).flatMap((dir) =>
    readdirSync(join(root, dir)).filter((f) => !f.endsWith('.json')).map((f) => ({ dir, file: `os-release/${dir}/${f}` })),
  );

  it('covers the corpus', () => expect(files.length).toBeGreaterThanOrEqual(78));

  // The corpus names each folder ID-VERSION_ID, chosen by hand from the distributions' docs.
  for (const { dir, file } of files) {
    it(`${file}`, () => {
      const got = parseOsRelease(read(file))!;
      const named = /^(.*?)-(\d[\w.]*)$/.exec(dir);
      if (dir === 'ubuntu-18.04-noid') {
        expect(got.fields.ID ?? '').toBe('');
        expect(got.versionId).toBe('18.04');
        return;
      }
      expect(got.id).toBe((named ? named[1]! : dir).toLowerCase());
      if (named) expect(got.versionId).toBe(named[2]);
      expect(got.name).not.toBe('');
    });
  }

  it('matches jc on CentOS 7 and Ubuntu 18.04, quotes removed', () => {
    for (const [file, expected] of [
      ['os-release/centos-7/jc.os-release-centos.os-release', 'os-release/centos-7/jc.os-release-centos.json'],
      ['os-release/ubuntu-18.04/jc.os-release-ubuntu.os-release', 'os-release/ubuntu-18.04/jc.os-release-ubuntu.json'],
    ] as const) {
      expect(parseOsRelease(read(file))!.fields).toEqual(json(expected));
    }
    const centos = parseOsRelease(read('os-release/centos-7/jc.os-release-centos.os-release'))!;
    expect(centos).toMatchObject({ id: 'centos', versionId: '7', idLike: ['rhel', 'fedora'] });
  });
});

describe('loaded modules', () => {
  it('/proc/modules matches jc', () => {
    const expected = json<{ module: string }[]>('proc-modules/unknown-jc-linux-proc/modules.json').map((m) => m.module);
    expect(parseProcModules(read('proc-modules/unknown-jc-linux-proc/modules'))).toEqual(expected);
  });

  for (const dir of ['centos-7.7', 'ubuntu-18.04']) {
    it(`lsmod on ${dir} matches jc`, () => {
      const expected = json<{ module: string }[]>(`lsmod/${dir}/lsmod.json`).map((m) => m.module);
      expect(parseLsmod(read(`lsmod/${dir}/lsmod.out`))).toEqual(expected);
    });
  }

  it('lsmod without its header is not lsmod output', () => {
    expect(parseLsmod('lsmod: ERROR: could not open /proc/modules')).toBeNull();
  });
});

describe('ss', () => {
  it('ss -tulpen (Ubuntu 18.04) lists every listener jc lists', () => {
    type JcSs = { netid: string; state: string; local_address: string; local_port: string };
    const expected = json<JcSs[]>('ss/ubuntu-18.04/ss-sudo-tulpen.json')
      .filter((s) => (s.netid === 'tcp' && s.state === 'LISTEN') || (s.netid === 'udp' && s.state === 'UNCONN'))
      .map((s) => `${s.netid} ${s.local_address.replace(/^\[|\]$/g, '').replace(/%.*$/, '')} ${s.local_port}`);
    const got = parseSs(read('ss/ubuntu-18.04/ss-sudo-tulpen.out'))!.map((l) => `${l.protocol} ${l.address} ${l.port}`);
    expect(got).toEqual(expected);
  });

  it('reads process owners, old wildcard forms and zone ids (inspec ss -tulpen)', () => {
    const got = parseSs(read('ss/unknown-inspec/ss-tulpen.out'))!;
    expect(got).toContainEqual({ protocol: 'udp', family: 4, address: '*', port: 68, process: 'dhclient' });
    expect(got).toContainEqual({ protocol: 'tcp', family: 6, address: '::', port: 22, process: 'sshd' });
    expect(got).toContainEqual({ protocol: 'tcp', family: 6, address: 'fe80::a00:27ff:fe32:ed09', port: 9200, process: 'java' });
  });

  it('ss -a (CentOS 7): only TCP listeners and bound UDP sockets, service names skipped', () => {
    const got = parseSs(read('ss/centos-7.7/ss-sudo-a.out'))!;
    expect(got.every((l) => l.protocol === 'tcp' || l.protocol === 'udp')).toBe(true);
    expect(got).toContainEqual({ protocol: 'udp', family: 4, address: '127.0.0.1', port: 323 });
    expect(got).toContainEqual({ protocol: 'udp', family: 6, address: '::1', port: 323 });
  });
});

describe('capabilities', () => {
  it('old libcap (2.25) "Current: = caps+eip": Docker default set, no CAP_SYS_ADMIN', () => {
    const got = parseCapsh(read('capsh/alpine-3.4-libcap-2.25/capsh-print.out'))!;
    // Docker's default capability set is the well-known mask 0x00000000a80425fb.
    expect(got.capEff).toBe('00000000a80425fb');
    expect(got.capBnd).toBe('00000000a80425fb');
    expect(hasCapability(got.capEff, CAP_SYS_ADMIN)).toBe(false);
  });

  it('only inheritable caps are not effective ("+i", "=i")', () => {
    for (const dir of ['fedora-container-buildah-1.14.8-on-rhel-8.1', 'fedora-container-buildah-1.23.1-on-rhel-8.1', 'fedora-container-buildah-1.36.0-on-rhel-9.4']) {
      const got = parseCapsh(read(`capsh/${dir}/capsh-print.out`))!;
      expect(got.capEff).toBe('0000000000000000');
      expect(hasCapability(got.capBnd!, 0)).toBe(true); // cap_chown
      expect(hasCapability(got.capBnd!, CAP_SYS_ADMIN)).toBe(false);
    }
  });

  it('new libcap formats: "=ep", "=ep cap_x-ep", "cap_a,cap_b=ep"', () => {
    const all = parseCapsh('Current: =ep\nBounding set =cap_chown,cap_sys_admin\n')!;
    expect(hasCapability(all.capEff, CAP_SYS_ADMIN)).toBe(true);
    expect(all.capBnd).toBe((1n | (1n << 21n)).toString(16).padStart(16, '0'));
    const minus = parseCapsh('Current: =ep cap_sys_admin-ep\n')!;
    expect(hasCapability(minus.capEff, CAP_SYS_ADMIN)).toBe(false);
    expect(hasCapability(minus.capEff, 0)).toBe(true);
    const list = parseCapsh('Current: cap_chown,cap_sys_admin=ep\n')!;
    expect(list.capEff).toBe((1n | (1n << 21n)).toString(16).padStart(16, '0'));
    expect(parseCapsh('Current: =\n')!.capEff).toBe('0000000000000000');
  });

  it('/proc/PID/status: uid and 64-bit masks (jc, procfs, facter)', () => {
    const jc = json('proc-status/unknown-jc-linux-proc/status.json');
    const got = parseProcStatus(read('proc-status/unknown-jc-linux-proc/status'));
    expect(got.uid).toBe(jc.Uid[1]);
    expect(got.capEff).toBe(jc.CapEff);
    expect(got.capBnd).toBe(jc.CapBnd);
    for (const file of ['unknown-procfs-26231', 'unknown-procfs-26235-container']) {
      const status = parseProcStatus(read(`proc-status/${file}/status`));
      expect(status.capBnd).toMatch(/^[0-9a-f]{16}$/);
      expect(hasCapability(status.capBnd!, CAP_SYS_ADMIN)).toBe(true);
    }
    // OpenVZ kernels print no Cap lines: the masks stay unknown rather than zero.
    for (const file of ['unknown-facter-openvz-host', 'unknown-facter-openvz-container']) {
      const status = parseProcStatus(read(`proc-status/${file}/status`));
      expect(status.uid).toBeTypeOf('number');
      expect(status.capEff).toBeUndefined();
      expect(status.capBnd).toBeUndefined();
    }
  });

  it('hasCapability uses all 64 bits', () => {
    expect(hasCapability('8000000000000000', 63)).toBe(true);
    expect(hasCapability('000001fffeffffff', 24)).toBe(false);
    expect(hasCapability('000001fffeffffff', 40)).toBe(true);
  });
});

describe('sysctl -a', () => {
  for (const dir of ['centos-7.7', 'ubuntu-18.04']) {
    it(`${dir}: matches jc`, () => {
      const expected = json<Record<string, string | number>>(`sysctl/${dir}/sysctl-a.json`);
      const got = parseSysctl(read(`sysctl/${dir}/sysctl-a.out`));
      for (const key of ['net.ipv4.conf.all.rp_filter', 'net.ipv4.ip_forward', 'kernel.osrelease']) {
        expect(got[key], key).toBe(String(expected[key]));
      }
      expect(Object.keys(got).length).toBe(Object.keys(expected).length);
    });
  }

  it('the probe\'s grep -H form under /proc/sys', () => {
    expect(parseSysctl('net/ipv4/conf/all/rp_filter:2\nnet/ipv4/ip_local_port_range:32768\t60999\n')).toEqual({
      'net.ipv4.conf.all.rp_filter': '2',
      'net.ipv4.ip_local_port_range': '32768\t60999',
    });
  });
});

describe('ip addr show', () => {
  it('matches cloud-init\'s `ip -j addr show` of the same host', () => {
    type J = { ifname: string; mtu: number; operstate: string; addr_info: { local: string; prefixlen: number; family: string }[] };
    const expected = json<J[]>('ip-addr/unknown-cloud-init/ip-j-addr-show.json').map((i) => ({
      name: i.ifname, mtu: i.mtu, state: i.operstate, addresses: i.addr_info.map((a) => `${a.local}/${a.prefixlen}`),
    }));
    const got = parseIpAddr(read('ip-addr/unknown-cloud-init/ip-addr-show.out'))!.map((i) => ({
      name: i.name, mtu: i.mtu, state: i.state, addresses: i.addresses.map((a) => `${a.address}/${a.prefixLength}`),
    }));
    expect(got).toEqual(expected);
  });

  for (const dir of ['busybox', 'unknown-ntc-1', 'unknown-ntc-2']) {
    it(`${dir}: matches ntc-templates`, () => {
      type Ntc = { interface: string; mtu: string; ip_addresses: string[]; ip_masks: string[]; ipv6_addresses: string[]; ipv6_masks: string[] };
      const expected = (parseYaml(read(`ip-addr/${dir}/ip-address-show.ntc.yml`)) as { parsed_sample: Ntc[] }).parsed_sample.map((i) => ({
        name: i.interface,
        mtu: Number(i.mtu),
        v4: i.ip_addresses.map((a, k) => `${a}/${i.ip_masks[k]}`),
        v6: i.ipv6_addresses.map((a, k) => `${a}/${i.ipv6_masks[k]}`),
      }));
      const got = parseIpAddr(read(`ip-addr/${dir}/ip-address-show.out`))!.map((i) => ({
        name: i.name,
        mtu: i.mtu,
        v4: i.addresses.filter((a) => a.family === 4).map((a) => `${a.address}/${a.prefixLength}`),
        v6: i.addresses.filter((a) => a.family === 6).map((a) => `${a.address}/${a.prefixLength}`),
      }));
      expect(got).toEqual(expected);
    });
  }
});

describe('iptables-save', () => {
  const root = join(FIXTURES, 'iptables-save');
  for (const dir of readdirSync(root)) {
    for (const file of readdirSync(join(root, dir))) {
      it(`${dir}/${file}: every DROP/REJECT rule and DROP policy, with its table`, () => {
        const text = read(`iptables-save/${dir}/${file}`);
        const lines = text.split('\n');
        const expected = lines.filter((l) => /^-A .* -j (DROP|REJECT)( |$)/.test(l) || /^:\S+ DROP /.test(l));
        const got = parseIptablesSave(text);
        expect(got.map((r) => r.rule)).toEqual(expected);
        for (const rule of got) {
          const at = lines.indexOf(rule.rule);
          const table = lines.slice(0, at).reverse().find((l) => l.startsWith('*'));
          expect(rule.table).toBe(table?.slice(1));
        }
      });
    }
  }
});

describe('/proc/version', () => {
  for (const file of ['version', 'version2', 'version3']) {
    it(`${file}: the release matches jc`, () => {
      expect(parseProcVersion(read(`proc-version/unknown-jc-linux-proc/${file}`))?.release).toBe(json(`proc-version/unknown-jc-linux-proc/${file}.json`).version);
    });
  }
});

describe('interface heads (ip link show) through the ip addr parser', () => {
  for (const dir of ['busybox', 'unknown-ntc-1', 'unknown-ntc-2']) {
    it(`${dir}: names, MTU, state and link type match ntc-templates`, () => {
      type Ntc = { interface: string; mtu: string; state: string; type: string };
      const expected = (parseYaml(read(`ip-link/${dir}/ip-link-show.ntc.yml`)) as { parsed_sample: Ntc[] }).parsed_sample.map((i) => ({
        name: i.interface, mtu: Number(i.mtu), kind: `link/${i.type}`,
      }));
      const got = parseIpAddr(read(`ip-link/${dir}/ip-link-show.out`))!.map((i) => ({ name: i.name, mtu: i.mtu, kind: i.kind }));
      expect(got).toEqual(expected);
    });
  }

  it('facter: `ip -o link show` (one line per link), including bonded and InfiniBand links', () => {
    expect(parseIpAddr(read('ip-link/unknown-facter/ip-link-show.out'))!.map((i) => [i.name, i.mtu, i.kind])).toEqual([
      ['lo', 65536, 'link/loopback'],
      ['ens160', 1500, 'link/ether'],
    ]);
    const got = parseIpAddr(read('ip-link/unknown-facter/ip-o-link-show.out'))!;
    expect(got.find((i) => i.name === 'ib0')).toMatchObject({ mtu: 4092, state: 'DOWN', kind: 'link/infiniband' });
    expect(got.find((i) => i.name === 'eth2')).toMatchObject({ mtu: 1500, state: 'UP' });
  });
});

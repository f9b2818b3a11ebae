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
import { backendOfHeader, parseIptablesSave } from '../../src/probes/parsers/iptables-save.js';
import { isIptablesNftTable, parseNftRuleset } from '../../src/probes/parsers/nft-ruleset.js';
import { parseProcVersion } from '../../src/probes/parsers/proc-version.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/probes');
const read = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');
const firewallFixture = (path: string) => readFileSync(join(FIXTURES, '../firewall', path), 'utf8');
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
      it(`${dir}/${file}: every table, chain, policy and rule in order; rules counted as Felix counts them`, () => {
        const text = read(`iptables-save/${dir}/${file}`);
        const lines = text.split('\n');
        const got = parseIptablesSave(text, file.startsWith('ip6') ? 6 : 4);
        expect(got.ruleCount).toBe(lines.filter((l) => l.startsWith('-')).length);
        expect(got.tables.map((t) => t.name)).toEqual(lines.filter((l) => l.startsWith('*')).map((l) => l.slice(1).trim()));
        for (const table of got.tables) {
          // Rules are kept per chain in file order (iptables-save prints a chain's rules in order).
          const start = lines.indexOf(`*${table.name}`);
          const body = lines.slice(start, lines.indexOf('COMMIT', start));
          for (const chain of table.chains) {
            const expected = body.map((l) => l.trimEnd()).filter((l) => l === `-A ${chain.name}` || l.startsWith(`-A ${chain.name} `));
            expect(chain.rules, `${table.name} ${chain.name}`).toEqual(/^(cali-|KUBE-)/.test(chain.name) ? [] : expected);
            const declared = body.find((l) => l.startsWith(`:${chain.name} `))?.split(' ')[1];
            if (declared) expect(chain.policy).toBe(declared === '-' ? null : declared);
          }
        }
      });
    }
  }

  it('a Calico v3.22 node: cali- and KUBE- chains counted, their rules not kept', () => {
    const text = firewallFixture('iptables-save/calico-v3.22-kubernetes-node.out');
    const got = parseIptablesSave(text, 4);
    const filter = got.tables.find((t) => t.name === 'filter')!;
    expect(got.ruleCount).toBe(text.split('\n').filter((l) => l.startsWith('-A')).length);
    expect(filter.chains.find((c) => c.name === 'INPUT')?.rules).toEqual([
      '-A INPUT -m comment --comment "cali:Cz_u1IQiXIMmKD4c" -j cali-INPUT',
      '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
      '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
      '-A INPUT -j KUBE-FIREWALL',
    ]);
    expect(filter.chains.find((c) => c.name === 'cali-fw-cali1d2b6f7c1a4')).toEqual({ name: 'cali-fw-cali1d2b6f7c1a4', policy: null, rules: [] });
    expect(got.generatedBy).toBe('iptables-save v1.8.9');
  });

  it('the probe\'s cut-down lines ("-A cali-", "-A KUBE-") count the same as the whole rules', () => {
    const whole = firewallFixture('iptables-save/calico-v3.22-kubernetes-node.out');
    const cut = whole.replace(/^-A (cali|KUBE)-.*$/gm, '-A $1-');
    expect(parseIptablesSave(cut, 4)).toEqual(parseIptablesSave(whole, 4));
  });

  it('the backend a header names: nf_tables, old xtables-save, legacy and pre-1.8', () => {
    expect(backendOfHeader('iptables-nft-save v1.8.9 (nf_tables)')).toBe('nft');
    expect(backendOfHeader('iptables-save v1.8.4 (nf_tables)')).toBe('nft');
    expect(backendOfHeader('xtables-save v1.8.2')).toBe('nft');
    expect(backendOfHeader('iptables-save v1.8.9')).toBe('legacy');
    expect(backendOfHeader('iptables-save v1.4.21')).toBe('legacy');
    expect(backendOfHeader(null)).toBeNull();
  });

  it("iptables-nft's legacy-tables warning is kept", () => {
    const got = parseIptablesSave('# Warning: iptables-legacy tables present, use iptables-legacy-save to see them\n# Generated by iptables-nft-save v1.8.9 (nf_tables) on Mon Dec  7 12:41:28 2026\n*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n# Completed on Mon Dec  7 12:41:28 2026\n', 4);
    expect(got.warnings).toEqual(['# Warning: iptables-legacy tables present, use iptables-legacy-save to see them']);
  });
});

describe('nft list ruleset', () => {
  it('RHEL 8 (firewalld 0.8, libvirt): every table, base chains with hook, priority and policy, rules in order', () => {
    const text = firewallFixture('nft/rhel-8-firewalld-0.8-libvirt.nft');
    const tables = parseNftRuleset(text);
    expect(tables.map((t) => `${t.family} ${t.name}`)).toEqual(text.split('\n').filter((l) => l.startsWith('table ')).map((l) => l.replace(/^table (\S+ \S+) \{$/, '$1')));
    const firewalld = tables.find((t) => t.family === 'inet' && t.name === 'firewalld')!;
    expect(firewalld.chains.find((c) => c.name === 'filter_INPUT')).toEqual({
      name: 'filter_INPUT',
      base: { type: 'filter', hook: 'input', priority: '10', policy: 'accept' },
      rules: ['ct state established,related accept', 'iifname "lo" accept', 'jump filter_INPUT_ZONES_SOURCE', 'jump filter_INPUT_ZONES', 'ct state invalid drop', 'reject with icmpx type admin-prohibited'],
    });
    expect(firewalld.chains.find((c) => c.name === 'filter_IN_public_allow')?.rules).toEqual([
      'tcp dport ssh ct state new,untracked accept',
      'ip6 daddr fe80::/64 udp dport dhcpv6-client ct state new,untracked accept',
      'tcp dport 9090 ct state new,untracked accept',
    ]);
    // Every rule line of the file lands in exactly one chain.
    const ruleLines = text.split('\n').filter((l) => /^\t\t/.test(l) && !/^\t\ttype \S+ hook /.test(l));
    expect(tables.flatMap((t) => t.chains.flatMap((c) => c.rules))).toHaveLength(ruleLines.length);
    expect(tables.filter(isIptablesNftTable).map((t) => `${t.family} ${t.name}`)).toEqual(['ip filter', 'ip6 filter', 'ip security', 'ip raw', 'ip mangle', 'ip nat', 'ip6 security', 'ip6 raw', 'ip6 mangle', 'ip6 nat']);
  });

  it('firewalld 1.3.3 (RHEL 9 layout): priorities by name, zone chains ending in a reject', () => {
    const [table] = parseNftRuleset(firewallFixture('nft/firewalld-1.3.3-public.nft'));
    expect(table?.chains.find((c) => c.name === 'filter_INPUT')?.base).toEqual({ type: 'filter', hook: 'input', priority: 'filter + 10', policy: 'accept' });
    expect(table?.chains.find((c) => c.name === 'nat_OUTPUT')?.base).toEqual({ type: 'nat', hook: 'output', priority: '-90', policy: 'accept' });
    expect(table?.chains.find((c) => c.name === 'filter_IN_public')?.rules.slice(-2)).toEqual(['meta l4proto { icmp, ipv6-icmp } accept', 'reject with icmpx admin-prohibited']);
  });

  it('a hand-written inet table: policy drop and a named set with its elements', () => {
    const [table] = parseNftRuleset(firewallFixture('nft/inet-filter-hand-written.nft'));
    expect(table?.sets).toEqual({ calico_peers: ['192.0.2.0/24', '198.51.100.7'] });
    expect(table?.chains.map((c) => [c.name, c.base?.policy])).toEqual([['input', 'drop'], ['forward', 'drop'], ['output', 'accept']]);
    expect(table?.chains[0]?.rules[0]).toBe('ct state vmap { invalid : drop, established : accept, related : accept }');
  });

  it('sets whose elements wrap over lines, one-line sets and maps, and the warning nft prints about iptables-nft tables', () => {
    const tables = parseNftRuleset(
      '# Warning: table ip nat is managed by iptables-nft, do not touch!\ntable ip calico {\n\tset cali40this-host {\n\t\ttype ipv4_addr\n\t\telements = { 10.128.0.212, 127.0.0.0,\n\t\t\t     127.0.0.1, 192.168.122.1 }\n\t}\n\n\tset one { type inet_service; elements = { 22, 8080 } }\n\n\tmap filter-cali-from-wl-dispatch {\n\t\ttype ifname : verdict\n\t}\n\n\tchain filter-INPUT {\n\t\ttype filter hook input priority filter; policy accept;\n\t\tcounter packets 12 bytes 900 jump filter-cali-INPUT\n\t}\n}\n',
    );
    expect(tables).toEqual([
      {
        family: 'ip',
        name: 'calico',
        sets: { 'cali40this-host': ['10.128.0.212', '127.0.0.0', '127.0.0.1', '192.168.122.1'], one: ['22', '8080'] },
        chains: [{ name: 'filter-INPUT', base: { type: 'filter', hook: 'input', priority: 'filter', policy: 'accept' }, rules: ['counter packets 12 bytes 900 jump filter-cali-INPUT'] }],
      },
    ]);
  });
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

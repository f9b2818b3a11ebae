/**
 * parseFacts on probe sections shaped as hosts print them, for what this machine cannot
 * show: NetworkManager and CNI configuration, systemd answering, firewall rules, become
 * failures, old `date`, and output cut short by the remote timeout.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { becomeFailure, parseFacts } from '../../src/probes/index.js';
import type { RawProbeOutput } from '../../src/core/facts.js';

type Sections = Record<string, RawProbeOutput>;
/** The units these hosts were asked about, as the meta section of the run lists them. */
const SERVICE_UNITS = ['firewalld', 'ufw', 'NetworkManager', 'iptables', 'shorewall', 'kubelet'];
const sec = (stdout: string, exitCode: number | null = 0): RawProbeOutput => ({ stdout, exitCode, truncated: false });
const base = (extra: Sections = {}, uid = 0, become = 'none'): Sections => ({
  meta: sec(`uid=${uid} become=${become} ports=179 units=${SERVICE_UNITS.join(',')}\n`),
  ps: sec('1 systemd\n'),
  units: sec(''),
  'cni-ls': sec(''),
  'f:/proc/net/route': sec('Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n'),
  end: sec(''),
  ...extra,
});
const facts = (raw: Sections) => parseFacts(raw, { sentEpochMs: 1_700_000_000_000, receivedEpochMs: 1_700_000_000_100 });

describe('NetworkManager configuration', () => {
  it('main file, then conf.d by file name (/etc overriding /usr/lib), later files winning', () => {
    const f = facts(base({
      'f:/etc/NetworkManager/NetworkManager.conf': sec('[main]\nplugins=ifcfg-rh\n\n[keyfile]\nunmanaged-devices=interface-name:docker0\n'),
      'f:/usr/lib/NetworkManager/conf.d/00-server.conf': sec('[main]\nno-auto-default=*\n'),
      'f:/usr/lib/NetworkManager/conf.d/calico.conf': sec('[keyfile]\nunmanaged-devices=interface-name:old*\n'),
      'f:/etc/NetworkManager/conf.d/calico.conf': sec('[keyfile]\nunmanaged-devices=interface-name:cali*;interface-name:tunl*;interface-name:vxlan.calico\n'),
      'f:/etc/NetworkManager/conf.d/zz-wg.conf': sec('[keyfile]\nunmanaged-devices+=interface-name:wireguard.cali\n'),
    }));
    expect(f.networkManagerConfig).toEqual({
      ok: true,
      value: {
        unmanagedDevices: ['interface-name:cali*', 'interface-name:tunl*', 'interface-name:vxlan.calico', 'interface-name:wireguard.cali'],
        files: ['/etc/NetworkManager/NetworkManager.conf', '/usr/lib/NetworkManager/conf.d/00-server.conf', '/etc/NetworkManager/conf.d/calico.conf', '/etc/NetworkManager/conf.d/zz-wg.conf'],
      },
      source: expect.stringContaining('/etc/NetworkManager/conf.d/calico.conf'),
    });
  });

  it('NetworkManager --print-config wins when it worked; entries split on ";" or ","', () => {
    const f = facts(base({
      'nm-print-config': sec('# NetworkManager configuration: /etc/NetworkManager/NetworkManager.conf (etc: calico.conf)\n\n[main]\n# rc-manager=symlink\nplugins=ifcfg-rh,keyfile\n\n[keyfile]\nunmanaged-devices=interface-name:cali*,interface-name:tunl*\n'),
      'f:/etc/NetworkManager/NetworkManager.conf': sec('[keyfile]\nunmanaged-devices=interface-name:eth9\n'),
    }));
    expect(f.networkManagerConfig).toMatchObject({ ok: true, value: { unmanagedDevices: ['interface-name:cali*', 'interface-name:tunl*'], files: ['NetworkManager --print-config'] } });
  });

  it('a failed --print-config (NetworkManager < 1.2) falls back to the files', () => {
    const f = facts(base({
      'nm-print-config': sec('NetworkManager: Unknown option --print-config\n', 1),
      'f:/etc/NetworkManager/NetworkManager.conf': sec('[keyfile]\nunmanaged-devices=interface-name:cali*\n'),
    }));
    expect(f.networkManagerConfig).toMatchObject({ ok: true, value: { unmanagedDevices: ['interface-name:cali*'] } });
  });
});

describe('CNI configuration', () => {
  it('file names and plugin types of .conflist and .conf; unreadable or broken files keep their name', () => {
    const f = facts(base({
      'cni-ls': sec('/etc/cni/net.d/10-flannel.conflist\n/etc/cni/net.d/10-calico.conflist\n/etc/cni/net.d/99-loopback.conf\n/etc/cni/net.d/calico-kubeconfig\n/etc/cni/net.d/broken.conf\n'),
      'f:/etc/cni/net.d/10-flannel.conflist': sec('{"name":"cbr0","cniVersion":"0.3.1","plugins":[{"type":"flannel","delegate":{"hairpinMode":true,"isDefaultGateway":true}},{"type":"portmap","capabilities":{"portMappings":true}}]}\n'),
      'f:/etc/cni/net.d/10-calico.conflist': sec('/etc/cni/net.d/10-calico.conflist: permission denied\n', 13),
      'f:/etc/cni/net.d/99-loopback.conf': sec('{"cniVersion":"0.2.0","name":"lo","type":"loopback"}'),
      'f:/etc/cni/net.d/broken.conf': sec('{"type": '),
    }));
    expect(f.cni).toEqual({
      ok: true,
      source: '/etc/cni/net.d/*',
      value: {
        files: [
          { name: '10-flannel.conflist', types: ['flannel', 'portmap'] },
          { name: '10-calico.conflist', types: [] },
          { name: '99-loopback.conf', types: ['loopback'] },
          { name: 'calico-kubeconfig', types: [] },
          { name: 'broken.conf', types: [] },
        ],
      },
    });
  });
});

describe('services', () => {
  it('systemctl is-active answers, one line per unit in order', () => {
    const states = SERVICE_UNITS.map((u) => (u === 'firewalld' || u === 'NetworkManager' ? 'active' : u === 'kubelet' ? 'failed' : 'inactive'));
    const f = facts(base({ systemctl: sec(`${states.join('\n')}\n`, 3) }));
    expect(f.services.ok && f.services.value.firewalld).toEqual({ state: 'active', method: 'systemctl' });
    expect(f.services.ok && f.services.value.kubelet).toEqual({ state: 'failed', method: 'systemctl' });
    expect(f.services.ok && f.services.value.ufw).toEqual({ state: 'inactive', method: 'systemctl' });
  });

  it('ufw.service "active" with ENABLED=no in ufw.conf is inactive', () => {
    const states = SERVICE_UNITS.map((u) => (u === 'ufw' ? 'active' : 'inactive'));
    const f = facts(base({ systemctl: sec(`${states.join('\n')}\n`, 3), 'f:/etc/ufw/ufw.conf': sec('# /etc/ufw/ufw.conf\nENABLED=no\nLOGLEVEL=low\n') }));
    expect(f.services.ok && f.services.value.ufw?.state).toBe('inactive');
  });

  // What systemctl prints on this machine, whose PID 1 is not systemd.
  const NOT_BOOTED = sec("System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down\n", 1);
  const UNIT_FILES =
    'unit firewalld /usr/lib/systemd/system/firewalld.service\nunit iptables /usr/lib/systemd/system/iptables.service\nenabled iptables /etc/systemd/system/basic.target.wants/iptables.service\nunit NetworkManager /usr/lib/systemd/system/NetworkManager.service\n';

  it('systemd booted but not answering: process list for daemons; a oneshot with a unit file is unknown, never inactive', () => {
    const f = facts(base({
      systemctl: sec('Failed to connect to bus: No such file or directory\n', 1),
      ps: sec('1 systemd\n/proc/812 firewalld\n'),
      units: sec(`${UNIT_FILES}systemd-booted\n`),
    }));
    expect(f.services.ok).toBe(true);
    if (!f.services.ok) return;
    expect(f.services.value.firewalld).toEqual({ state: 'active', method: 'process' });
    expect(f.services.value.NetworkManager).toEqual({ state: 'inactive', method: 'process' });
    expect(f.services.value.iptables).toEqual({ state: 'unknown', method: 'process' });
    expect(f.services.value.shorewall).toEqual({ state: 'not-found', method: 'process' });
    expect(f.services.source).toMatch(/systemctl did not answer/);
    expect(f.services.source).not.toMatch(/not booted with systemd/);
  });

  it('not booted with systemd: a unit file alone never started, so its oneshot is inactive; an init script of the name keeps it unknown', () => {
    const f = facts(base({
      systemctl: NOT_BOOTED,
      ps: sec('1 init\n'),
      units: sec(`${UNIT_FILES}unit shorewall /lib/systemd/system/shorewall.service\ninitd shorewall /etc/init.d/shorewall\n`),
    }));
    expect(f.services.ok).toBe(true);
    if (!f.services.ok) return;
    expect(f.services.value.iptables).toEqual({ state: 'inactive', method: 'process' });
    expect(f.services.value.shorewall).toEqual({ state: 'unknown', method: 'process' });
    expect(f.services.source).toMatch(/systemctl did not answer \(System has not been booted with systemd.*; not booted with systemd: no \/run\/systemd\/system\)$/);
  });

  it('hidden processes (hidepid): a daemon not seen is unknown, not inactive', () => {
    const f = facts(base({ ps: sec('1 \n'), units: sec('unit NetworkManager /usr/lib/systemd/system/NetworkManager.service\nsystemd-booted\n') }));
    expect(f.services.ok && f.services.value.NetworkManager?.state).toBe('unknown');
  });
});

describe('root-only facts and become', () => {
  const asRoot = (firewall: string) =>
    facts(base({ 'root:status': sec('Name:\tsh\nUid:\t0\t0\t0\t0\nCapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\n'), 'root:firewall': sec(firewall) }));
  const probeFixture = (name: string) => readFileSync(new URL(`../fixtures/firewall/probe/${name}`, import.meta.url), 'utf8');

  it('both iptables backends as the probe printed them on a real host: rules, counts, the legacy-tables warning', () => {
    const f = asRoot(probeFixture('mixed-backends-calico-node.out'));
    if (!f.firewall.ok) throw new Error(f.firewall.missing);
    const { legacy, nft, defaultBackend, nftables } = f.firewall.value;
    expect(f.firewall.source).toBe('iptables-legacy-save; iptables-nft-save; ip6tables-nft-save; nft list ruleset');
    // Every rule loaded (inputs/calico-v3.22-kubernetes-node.rules has 120), though the probe cut the cali-/KUBE- ones short.
    expect(legacy).toMatchObject({ status: 'read', detail: 'iptables-legacy-save', ruleCount: 120, warnings: [] });
    expect(legacy.tables.map((t) => t.name)).toEqual(['nat', 'filter', 'raw']);
    expect(nft).toMatchObject({ status: 'read', detail: 'iptables-nft-save; ip6tables-nft-save', ruleCount: 4 });
    expect(nft.warnings).toEqual(['# Warning: iptables-legacy tables present, use iptables-legacy-save to see them']);
    expect(nft.tables.map((t) => `${t.family} ${t.name}`)).toEqual(['4 filter', '4 nat', '6 filter']);
    expect(defaultBackend).toBe('nft');
    // iptables-nft's own tables are read through iptables-nft-save, not twice.
    expect(nftables).toEqual({ status: 'read', detail: 'nft list ruleset', tables: [] });
  });

  it('an nftables-only firewalld host: no legacy tables, no iptables-nft rules, firewalld\'s table', () => {
    const f = asRoot(probeFixture('firewalld-1.3.3-nft-only.out'));
    if (!f.firewall.ok) throw new Error(f.firewall.missing);
    expect(f.firewall.value.legacy).toMatchObject({ status: 'none', ruleCount: 0 });
    expect(f.firewall.value.nft).toMatchObject({ status: 'read', ruleCount: 0, tables: [] });
    expect(f.firewall.value.nftables.tables.map((t) => `${t.family} ${t.name} ${t.chains.length}`)).toEqual(['inet firewalld 75']);
  });

  it('legacy tables the host has no tool for, and nf_tables not loaded: unread and none, saying why', () => {
    const f = asRoot('@state legacy4=filter legacy6= nf_tables=unloaded iptables=\n@absent legacy iptables\n');
    if (!f.firewall.ok) throw new Error(f.firewall.missing);
    expect(f.firewall.value.legacy).toMatchObject({ status: 'unread', detail: 'the kernel lists legacy tables (filter), but the host has no iptables-legacy-save (or iptables-save of that backend) to read them' });
    expect(f.firewall.value.nft).toMatchObject({ status: 'none', detail: 'nf_tables is not loaded (/proc/modules)' });
    expect(f.firewall.value.nftables.status).toBe('none');
    expect(f.firewall.value.defaultBackend).toBeNull();
  });

  it('a plain iptables-save is placed by its own header; a failing one leaves its backend unread', () => {
    const placed = asRoot('@state legacy4=filter legacy6= nf_tables=loaded iptables=nft\n@save iptables-save legacy iptables\n# Generated by iptables-save v1.8.4 (nf_tables) on Mon Dec  7 12:41:28 2026\n*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\nrc=0\n');
    expect(placed.firewall.ok && placed.firewall.value.nft).toMatchObject({ status: 'read', ruleCount: 1 });
    expect(placed.firewall.ok && placed.firewall.value.legacy.status).toBe('none');
    const failed = asRoot('@state legacy4=filter legacy6= nf_tables=unloaded iptables=legacy\n@save iptables-save legacy iptables\niptables-save v1.4.21: Cannot initialize: Permission denied (you must be root)\nrc=1\n');
    expect(failed.firewall.ok && failed.firewall.value.legacy).toMatchObject({ status: 'unread', detail: expect.stringMatching(/iptables-save failed: iptables-save v1.4.21: Cannot initialize/) });
  });

  it('sudo asking for a password: the reason, and root facts point at it', () => {
    const raw = base({ become: sec('sudo: a password is required\n', 1) }, 1000, 'sudo');
    expect(becomeFailure(raw)).toMatch(/needs a password/);
    const f = facts(raw);
    expect(!f.privileges.ok && f.privileges.missing).toMatch(/become failed: sudo needs a password/);
  });

  it.each([
    ['sudo: sh: command not found\n', 127, /sudo is not installed/],
    ['sh: 1: sudo: not found\n', 127, /sudo is not installed/],
    ['alice is not in the sudoers file.  This incident will be reported.\n', 1, /not in sudoers/],
    ['sudo: sorry, you must have a tty to run sudo\n', 1, /requires a tty/],
    ['sudo: 1 incorrect password attempt\n', 1, /rejected/],
  ])('become failure %j', (text, code, reason) => {
    expect(becomeFailure(base({ become: sec(text, code) }, 1000, 'sudo'))).toMatch(reason);
  });

  it('no become asked, or already root: never a become failure', () => {
    expect(becomeFailure(base({}, 1000, 'none'))).toBeNull();
    expect(becomeFailure(base({}, 0, 'sudo'))).toBeNull();
  });
});

describe('clock', () => {
  it('nanoseconds from date +%s%N, seconds from a date without %N', () => {
    expect(facts(base({ clock: sec('1700000000123456789\n') })).clock).toMatchObject({ ok: true, value: { hostEpochMs: 1700000000123 } });
    expect(facts(base({ clock: sec('1700000000N\n') })).clock).toMatchObject({ ok: true, value: { hostEpochMs: 1700000000000 }, source: expect.stringMatching(/second resolution/) });
    expect(facts(base({ clock: sec('1700000000%N\n') })).clock).toMatchObject({ ok: true, value: { hostEpochMs: 1700000000000 } });
    expect(facts(base({ clock: sec('date: not found\n', 127) })).clock.ok).toBe(false);
  });
});

describe('kernel evidence', () => {
  it('a module-less kernel with an lsmod stand-in, module files and a kernel config', () => {
    const f = facts(base({
      lsmod: sec('Module                  Size  Used by\nip_tables              27126  5 iptable_filter\nxt_set                 16384  0\n'),
      'moddir:/lib/modules/3.10.0-1160.el7.x86_64': sec('/lib/modules/3.10.0-1160.el7.x86_64/modules.builtin:/x_tables.ko\n/lib/modules/3.10.0-1160.el7.x86_64/modules.dep:/ip_set_hash_ip.ko.xz:\n/lib/modules/3.10.0-1160.el7.x86_64/modules.dep:/nf_conntrack_ipv4.ko.xz:\n'),
      'kconfig:/boot/config-3.10.0-1160.el7.x86_64': sec('CONFIG_IP_SET=m\n# CONFIG_WIREGUARD is not set\nCONFIG_NF_CONNTRACK=m\n'),
    }));
    expect(f.kernel.loaded).toEqual({ ok: true, value: ['ip_tables', 'xt_set'], source: 'lsmod' });
    expect(f.kernel.moduleSupport).toMatchObject({ ok: true, value: true });
    expect(f.kernel.builtin).toEqual({ ok: true, value: ['x_tables'], source: '/lib/modules/3.10.0-1160.el7.x86_64/modules.builtin' });
    expect(f.kernel.loadable).toMatchObject({ ok: true, value: ['ip_set_hash_ip', 'nf_conntrack_ipv4'] });
    expect(f.kernel.config).toMatchObject({ ok: true, value: { CONFIG_IP_SET: 'm', CONFIG_WIREGUARD: 'n', CONFIG_NF_CONNTRACK: 'm' }, source: '/boot/config-3.10.0-1160.el7.x86_64' });
  });
});

describe('output cut short by the remote timeout', () => {
  it('facts whose sections never came say the probe did not finish', () => {
    const raw = base({ uname: sec('Linux h 5.4.0 x86_64\n') });
    delete raw.end;
    delete raw.ps;
    const f = facts(raw);
    expect(f.uname.ok).toBe(true);
    expect(!f.os.ok && f.os.missing).toMatch(/did not finish/);
    expect(!f.kubelet.ok && f.kubelet.missing).toMatch(/did not finish/);
    expect(!f.kernel.moduleSupport.ok && f.kernel.moduleSupport.missing).toMatch(/did not finish/);
  });
});

describe('connectivity', () => {
  it('decodes targets and classifies outcomes', () => {
    const f = facts(base({
      'c:peer,198.18.0.2,179,node-2': sec('bash /dev/tcp: bash: connect: Connection refused\nbash: line 1: /dev/tcp/198.18.0.2/179: Connection refused\n', 1),
      'c:peer,198.18.0.3,179,node-3': sec('bash /dev/tcp: \n', 124),
      'c:datastore,198.18.0.9,2379,https:+2F+2F198.18.0.9:2379': sec('bash /dev/tcp: \n', 0),
      'c:peer,198.18.0.4,179,n+C3+A9': sec('bash /dev/tcp: bash: connect: No route to host\n', 1),
      'c:datastore,-etcd:x,0,etcd:x': sec('not a plain host name or IP address\n', 255),
    }));
    expect(f.connectivity.ok && f.connectivity.value.map((c) => [c.purpose, c.target, c.address, c.port, c.outcome])).toEqual([
      ['peer', 'node-2', '198.18.0.2', 179, 'refused'],
      ['peer', 'node-3', '198.18.0.3', 179, 'timeout'],
      ['datastore', 'https://198.18.0.9:2379', '198.18.0.9', 2379, 'connected'],
      ['peer', 'né', '198.18.0.4', 179, 'unreachable'],
      ['datastore', 'etcd:x', 'etcd:x', 0, 'error'],
    ]);
  });
});

describe('CNI files only root can read', () => {
  it('the copy read under sudo fills in what the login user could not read', () => {
    const f = facts(base({
      'cni-ls': sec('/etc/cni/net.d/10-calico.conflist\n'),
      'f:/etc/cni/net.d/10-calico.conflist': sec('/etc/cni/net.d/10-calico.conflist: permission denied\n', 13),
      'root:f:/etc/cni/net.d/10-calico.conflist': sec('{"name":"k8s-pod-network","cniVersion":"0.3.1","plugins":[{"type":"calico"},{"type":"bandwidth"},{"type":"portmap"}]}\n'),
    }));
    expect(f.cni.ok && f.cni.value.files).toEqual([{ name: '10-calico.conflist', types: ['calico', 'bandwidth', 'portmap'] }]);
  });
});

describe('privileges on kernels that print no Cap lines (OpenVZ)', () => {
  it('fall back to capsh --print of the root shell, in its old libcap format', () => {
    const f = facts(base({
      'f:/proc/self/status': sec('Name:\tsh\nUid:\t1000\t1000\t1000\t1000\n'),
      'root:status': sec('Name:\tsh\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n'),
      'root:capsh': sec('Current: = cap_chown,cap_sys_admin+ep\nBounding set =cap_chown,cap_sys_admin\nSecurebits: 00/0x0/1\'b0\n'),
    }, 1000, 'sudo'));
    expect(f.privileges).toEqual({
      ok: true,
      source: 'capsh --print of the sudo shell; /proc/1/status',
      value: { uid: 0, loginUid: 1000, becameRoot: true, becomeAsked: true, capEff: '0000000000200001', capBnd: '0000000000200001', initCapBnd: null },
    });
  });
});

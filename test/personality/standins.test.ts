/** The personality stand-in commands, run with the machine's own sh (dash on Debian). */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { distroKernel, kernelConfigText, modulesDepText } from '../fleet/personalities/kernel.js';
import { lsmodScript, modprobeScript, STATE_SUBDIRS, systemctlScript, ufwScript, unameScript } from '../fleet/personalities/standins.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'calico-standins-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh stand-in state directory, as the fleet makes one per host. */
function stateDir(name: string): string {
  const state = path.join(dir, `state-${name}`);
  for (const sub of STATE_SUBDIRS) mkdirSync(path.join(state, sub), { recursive: true });
  return state;
}

function script(name: string, text: string): (...args: string[]) => Promise<{ stdout: string; stderr: string; code: number }> {
  const file = path.join(dir, name);
  writeFileSync(file, text, { mode: 0o755 });
  return (...args) =>
    new Promise((resolve) => {
      execFile('sh', [file, ...args], (error, stdout, stderr) => {
        resolve({ stdout, stderr, code: error ? Number(error.code) : 0 });
      });
    });
}

describe('uname stand-in', () => {
  const uname = script(
    'uname',
    unameScript({
      kernelName: 'Linux',
      kernelRelease: "3.10.0-1160.el7.x86_64",
      kernelVersion: "#1 SMP Mon Oct 19 16:18:59 UTC 2020",
      machine: 'x86_64',
    }),
  );
  const nodename = os.hostname();

  it('answers each flag, combined flags in coreutils order, and long options', async () => {
    expect((await uname()).stdout).toBe('Linux\n');
    expect((await uname('-r')).stdout).toBe('3.10.0-1160.el7.x86_64\n');
    expect((await uname('-m')).stdout).toBe('x86_64\n');
    expect((await uname('-n')).stdout).toBe(`${nodename}\n`);
    expect((await uname('-v')).stdout).toBe('#1 SMP Mon Oct 19 16:18:59 UTC 2020\n');
    expect((await uname('-mrs')).stdout).toBe('Linux 3.10.0-1160.el7.x86_64 x86_64\n');
    expect((await uname('-m', '-r')).stdout).toBe('3.10.0-1160.el7.x86_64 x86_64\n');
    expect((await uname('--kernel-release', '--machine')).stdout).toBe('3.10.0-1160.el7.x86_64 x86_64\n');
    expect((await uname('-a')).stdout).toBe(
      `Linux ${nodename} 3.10.0-1160.el7.x86_64 #1 SMP Mon Oct 19 16:18:59 UTC 2020 x86_64 x86_64 x86_64 GNU/Linux\n`,
    );
  });

  it('rejects what coreutils rejects', async () => {
    expect(await uname('-x')).toMatchObject({ code: 1, stdout: '' });
    expect(await uname('extra')).toMatchObject({ code: 1, stdout: '' });
  });
});

describe('systemctl stand-in', () => {
  const systemctl = script(
    'systemctl',
    systemctlScript(
      { firewalld: { state: 'active' }, NetworkManager: { state: 'inactive', enabled: true } },
      '219',
      stateDir('systemctl'),
    ),
  );

  it('is-active prints one state per unit and exits 0 only when all are active', async () => {
    expect(await systemctl('is-active', 'firewalld')).toMatchObject({ stdout: 'active\n', code: 0 });
    expect(await systemctl('is-active', 'firewalld.service', 'NetworkManager', 'ufw')).toMatchObject({
      stdout: 'active\ninactive\ninactive\n',
      code: 3,
    });
    expect(await systemctl('is-active', '--quiet', 'firewalld')).toMatchObject({ stdout: '', code: 0 });
  });

  it('is-enabled, show and --version answer like systemd', async () => {
    expect(await systemctl('is-enabled', 'NetworkManager')).toMatchObject({ stdout: 'enabled\n', code: 0 });
    expect((await systemctl('is-enabled', 'ufw')).code).toBe(1);
    expect((await systemctl('show', '-p', 'ActiveState', 'firewalld')).stdout).toBe('ActiveState=active\n');
    expect((await systemctl('show', '--property=ActiveState,SubState', '--value', 'NetworkManager')).stdout).toBe(
      'inactive\ndead\n',
    );
    expect((await systemctl('--version')).stdout).toBe('systemd 219\n');
    expect((await systemctl('list-timers')).code).toBe(1);
  });
});

describe('kernel evidence', () => {
  const kernel = (release: string) =>
    distroKernel({ kernelName: 'Linux', kernelRelease: release, kernelVersion: '#1', machine: 'x86_64' }, 'Linux version', '.ko');

  it('ships modules by release: nf_conntrack_ipv4 before 4.19, nf_tables from 3.13, wireguard from 5.6', () => {
    expect(kernel('4.4.0-210-generic').modules.loadable).toContain('nf_conntrack_ipv4');
    expect(kernel('4.19.0').modules.loadable).not.toContain('nf_conntrack_ipv4');
    expect(kernel('3.13.0').modules.loadable).toContain('nf_tables');
    expect(kernel('3.12.0').modules.loadable).not.toContain('nf_tables');
    expect(kernel('5.4.0').modules.loadable).not.toContain('wireguard');
    expect(kernel('5.6.0').modules.loadable).toContain('wireguard');
  });

  it('writes modules.dep, a .config and an lsmod table in their real formats', async () => {
    const k = distroKernel(
      { kernelName: 'Linux', kernelRelease: '3.10.0', kernelVersion: '#1', machine: 'x86_64' },
      'Linux version',
      '.ko.xz',
      ['ipip'],
    );
    expect(modulesDepText(k.modules)).toContain('kernel/net/netfilter/ipset/ip_set.ko.xz:\n');
    expect(modulesDepText(k.modules)).not.toContain('ipip');
    const config = kernelConfigText(k.config);
    expect(config).toContain('CONFIG_IP_SET=m\n');
    expect(config).toContain('# CONFIG_NET_IPIP is not set\n');
    const lsmod = await script('lsmod', lsmodScript(k.modules, stateDir('lsmod')))();
    expect(lsmod.stdout.split('\n').slice(0, 2)).toEqual([
      'Module                  Size  Used by',
      'x_tables               16384  0',
    ]);
  });
});

describe('stand-ins that change state', () => {
  it('systemctl stop and disable persist, and show answers what Ansible systemd reads', async () => {
    // The stand-in's /etc/systemd/system, moved into the test's directory.
    const units = path.join(dir, 'etc-systemd-system');
    mkdirSync(path.join(units, 'multi-user.target.wants'), { recursive: true });
    writeFileSync(path.join(units, 'multi-user.target.wants/firewalld.service'), '[Unit]\n');
    const text = systemctlScript({ firewalld: { state: 'active' }, ufw: { state: 'active' } }, '219', stateDir('stop'));
    const systemctl = script('systemctl-state', text.replaceAll('/etc/systemd/system', units));
    expect((await systemctl('show', 'firewalld')).stdout).toBe(
      'Id=firewalld.service\nNames=firewalld.service\nLoadState=loaded\nActiveState=active\nSubState=running\nUnitFileState=enabled\nMainPID=0\n',
    );
    expect(await systemctl('stop', 'firewalld')).toMatchObject({ code: 0 });
    expect(await systemctl('disable', 'firewalld.service')).toMatchObject({ code: 0 });
    expect(readdirSync(path.join(units, 'multi-user.target.wants'))).toEqual([]);
    expect(await systemctl('is-active', 'firewalld', 'ufw')).toMatchObject({ stdout: 'inactive\nactive\n', code: 3 });
    expect(await systemctl('is-enabled', 'firewalld', '-l')).toMatchObject({ stdout: 'disabled\n', code: 1 });
    expect((await systemctl('show', 'firewalld')).stdout).toContain('ActiveState=inactive\nSubState=dead\nUnitFileState=disabled\n');
    expect((await systemctl('show', 'nosuch')).stdout).toContain('LoadState=not-found\n');
    expect(await systemctl('stop', 'nosuch')).toMatchObject({ code: 5 });
    expect((await systemctl('reload', 'firewalld')).code).toBe(1);
    expect((await systemctl('reload', 'ufw')).code).toBe(0);
  });

  it('modprobe loads what modules.dep lists, and lsmod then shows it', async () => {
    const state = stateDir('modprobe');
    const release = '4.4.0-test';
    const kernel = distroKernel({ kernelName: 'Linux', kernelRelease: release, kernelVersion: '#1', machine: 'x86_64' }, 'Linux version', '.ko');
    const moddir = path.join(dir, 'modules');
    mkdirSync(moddir, { recursive: true });
    writeFileSync(path.join(moddir, 'modules.dep'), modulesDepText(kernel.modules));
    writeFileSync(path.join(moddir, 'modules.builtin'), '');
    // The stand-in reads /lib/modules/RELEASE; point it at the test's copy.
    const modprobe = script('modprobe', modprobeScript(release, state).replaceAll(`/lib/modules/${release}`, moddir));
    const lsmod = script('lsmod', lsmodScript(kernel.modules, state));
    expect((await lsmod()).stdout).not.toMatch(/^xt_set /m);
    expect(await modprobe('xt_set')).toMatchObject({ code: 0 });
    expect(await modprobe('-a', 'ip-set-hash-ip', 'ipip')).toMatchObject({ code: 0 });
    expect(await modprobe('nosuch_module')).toMatchObject({ code: 1, stderr: expect.stringContaining('Module nosuch_module not found') });
    expect(readFileSync(path.join(state, 'modules'), 'utf8')).toBe('xt_set\nip_set_hash_ip\nipip\n');
    expect((await lsmod()).stdout).toMatch(/^xt_set {14} {3}16384  0$/m);
  });

  it('ufw status follows ENABLED= in /etc/ufw/ufw.conf', async () => {
    const conf = path.join(dir, 'ufw.conf');
    writeFileSync(conf, 'ENABLED=yes\nLOGLEVEL=low\n');
    const ufw = script('ufw', ufwScript().replace('conf=/etc/ufw/ufw.conf', `conf=${conf}`));
    expect((await ufw('status')).stdout).toMatch(/^Status: active\n/);
    expect(await ufw('disable')).toMatchObject({ code: 0, stdout: 'Firewall stopped and disabled on system startup\n' });
    expect(readFileSync(conf, 'utf8')).toBe('ENABLED=no\nLOGLEVEL=low\n');
    expect((await ufw('status')).stdout).toBe('Status: inactive\n');
  });
});

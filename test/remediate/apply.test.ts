/**
 * From audit to fix, for real: audit writable personality hosts with fixable faults, write
 * the playbook and scripts with the `fix` command, run the real ansible-playbook (--check
 * first, which must change nothing), run the script on another host over ssh, and audit
 * again: the fixed checks pass, and a second run of either changes nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { AuditResult, Finding } from '../../src/core/result.js';
import { personalitySkipReason, startPersonalityFleet, type PersonalityFleet } from '../fleet/personalities/index.js';
import { runCli } from '../support/cli.js';
import { skipUnlessTools } from '../support/tools.js';
import { fixableFleet, HOSTILE_NM_ENTRIES, PLAYBOOK_HOSTS, SCRIPT_HOST } from './fixable-fleet.js';
import { UNSAFE_TAG } from './yaml-tags.js';

const skipReason = personalitySkipReason() ?? skipUnlessTools(['/usr/bin/ansible-playbook', '/usr/bin/shellcheck'], 'apt-get install ansible shellcheck');
if (skipReason) console.warn(`skipping the fix tests on personality hosts: ${skipReason}`);

/** The checks each host fails (or warns) at first, all of which the fixes make pass. */
const FIXED: Record<string, Record<string, 'fail' | 'warn'>> = {
  'centos-nm-fw': { 'node.networkmanager': 'fail', 'node.firewall': 'fail' },
  [SCRIPT_HOST]: { 'node.networkmanager': 'fail', 'node.firewall': 'fail' },
  'ubuntu-ufw': { 'node.firewall': 'fail' },
  'ebpf-nobpffs': { 'node.bpf': 'fail' },
  'ipvs-not-loaded': { 'node.kernel-deps': 'warn' },
  'missing-ipip': {},
};
const PWNED = '/tmp/calico-preflight-pwned';

interface Recap {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
}

function recap(stdout: string): Record<string, Recap> {
  const rows = stdout.matchAll(/^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)/gm);
  return Object.fromEntries([...rows].map((m) => [m[1], { ok: Number(m[2]), changed: Number(m[3]), unreachable: Number(m[4]), failed: Number(m[5]) }]));
}

describe.skipIf(skipReason !== undefined)('fixes applied to personality hosts', () => {
  let pf: PersonalityFleet;
  let dir: string;
  let audits = 0;
  const files = () => ({ playbook: path.join(dir, 'fix.yml'), scripts: path.join(dir, 'scripts') });

  async function audit(...extra: string[]): Promise<AuditResult> {
    const out = path.join(dir, `audit-${++audits}.json`);
    const run = await runCli(['audit', '-i', pf.fleet.inventory, '--known-hosts', pf.fleet.knownHosts, '--json', out, '--html', path.join(dir, `audit-${audits}.html`), '--quiet', ...extra]);
    expect(run.stderr).toBe('');
    const result = JSON.parse(readFileSync(out, 'utf8')) as AuditResult;
    for (const host of result.hosts) expect(host.status, `${host.name}: ${host.message ?? ''}`).toBe('ok');
    return result;
  }

  const finding = (result: AuditResult, host: string, check: string): Finding => {
    const found = result.hosts.find((h) => h.name === host)?.findings.find((f) => f.check === check);
    if (!found) throw new Error(`${host} has no ${check} finding`);
    return found;
  };

  function playbook(...extra: string[]): { code: number; stdout: string; recap: Record<string, Recap> } {
    const config = path.join(dir, 'ansible.cfg');
    writeFileSync(config, '');
    const run = spawnSync('ansible-playbook', ['-i', pf.fleet.inventory, files().playbook, '--limit', `!${SCRIPT_HOST}`, '--forks', '10', ...extra], {
      encoding: 'utf8',
      timeout: 300_000,
      env: {
        ...process.env,
        ANSIBLE_CONFIG: config,
        ANSIBLE_SSH_ARGS: `-o UserKnownHostsFile=${pf.fleet.knownHosts} -o StrictHostKeyChecking=yes -o BatchMode=yes -o KexAlgorithms=curve25519-sha256 -o ControlMaster=no -o ControlPath=none`,
        ANSIBLE_HOST_KEY_CHECKING: 'True',
        ANSIBLE_TIMEOUT: '60',
        ANSIBLE_NOCOLOR: '1',
        // The hosts' /usr is this machine's: Python 3 is there, whatever their os-release says.
        ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
        ANSIBLE_REMOTE_TMP: path.join(dir, 'ansible-tmp'),
        ANSIBLE_RETRY_FILES_ENABLED: 'False',
      },
    });
    return { code: run.status ?? -1, stdout: `${run.stdout}${run.stderr}`, recap: recap(run.stdout) };
  }

  function onHost(host: string, command: string, input?: string): { code: number; stdout: string; stderr: string } {
    const [program, ...args] = pf.sshArgv(host, command);
    const run = spawnSync(program as string, args, { encoding: 'utf8', timeout: 120_000, ...(input === undefined ? {} : { input }) });
    return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
  }

  let before: AuditResult;
  let after: AuditResult;

  beforeAll(async () => {
    pf = await startPersonalityFleet(fixableFleet());
    dir = pf.network.dir;
    before = await audit('--playbook', path.join(dir, 'audit-fix.yml'), '--fix-script', path.join(dir, 'audit-scripts'));
  }, 240_000);
  afterAll(async () => {
    await pf?.stop();
  });

  it('the audit finds each fault with its fix as data', () => {
    for (const [host, checks] of Object.entries(FIXED)) {
      for (const [check, status] of Object.entries(checks)) {
        const f = finding(before, host, check);
        expect(f.status, `${host} ${check}: ${f.summary}`).toBe(status);
        expect(f.fixes?.length, `${host} ${check} fixes`).toBeGreaterThan(0);
      }
    }
    const kernel = finding(before, 'missing-ipip', 'node.kernel-deps');
    expect(kernel.summary).toMatch(/ipip/);
    expect(kernel.fixes?.map((fix) => fix.kind)).toEqual(['manual', 'load-modules']);
    expect(existsSync(PWNED)).toBe(false);
  });

  it('leaves loose rp_filter alone: it passes, and nothing would force strict mode', () => {
    for (const host of ['centos-nm-fw', SCRIPT_HOST]) {
      const f = finding(before, host, 'node.rp-filter');
      expect(f.status, f.summary).toBe('pass');
      expect(f.fixes ?? []).toEqual([]);
    }
  });

  it('fix writes one play per set of fixes, naming hosts as the inventory does; the kernel is manual', async () => {
    const run = await runCli(['fix', path.join(dir, 'audit-1.json'), '--playbook', files().playbook, '--script', files().scripts]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('5 play(s) for 6 host(s)');
    const text = readFileSync(files().playbook, 'utf8');
    const plays = parse(text, { customTags: [UNSAFE_TAG] }) as { hosts: string[] }[];
    expect(plays.map((play) => play.hosts)).toEqual([['centos-nm-fw', SCRIPT_HOST], ['ubuntu-ufw'], ['missing-ipip'], ['ebpf-nobpffs'], ['ipvs-not-loaded']]);
    expect(text).toMatch(/^# From the audit: .*audit-1\.json$/m);
    expect(text).not.toContain('rp_filter');
    expect(text).toMatch(/^# Not scripted, needs a person \(1\):\n# {3}node\.kernel-deps \(fail\) on 1 host\(s\):\n# {7}missing-ipip$/m);
    expect(readFileSync(path.join(files().scripts, 'hosts.txt'), 'utf8')).toContain(`${SCRIPT_HOST}\tfix-group-1.sh\n`);
  }, 60_000);

  it('audit --playbook wrote the same playbook in the same run, and its report names it beside each fix', () => {
    expect(readFileSync(path.join(dir, 'audit-fix.yml'), 'utf8')).toBe(readFileSync(files().playbook, 'utf8'));
    expect(readFileSync(path.join(dir, 'audit-scripts', 'fix-group-1.sh'), 'utf8')).toBe(readFileSync(path.join(files().scripts, 'fix-group-1.sh'), 'utf8'));
    const html = readFileSync(path.join(dir, 'audit-1.html'), 'utf8');
    expect(html).toContain(`This run wrote them as an Ansible playbook, <code`);
    expect(html).toContain(`ansible-playbook -i ${pf.fleet.inventory} ${path.join(dir, 'audit-fix.yml')} --check --diff`);
    // the command as a reader copies it, the quotes written either way HTML allows
    expect(html).toMatch(/systemctl stop ('|&#x27;|&#39;)firewalld\1/);
  });

  it('ansible-playbook --check reports every change and makes none', async () => {
    const run = playbook('--check', '--diff');
    expect(run.code, run.stdout).toBe(0);
    for (const host of PLAYBOOK_HOSTS) expect(run.recap[host]?.changed, `${host}\n${run.stdout}`).toBeGreaterThan(0);
    const again = await audit();
    for (const [host, checks] of Object.entries(FIXED)) {
      for (const [check, status] of Object.entries(checks)) expect(finding(again, host, check).status, `${host} ${check} after --check`).toBe(status);
    }
    expect(onHost('missing-ipip', 'lsmod').stdout).not.toMatch(/^ip_set /m);
  }, 300_000);

  it('ansible-playbook applies the fixes, and a second run changes nothing', () => {
    const first = playbook();
    expect(first.code, first.stdout).toBe(0);
    for (const host of PLAYBOOK_HOSTS) expect(first.recap[host], `${host}\n${first.stdout}`).toMatchObject({ failed: 0, unreachable: 0 });
    for (const host of PLAYBOOK_HOSTS) expect(first.recap[host]?.changed, host).toBeGreaterThan(0);
    const second = playbook();
    expect(second.code, second.stdout).toBe(0);
    for (const host of PLAYBOOK_HOSTS) expect(second.recap[host], `${host}\n${second.stdout}`).toMatchObject({ changed: 0, failed: 0 });
  }, 600_000);

  it('the shell script passes shellcheck, changes nothing with --dry-run, then fixes its host once', () => {
    const script = readFileSync(path.join(files().scripts, 'fix-group-1.sh'), 'utf8');
    const lint = spawnSync('shellcheck', ['--shell=sh', '-'], { input: script, encoding: 'utf8' });
    expect(lint.status, lint.stdout).toBe(0);
    const dry = onHost(SCRIPT_HOST, 'sh -s -- --dry-run', script);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('would change: stop and disable firewalld');
    expect(onHost(SCRIPT_HOST, 'systemctl is-active firewalld').stdout).toBe('active\n');
    const real = onHost(SCRIPT_HOST, 'sh -s', script);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toMatch(/^change: write \/etc\/NetworkManager\/conf\.d\/calico\.conf, then reload NetworkManager$/m);
    expect(real.stdout).toMatch(/^\d+ change\(s\) made$/m);
    const again = onHost(SCRIPT_HOST, 'sh -s', script);
    expect(again).toMatchObject({ code: 0, stdout: 'nothing to change: every fix is already in place\n' });
  }, 300_000);

  it('a second audit passes every fixed check; the kernel still lacks ipip, with the rest now loaded', async () => {
    after = await audit();
    for (const [host, checks] of Object.entries(FIXED)) {
      for (const check of Object.keys(checks)) {
        const f = finding(after, host, check);
        expect(f.status, `${host} ${check}: ${f.summary}`).toBe('pass');
      }
    }
    const kernel = finding(after, 'missing-ipip', 'node.kernel-deps');
    expect(kernel.status).toBe('fail');
    expect(kernel.summary).toBe('Missing from the kernel: ipip (CONFIG_NET_IPIP).');
    expect(kernel.fixes?.map((fix) => fix.kind)).toEqual(['manual']);
    expect(onHost('missing-ipip', 'cat /etc/modules-load.d/calico.conf').stdout).toContain('ip_set_hash_net\n');
    expect(onHost('ipvs-not-loaded', 'cat /etc/modules-load.d/calico.conf').stdout).toBe('ip_vs\nip_vs_rr\nip_vs_wrr\nip_vs_sh\n');
    expect(onHost('ipvs-not-loaded', 'lsmod').stdout).toMatch(/^ip_vs_sh /m);
    expect(onHost('ebpf-nobpffs', "grep ' /sys/fs/bpf ' /proc/mounts /etc/fstab").stdout).toBe('/proc/mounts:bpffs /sys/fs/bpf bpf rw,relatime 0 0\n/etc/fstab:bpffs /sys/fs/bpf bpf defaults 0 0\n');
  }, 240_000);

  it('stopping firewalld ended its daemon, and ufw is off in its own configuration too', () => {
    for (const host of ['centos-nm-fw', SCRIPT_HOST]) {
      const comms = onHost(host, 'cat /proc/[0-9]*/comm').stdout.split('\n');
      expect(comms, host).toContain('NetworkManager');
      expect(comms, host).not.toContain('firewalld');
      expect(onHost(host, 'systemctl is-enabled firewalld').stdout).toBe('disabled\n');
    }
    expect(onHost('ubuntu-ufw', 'ufw status; grep ^ENABLED /etc/ufw/ufw.conf').stdout).toBe('Status: inactive\nENABLED=no\n');
  }, 60_000);

  it("the host's own hostile NetworkManager entries land in calico.conf as text, run by neither Ansible nor sh", () => {
    for (const host of ['centos-nm-fw', SCRIPT_HOST]) {
      const conf = onHost(host, 'cat /etc/NetworkManager/conf.d/calico.conf').stdout;
      expect(conf, host).toBe(
        `[keyfile]\nunmanaged-devices=interface-name:cali*;interface-name:tunl*;interface-name:vxlan.calico;interface-name:wireguard.cali;${HOSTILE_NM_ENTRIES.join(';')}\n`,
      );
    }
    expect(existsSync(PWNED)).toBe(false);
  }, 60_000);

  it('fix on the second result has nothing left that configuration can fix', async () => {
    const run = await runCli(['fix', path.join(dir, `audit-${audits}.json`), '--playbook', path.join(dir, 'again.yml')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`calico-preflight: ${path.join(dir, `audit-${audits}.json`)} has no finding that configuration can fix; 1 finding(s) need a person (see the report), so nothing was written\n`);
    expect(existsSync(path.join(dir, 'again.yml'))).toBe(false);
  }, 60_000);
});

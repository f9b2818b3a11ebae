/**
 * The cheaper paths of the probe (issue 12) print what the costlier ones printed, on this
 * machine:
 * - the batch (batch.sh): ONE awk (mawk, busybox awk) reads the files, status digests,
 *   sysctls and kernel files the shell and grep read one by one on a host without awk;
 * - uname's four words from /proc/sys/kernel where the kernel has `arch` (Linux 6.1+), and
 *   `uname -snrm` where it has not (an empty file bound over it in a mount namespace);
 * - the iptables-nft save tools run only when `nft list ruleset` shows a table they could
 *   print (a network namespace with an inet table only, then with an iptables-nft rule).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe, type ProbeRun } from './run-probe.js';
import { skipOutsideCi, skipUnlessTools } from '../support/tools.js';
import { catalogueProbeRequest } from '../../src/runner/index.js';
import { SECTION, SECTION_PREFIX } from '../../src/probes/section-ids.js';

const AWKS = new Set(['awk', 'mawk', 'gawk', 'nawk', 'original-awk', 'busybox']);

/** A PATH directory with every program of this machine's PATH but awk, or with `awk` being `awk`. */
function pathWithAwk(awk: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'probe-awk-'));
  for (const from of ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
    if (!existsSync(from)) continue;
    for (const name of readdirSync(from)) {
      if (AWKS.has(name) || existsSync(join(dir, name))) continue;
      symlinkSync(join(from, name), join(dir, name));
    }
  }
  if (awk) symlinkSync(awk, join(dir, 'awk'));
  return dir;
}

/** The sections the batch prints, as the parsers see them. */
function batchSections(run: ProbeRun): Record<string, unknown> {
  const batch = (id: string) =>
    [SECTION.modules, SECTION.bpfMounts, SECTION.sysctl, SECTION.routes6, SECTION.loginStatus, SECTION.initStatus, SECTION.rootStatus].includes(id as never) ||
    [SECTION_PREFIX.moduleDir, SECTION_PREFIX.kernelConfig, SECTION_PREFIX.file].some((prefix) => id.startsWith(prefix));
  return Object.fromEntries(Object.entries(run.raw).filter(([id]) => batch(id)).sort(([a], [b]) => a.localeCompare(b)));
}

const request = { ...catalogueProbeRequest(), sysctls: ['net/ipv4/conf/all/rp_filter', 'net/ipv4/ip_forward', 'net/core/somaxconn'] };

const batchSkip = skipUnlessTools(['/bin/dash', '/usr/bin/mawk', '/bin/busybox'], 'apt-get install dash mawk busybox');
describe.skipIf(batchSkip !== undefined)(`the batch with and without awk${batchSkip ? ` (skipped: ${batchSkip})` : ''}`, () => {
  const runs: Record<string, ProbeRun> = {};
  const dirs: string[] = [];
  let kubelet: ChildProcess;
  beforeAll(async () => {
    // A process named kubelet, whose command line the probe reads (the walk of /proc finds it).
    const bin = mkdtempSync(join(tmpdir(), 'probe-kubelet-'));
    dirs.push(bin);
    copyFileSync('/bin/sleep', join(bin, 'kubelet'));
    kubelet = spawn(join(bin, 'kubelet'), ['60'], { stdio: 'ignore' });
    for (const [name, awk] of [['mawk', '/usr/bin/mawk'], ['busybox awk', '/bin/busybox'], ['no awk', null]] as const) {
      const dir = pathWithAwk(awk);
      dirs.push(dir);
      runs[name] = await runProbe(['/bin/dash', '-c'], { request }, { env: { PATH: dir } });
    }
  });
  afterAll(() => {
    kubelet.kill();
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  it('prints the same sections whoever reads them', () => {
    const shell = batchSections(runs['no awk']!);
    expect(Object.keys(shell)).toEqual(expect.arrayContaining([SECTION.sysctl, SECTION.loginStatus, SECTION.rootStatus, 'f:/proc/sys/kernel/version']));
    expect(batchSections(runs.mawk!)).toEqual(shell);
    expect(batchSections(runs['busybox awk']!)).toEqual(shell);
  });

  it('walks /proc once either way, and finds the kubelet for its command line', () => {
    for (const run of Object.values(runs)) {
      expect(run.raw[SECTION.ps]?.stdout).toContain(`/proc/${kubelet.pid} kubelet`);
      expect(run.raw[`${SECTION_PREFIX.cmdline}kubelet`]?.stdout).toContain('kubelet\u000060');
    }
  });

  it('parses to the same facts', () => {
    const facts = (run: ProbeRun) => ({ ...run.facts, clock: undefined, connectivity: undefined, services: undefined });
    expect(facts(runs.mawk!)).toEqual(facts(runs['no awk']!));
    expect(facts(runs['busybox awk']!)).toEqual(facts(runs['no awk']!));
    // a multi-digit sysctl is read whole either way
    const sysctls = runs.mawk!.facts.sysctl;
    expect(sysctls.ok && sysctls.value['net.core.somaxconn']).toMatch(/^\d{2,}$/);
  });
});

/** A file whose read(2) fails with EIO: the IPv6 stable_secret sysctl while it is unset. */
const FAILING_READ = '/proc/sys/net/ipv6/conf/all/stable_secret';
function readFails(path: string): boolean {
  try {
    readFileSync(path);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EIO';
  }
}

describe.skipIf(batchSkip !== undefined || !readFails(FAILING_READ))('a read that fails in the batch', () => {
  // mawk exits at a failed read(2); on a busy host the usual one is a process that exits while
  // its /proc/PID/comm is read. Every section after it was lost, with no error to see.
  const failing = { ...request, files: [...request.files, FAILING_READ] };
  const runs: Record<string, ProbeRun> = {};
  const dirs: string[] = [];
  beforeAll(async () => {
    for (const [name, awk] of [['mawk', '/usr/bin/mawk'], ['no awk', null]] as const) {
      const dir = pathWithAwk(awk);
      dirs.push(dir);
      runs[name] = await runProbe(['/bin/dash', '-c'], { request: failing }, { env: { PATH: dir } });
    }
  });
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('loses no section: the shell reads the batch again when awk stops short', () => {
    const shell = batchSections(runs['no awk']!);
    expect(Object.keys(shell)).toEqual(expect.arrayContaining([SECTION.sysctl, SECTION.rootStatus, `${SECTION_PREFIX.file}${FAILING_READ}`]));
    expect(batchSections(runs.mawk!)).toEqual(shell);
    expect(runs.mawk!.raw[SECTION.ps]?.exitCode).toBe(0);
    expect(runs.mawk!.stderr).toBe('');
  });
});

const unshareSkip = skipUnlessTools(['/usr/bin/unshare', '/bin/dash'], 'apt-get install util-linux dash') ??
  skipOutsideCi(process.getuid?.() === 0 ? undefined : 'it needs root (mount namespaces)');
describe.skipIf(unshareSkip !== undefined || !existsSync('/proc/sys/kernel/arch'))('uname from /proc, and uname where the kernel has no arch file', () => {
  let dir: string;
  let withArch: ProbeRun;
  let without: ProbeRun;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'probe-arch-'));
    const empty = join(dir, 'empty');
    writeFileSync(empty, '');
    withArch = await runProbe(['/bin/dash', '-c']);
    // An empty arch file reads as no answer, as a kernel before 6.1 gives none.
    without = await runProbe(['/usr/bin/unshare', '--mount', '--propagation', 'private', '/bin/sh', '-c', `mount --bind ${empty} /proc/sys/kernel/arch && exec /bin/dash -c "$0" "$@"`]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the same four words either way; uname runs only without the arch file', () => {
    expect(withArch.raw[SECTION.procUname]).toBeDefined();
    expect(withArch.raw[SECTION.uname]).toBeUndefined();
    expect(without.raw[SECTION.procUname]).toBeUndefined();
    expect(without.raw[SECTION.uname]?.exitCode).toBe(0);
    expect(withArch.facts.uname.ok && withArch.facts.uname.value).toEqual(without.facts.uname.ok && without.facts.uname.value);
    expect(withArch.facts.uname.ok && withArch.facts.uname.source).toMatch(/^\/proc\/sys\/kernel\//);
    expect(without.facts.uname.ok && without.facts.uname.source).toMatch(/^uname -snrm/);
  });
});

const nsTools = skipUnlessTools(['/usr/sbin/ip', '/usr/sbin/nft', '/usr/sbin/iptables-nft', '/usr/sbin/iptables-nft-save', '/bin/dash', '/usr/bin/strace'], 'apt-get install iproute2 nftables iptables dash strace');
const nsSkip = nsTools ?? skipOutsideCi(process.getuid?.() === 0 ? undefined : 'it needs root (network namespaces)');
describe.skipIf(nsSkip !== undefined)('iptables-nft save tools only when nft shows a table they could print', () => {
  const ns = `cpf-nft-${randomBytes(4).toString('hex')}`;
  let dir: string;
  const inNs = (...args: string[]) => execFileSync('ip', ['netns', 'exec', ns, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  async function probe(): Promise<{ run: ProbeRun; execs: string[] }> {
    const trace = join(dir, `trace-${randomBytes(3).toString('hex')}`);
    const run = await runProbe(['ip', 'netns', 'exec', ns, '/usr/bin/strace', '-f', '-qq', '-z', '-o', trace, '-e', 'trace=execve', '/bin/dash', '-c']);
    const execs = execFileSync('cat', [trace], { encoding: 'utf8' }).split('\n').map((l) => /execve\("[^"]*\/([^/"]+)"/.exec(l)?.[1]).filter((n): n is string => n !== undefined);
    return { run, execs };
  }
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'probe-nft-'));
    execFileSync('ip', ['netns', 'add', ns]);
    inNs('nft', 'add table inet fw; add chain inet fw input { type filter hook input priority 0 ; }');
  });
  afterAll(() => {
    execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });

  it('an inet table only: nft answers, no save tool and no sed run, no iptables-nft rule', async () => {
    const { run, execs } = await probe();
    expect(execs).toContain('nft');
    expect(execs.filter((name) => /tables.*-save$|^sed$/.test(name))).toEqual([]);
    const firewall = run.facts.firewall;
    expect(firewall.ok && firewall.value.nft).toMatchObject({ status: 'read', ruleCount: 0, detail: 'nft list ruleset (no ip or ip6 table)' });
    expect(firewall.ok && firewall.value.nftables.tables.map((t) => `${t.family} ${t.name}`)).toEqual(['inet fw']);
  });

  it('an iptables-nft rule: the save tools run and count it', async () => {
    inNs('iptables-nft', '-A', 'INPUT', '-p', 'tcp', '--dport', '179', '-j', 'DROP');
    const { run, execs } = await probe();
    expect(execs).toEqual(expect.arrayContaining(['iptables-nft-save', 'ip6tables-nft-save', 'sed']));
    const firewall = run.facts.firewall;
    expect(firewall.ok && firewall.value.nft).toMatchObject({ status: 'read', ruleCount: 1, detail: 'iptables-nft-save; ip6tables-nft-save' });
  });
});

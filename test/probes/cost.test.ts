/**
 * What the probe costs a host (issue 6), traced with strace: the processes it starts, and
 * proof that it opens nothing for writing (only /dev/null).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProbeCommand } from '../../src/probes/index.js';
import { newNonce, runProbe } from './run-probe.js';
import { skipUnlessTools } from '../support/tools.js';
import { catalogueProbeRequest } from '../../src/runner/index.js';

const skip = skipUnlessTools(['/usr/bin/strace', '/bin/dash'], 'apt-get install strace dash');

describe.skipIf(skip !== undefined)(`probe cost${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let dir: string;
  let trace: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'probe-cost-'));
    const command = buildProbeCommand({ nonce: newNonce(), become: 'none', remoteTimeoutSec: 30, request: catalogueProbeRequest(), connectTargets: [] });
    const out = join(dir, 'trace');
    execFileSync('/usr/bin/strace', ['-f', '-qq', '-z', '-o', out, '-e', 'trace=execve,openat,open,creat,unlink,unlinkat,rename,renameat,renameat2,mkdir,mkdirat,truncate', '/bin/dash', '-c', command], {
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    trace = readFileSync(out, 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts few processes: one per tool that has no builtin equivalent', () => {
    // -z: successful calls only (an exec split across lines by -f still shows its start)
    const started = trace.split('\n').filter((l) => /execve\("/.test(l)).map((l) => /execve\("([^"]+)"/.exec(l)![1]!);
    console.log(`probe processes on this machine (${started.length}): ${started.map((p) => p.split('/').pop()).join(' ')}`);
    // dash + launcher sh + timeout + script sh, then date, awk (the batch: files, status,
    // sysctls, module files and kernel config), gzip (this kernel's config is /proc/config.gz),
    // systemctl, ip, the firewall (nft only: this kernel has no module list, so nf_tables may
    // be in use, but nft shows no table iptables-nft-save could print; sed and the save tools
    // run only when it does, the legacy ones only where /proc/net/ip*_tables_names list
    // tables), ss. uname is not run: /proc/sys/kernel has its four words (Linux 6.1+).
    // Each kubelet/kube-proxy process the walk finds adds a cat of its command line, a
    // readlink, a tr (other tests' personality fleets may run some): not counted.
    const perKubeProcess = new Set(['cat', 'readlink', 'tr']);
    expect(started.filter((p) => !perKubeProcess.has(p.split('/').pop()!)).length).toBeLessThanOrEqual(11);
  });

  it('walks /proc once: the root part reuses the process list of the first walk', () => {
    const comms = trace.split('\n').map((l) => /open(?:at)?\(.*"\/proc\/(\d+)\/comm"/.exec(l)?.[1]).filter((pid): pid is string => pid !== undefined);
    const pids = new Set(comms);
    expect(pids.size).toBeGreaterThan(1);
    // only kubelet/kube-proxy dirs are read again (to pick kube-proxy's config); two walks read every one twice
    expect(comms.length).toBeLessThan(pids.size * 1.5);
  });

  it('opens nothing for writing but /dev/null, and creates, renames or removes nothing', () => {
    const writes = trace.split('\n').filter((l) => /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|unlink|rename|mkdir|truncate|creat\(/.test(l) && !/"\/dev\/null"/.test(l));
    expect(writes).toEqual([]);
  });

  it('takes little wall time (median of 5 runs, printed; the bound is loose for shared CI machines)', async () => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) times.push((await runProbe(['/bin/dash', '-c'])).ms);
    times.sort((a, b) => a - b);
    console.log(`probe wall time on this machine, ms: ${times.join(' ')} (median ${times[2]})`);
    expect(times[2]).toBeLessThan(3000);
  });
});

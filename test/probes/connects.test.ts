/**
 * Peer and datastore connects from ONE timeout and ONE bash, in a network namespace made
 * for the test: a listener inside it (connected), a closed port (refused), and an address
 * whose packets an INPUT rule drops (timeout). The namespace has only its loopback link, with
 * 127.0.0.1 and one 198.18.0.0/15 address: no route out.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe, type ProbeRun } from './run-probe.js';
import { skipOutsideCi, skipUnlessTools } from '../support/tools.js';

const tools = skipUnlessTools(['/usr/sbin/ip', '/usr/sbin/iptables', '/bin/bash', '/bin/dash', '/usr/bin/timeout', '/usr/bin/strace'], 'apt-get install iproute2 iptables bash dash coreutils strace');
const skip = tools ?? skipOutsideCi(process.getuid?.() === 0 ? undefined : 'it needs root (network namespaces)');

describe.skipIf(skip !== undefined)(`connects from one bash${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const ns = `cpf-conn-${randomBytes(4).toString('hex')}`;
  const dropped = `198.18.${1 + (randomBytes(1)[0]! % 250)}.2`;
  let listener: ChildProcess | undefined;
  let openPort = 0;
  let dir: string;
  let run: ProbeRun;
  let execs: string[];

  beforeAll(async () => {
    const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    ip('netns', 'add', ns);
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    ip('-n', ns, 'addr', 'add', `${dropped}/32`, 'dev', 'lo');
    ip('netns', 'exec', ns, 'iptables', '-A', 'INPUT', '-d', dropped, '-j', 'DROP');
    listener = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e',
      'const s = require("net").createServer((c) => c.destroy()).listen(0, "127.0.0.1", () => console.log(s.address().port));'], { stdio: ['ignore', 'pipe', 'inherit'] });
    openPort = Number(await new Promise<string>((resolve) => createInterface({ input: listener!.stdout! }).once('line', resolve)));
    dir = mkdtempSync(join(tmpdir(), 'probe-connects-'));
    const trace = join(dir, 'trace');
    run = await runProbe(['ip', 'netns', 'exec', ns, '/usr/bin/strace', '-f', '-qq', '-z', '-o', trace, '-e', 'trace=execve', '/bin/dash', '-c'], {
      connectTargets: [
        { purpose: 'peer', target: 'open', address: '127.0.0.1', port: openPort },
        { purpose: 'datastore', target: 'closed', address: '127.0.0.1', port: 1 },
        { purpose: 'peer', target: 'dropped', address: dropped, port: 179 },
        { purpose: 'peer', target: 'unsafe', address: '$(id)', port: 179 },
      ],
    });
    execs = readFileSync(trace, 'utf8').split('\n').map((l) => /execve\("([^"]+)"/.exec(l)?.[1]).filter((p): p is string => p !== undefined);
  }, 30_000);
  afterAll(() => {
    listener?.kill();
    execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const by = (target: string) => (run.facts.connectivity.ok ? run.facts.connectivity.value.find((c) => c.target === target) : undefined);

  it('tells connected, refused and timeout apart, and keeps an unsafe address from the shell', () => {
    expect(run.raw.end?.exitCode).toBe(0);
    expect(by('open')).toMatchObject({ purpose: 'peer', outcome: 'connected', port: openPort });
    expect(by('closed')).toMatchObject({ purpose: 'datastore', outcome: 'refused' });
    expect(by('closed')?.detail).toMatch(/^bash \/dev\/tcp: .*Connection refused/);
    expect(by('dropped')).toMatchObject({ outcome: 'timeout', address: dropped });
    expect(by('unsafe')).toMatchObject({ outcome: 'error', address: '$(id)' });
    expect(run.facts.connectivity.ok && run.facts.connectivity.value).toHaveLength(4);
  });

  it('starts one bash and one timeout for all targets (the other timeout is the launcher)', () => {
    expect(execs.filter((p) => p.endsWith('/bash'))).toHaveLength(1);
    expect(execs.filter((p) => p.endsWith('/timeout'))).toHaveLength(2);
  });
});

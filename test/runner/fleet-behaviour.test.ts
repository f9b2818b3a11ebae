/**
 * How the runner behaves under trouble, on real sshd hosts: a hanging command, a dropped
 * connection, an exception in one host, the forks bound, the per-host cap and Ctrl-C.
 */
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HostResult } from '../../src/core/result.js';
import { buildProbeCommand, type ProbePlan } from '../../src/probes/index.js';
import { openJsonlWriter, runAudit } from '../../src/runner/index.js';
import { fleetSkipReason, startFleet, type Fleet } from '../fleet/index.js';
import { fleetConnector, fleetTarget } from './fleet-targets.js';
import { gone, killMatching } from './processes.js';

const skipReason = fleetSkipReason();
if (skipReason) console.warn(`skipping runner behaviour tests: ${skipReason}`);

/** Whether every TCP connection to the fleet's port is gone (this machine is every host). */
async function noConnectionsTo(port: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const sockets = execFileSync('ss', ['-Htn', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' }).trim();
    if (sockets === '') return true;
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}

describe.skipIf(skipReason !== undefined)('runner behaviour on a real sshd fleet', () => {
  let fleet: Fleet;
  let workDir: string;
  // A duration no other process on the machine has: the hanging `ip` of host `hangs`.
  const hangMarker = `${randomInt(100_000, 999_999)}.5`;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'cpf-runner-'));
    const hangingIp = join(workDir, 'ip');
    writeFileSync(hangingIp, `#!/bin/sh\nexec sleep ${hangMarker}\n`, { mode: 0o755 });
    fleet = await startFleet({
      count: 12,
      logLevel: 'ERROR',
      hosts: [
        { role: 'silent' },
        {
          // Its `ip` never returns: the probe script hangs several sections in.
          name: 'hangs',
          wrap: (argv) => ['unshare', '--mount', '--propagation', 'private', '--', 'sh', '-c', 'mount --bind "$0" /usr/sbin/ip && exec "$@"', hangingIp, ...argv],
        },
      ],
    });
  });
  afterAll(async () => {
    await fleet?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  // Commands that ignore deadlines outlive their connection (OpenSSH refuses signal
  // requests here): each test names its `sleep` uniquely and they are ended by pid afterwards.
  const leftovers: string[] = [];
  const leftover = (marker: string): string => {
    leftovers.push(`sleep ${marker}`);
    return marker;
  };
  afterEach(() => leftovers.splice(0).forEach(killMatching));

  const plainTargets = (count = 12) => fleet.byRole('plain').slice(0, count).map((host) => fleetTarget(host));

  it('ends a host whose probes hang as `timeout` in phase command, keeps what it printed, and leaves nothing running there', async () => {
    const started = performance.now();
    const [result] = await runAudit([fleetTarget(fleet.host('hangs'))], {
      connector: fleetConnector(fleet),
      commandTimeoutSec: 3,
      timeoutSec: 20,
    });
    expect(performance.now() - started).toBeLessThan(3_000 + 2_000);
    expect(result).toMatchObject({ status: 'timeout', phase: 'command' });
    expect(result!.message).toBe('the probes did not finish within 2s on the host; partial output kept');
    // The sections before the hanging `ip` came back; its own section opened and never closed.
    expect(result!.raw?.['meta']?.stdout).toMatch(/^uid=0 /);
    expect(result!.raw?.['ip-addr']).toEqual({ stdout: '', exitCode: null, truncated: false });
    expect(result!.raw?.['end']).toBeUndefined();
    expect(await gone(`sleep ${hangMarker}`, 2_000)).toBe(true);
  });

  it('ends a command that ignores every deadline as `timeout` in phase command at our own deadline', async () => {
    const marker = leftover(`${randomInt(100_000, 999_999)}.75`);
    const [result] = await runAudit([fleetTarget(fleet.byRole('plain')[0]!)], {
      connector: fleetConnector(fleet),
      commandTimeoutSec: 2,
      timeoutSec: 20,
      buildCommand: () => `sleep ${marker}`,
    });
    expect(result).toMatchObject({ status: 'timeout', phase: 'command' });
    expect(result!.message).toMatch(/within 2s/);
    expect(result!.timings.execMs ?? result!.timings.totalMs).toBeLessThan(2_000 + 1_500);
  });

  it('stops a host at the per-host cap (`timeoutSec`) whatever phase it is in', async () => {
    const marker = leftover(`${randomInt(100_000, 999_999)}.125`);
    const started = performance.now();
    const [silent, hanging] = await runAudit(
      [fleetTarget(fleet.host('silent')), fleetTarget(fleet.byRole('plain')[1]!)],
      {
        // Phase deadlines longer than the cap: the cap must win.
        connector: fleetConnector(fleet, { handshakeTimeoutMs: 30_000 }),
        timeoutSec: 2,
        commandTimeoutSec: 30,
        buildCommand: () => `sleep ${marker}`,
      },
    );
    expect(performance.now() - started).toBeLessThan(2_000 + 1_500);
    // The cap cuts the transport's own handshake deadline, so the timeout names the phase.
    expect(silent).toMatchObject({ status: 'timeout', phase: 'handshake' });
    expect(silent!.message).toMatch(/within/);
    expect(hanging).toMatchObject({ status: 'timeout', phase: 'command' });
  });

  it('never runs more than `forks` hosts at once, and does use all of them', async () => {
    const log = join(workDir, 'sessions.log');
    const record = (sign: string): string => `echo "$(date +%s%N) ${sign}" >> ${log}`;
    const results = await runAudit(plainTargets(12), {
      connector: fleetConnector(fleet),
      forks: 4,
      timeoutSec: 30,
      buildCommand: () => `${record('+')}; sleep 1; ${record('-')}`,
    });
    expect(results).toHaveLength(12);
    const events = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(' '))
      .map(([time, sign]) => ({ time: BigInt(time!), delta: sign === '+' ? 1 : -1 }))
      .sort((a, b) => (a.time === b.time ? a.delta - b.delta : a.time < b.time ? -1 : 1));
    expect(events).toHaveLength(24);
    let running = 0;
    let peak = 0;
    for (const event of events) peak = Math.max(peak, (running += event.delta));
    expect(peak).toBe(4);
  });

  it('keeps a host that throws or drops its connection from affecting the others', async () => {
    const hosts = fleet.byRole('plain').slice(0, 6);
    let calls = 0;
    const results = await runAudit(
      hosts.map((host) => fleetTarget(host)),
      {
        connector: fleetConnector(fleet),
        forks: 6,
        timeoutSec: 30,
        buildCommand: (plan: ProbePlan) => {
          calls += 1;
          if (calls === 2) throw new Error('probe builder exploded');
          // The parent of the command's shell is its sshd session: killing it drops the connection.
          if (calls === 4) return 'kill -9 $PPID; sleep 5';
          return buildProbeCommand(plan);
        },
      },
    );
    const byStatus = (status: HostResult['status']) => results.filter((result) => result.status === status);
    expect(byStatus('ok')).toHaveLength(4);
    const errors = byStatus('error');
    expect(errors.map((result) => result.message).sort()).toEqual([
      expect.stringMatching(/^connection to .* lost/),
      'probe builder exploded',
    ]);
  });

  it('ends cleanly on abort: finished hosts kept (and in the jsonl), the rest `interrupted`, connections closed', async () => {
    const jsonl = join(workDir, 'interrupted.jsonl');
    const writer = openJsonlWriter(jsonl);
    const controller = new AbortController();
    const marker = leftover(`${randomInt(100_000, 999_999)}.25`);
    let finished = 0;
    let calls = 0;
    const started = performance.now();
    let abortedAt = 0;
    const results = await runAudit(plainTargets(12), {
      connector: fleetConnector(fleet),
      forks: 3,
      timeoutSec: 60,
      // The first three hosts finish quickly; the rest would sleep for a long time.
      buildCommand: (plan) => (++calls <= 3 ? buildProbeCommand(plan) : `sleep ${marker}`),
      signal: controller.signal,
      onHostResult: (result) => {
        writer.write(result);
        if (++finished === 3) {
          setTimeout(() => {
            abortedAt = performance.now();
            controller.abort();
          }, 1_000);
        }
      },
    });
    writer.close();
    expect(performance.now() - abortedAt).toBeLessThan(2_000);
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(results.filter((result) => result.status === 'ok')).toHaveLength(3);
    const interrupted = results.filter((result) => result.message === 'interrupted');
    expect(interrupted).toHaveLength(9);
    expect(interrupted.every((result) => result.status === 'error')).toBe(true);
    const lines = readFileSync(jsonl, 'utf8').trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as HostResult).name).sort()).toEqual(results.map((r) => r.name).sort());
    expect(await noConnectionsTo(fleet.port, 2_000)).toBe(true);
  });
});

/**
 * fleet.clock-skew on real sshd hosts whose clocks are this machine's (so the true skew is 0):
 * one answers at once, one has a slow login — its sshd runs every command behind a 3 s
 * ForceCommand delay, as a slow PAM session, profile script or LDAP lookup would. Measured
 * from the moment the command was sent, the slow host's clock reads 3 s "ahead"; judged
 * against the middle of the round trip, give or take half of it, it is in sync.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/core/result.js';
import { fleetSkipReason, startFleet, type Fleet } from '../fleet/index.js';
import { runCli, type CliRun } from '../support/cli.js';

const LOGIN_DELAY_SEC = 3;
const skipReason = fleetSkipReason();
if (skipReason) console.warn(`skipping the slow-login clock test: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('clock skew through a slow login', () => {
  let fleet: Fleet;
  let dir: string;
  let cli: CliRun;
  let result: AuditResult;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cpf-clock-'));
    fleet = await startFleet({
      logLevel: 'ERROR',
      hosts: [
        { name: 'quick' },
        // sshd runs the forced command with the login shell's -c; the probe command follows the delay.
        { name: 'slow-login', sshdOptions: [`ForceCommand=sleep ${LOGIN_DELAY_SEC}; eval "$SSH_ORIGINAL_COMMAND"`] },
      ],
    });
    const out = join(dir, 'result.json');
    cli = await runCli(['audit', '-i', fleet.inventory, '--known-hosts', fleet.knownHosts, '--json', out, '--quiet', '--timeout', '60']);
    result = JSON.parse(readFileSync(out, 'utf8')) as AuditResult;
  }, 120_000);
  afterAll(async () => {
    await fleet?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the slow host answered after the delay, and its clock reading took that long to arrive', () => {
    expect(result.hosts.map((host) => [host.name, host.status])).toEqual([
      ['quick', 'ok'],
      ['slow-login', 'ok'],
    ]);
    const clock = result.hosts.find((host) => host.name === 'slow-login')!.facts!.clock;
    expect(clock.ok, cli.stderr).toBe(true);
    if (!clock.ok) return;
    // Measured from sending the command, as before: the login delay reads as skew.
    expect(clock.value.hostEpochMs - clock.value.sentEpochMs).toBeGreaterThanOrEqual(LOGIN_DELAY_SEC * 1000);
    expect(clock.value.receivedEpochMs - clock.value.sentEpochMs).toBeGreaterThanOrEqual(LOGIN_DELAY_SEC * 1000);
  });

  it('passes both hosts, the slow one with its uncertainty in the evidence', () => {
    const findings = result.fleet.filter((finding) => finding.check === 'fleet.clock-skew');
    expect(findings.map((finding) => finding.status)).toEqual(['pass']);
    const slow = findings[0]!.evidence.find((entry) => entry.fact.startsWith('slow-login:'))!;
    const [, roundTrip] = /round trip (\d+\.\d) s/.exec(slow.fact) ?? [];
    expect(Number(roundTrip)).toBeGreaterThanOrEqual(LOGIN_DELAY_SEC);
    expect(slow.fact).toMatch(/^slow-login: clock [+-]\d+\.\d s ± \d+\.\d s from the auditor's/);
  });
});

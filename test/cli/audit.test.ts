/**
 * The `audit` command as users run it: the real CLI against real sshd hosts (issue 3's
 * "Done when"), and against this machine through the default local inventory.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/core/result.js';
import { fleetSkipReason, startFleet, type Fleet } from '../fleet/index.js';
import { runCli } from '../support/cli.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'cpf-audit-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function readResult(file: string): AuditResult {
  return JSON.parse(readFileSync(file, 'utf8')) as AuditResult;
}

const hasFail = (result: AuditResult): boolean =>
  result.hosts.some((h) => h.status !== 'ok' || h.findings.some((f) => f.status === 'fail')) ||
  result.fleet.some((f) => f.status === 'fail');

describe('audit of this machine through the default inventory', () => {
  let run: Awaited<ReturnType<typeof runCli>>;
  let result: AuditResult;
  const json = path.join(scratch, 'local.json');
  const html = path.join(scratch, 'local.html');

  beforeAll(async () => {
    run = await runCli(['audit', '--json', json, '--html', html]);
    result = readResult(json);
  });

  it('audits localhost from inventories/local.ini over the local transport', () => {
    expect(result.run.inventories).toEqual(['inventories/local.ini']);
    expect(result.hosts).toHaveLength(1);
    expect(result.hosts[0]).toMatchObject({ name: 'localhost', status: 'ok', transport: 'local' });
  });

  it('exits 1 exactly when something failed, and says so in the summary', () => {
    expect(run.code).toBe(hasFail(result) ? 1 : 0);
    expect(run.stdout).toMatch(hasFail(result) ? /NOT READY/ : /READY/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('writes the report and a result with the contract fields', () => {
    expect(readFileSync(html, 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    expect(result.tool.name).toBe('calico-preflight');
    for (const key of ['startedAt', 'finishedAt', 'settings', 'hosts', 'fleet'] as const) expect(result).toHaveProperty(key);
    const host = result.hosts[0]!;
    for (const key of ['name', 'address', 'port', 'status', 'facts', 'findings'] as const) expect(host).toHaveProperty(key);
  });

  it('never passes a check on a fact it could not read', () => {
    // systemd is not PID 1 on these machines: whatever says "active"/"inactive" must have come
    // from somewhere else, and the firewall verdict must not be a blind pass.
    const host = result.hosts[0]!;
    for (const finding of host.findings.filter((f) => f.status === 'pass')) {
      expect(finding.evidence.length, `${finding.check} passes with evidence`).toBeGreaterThan(0);
    }
    if (!host.facts!.kernel.loaded.ok && !host.facts!.kernel.config.ok) {
      expect(host.findings.find((f) => f.check === 'node.kernel-deps')?.status).not.toBe('pass');
    }
  });
});

describe('bad input ends with one sentence and exit 2', () => {
  it('names FILE:LINE of a bad inventory line', async () => {
    const inventory = path.join(scratch, 'bad.ini');
    writeFileSync(inventory, '[web]\nweb1 ansible_host=10.0.0.1 oops\n');
    const run = await runCli(['audit', '-i', inventory]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${inventory}:2:`);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a --limit that matches nothing', async () => {
    const run = await runCli(['audit', '--limit', 'no-such-host']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no-such-host/);
  });

  it('refuses an unknown check id in --skip', async () => {
    const run = await runCli(['audit', '--skip', 'node.nonsense']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/node\.nonsense/);
  });
});

const skipReason = fleetSkipReason();
describe.skipIf(skipReason !== undefined)(`audit of a real sshd fleet${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({ count: 50, hosts: [{ role: 'unknown-key' }, { role: 'closed-port' }, { role: 'silent' }], logLevel: 'ERROR' });
  }, 180_000);
  afterAll(async () => fleet?.stop());

  it('returns all 50 hosts with raw probe output, streams each to --jsonl, and reports the rest by kind', async () => {
    const json = path.join(scratch, 'fleet.json');
    const jsonl = path.join(scratch, 'fleet.jsonl');
    const started = Date.now();
    const run = await runCli([
      'audit', '-i', fleet.inventory, '--known-hosts', fleet.knownHosts,
      '--json', json, '--jsonl', jsonl, '--html', path.join(scratch, 'fleet.html'),
      '--forks', '60', '--timeout', '20', '--connect-timeout', '3', '--quiet',
    ]);
    const elapsed = Date.now() - started;
    const result = readResult(json);
    expect(run.code).toBe(1); // unreachable hosts make the run not ready
    const plain = result.hosts.filter((h) => /^host\d+$/.test(h.name));
    expect(plain).toHaveLength(50);
    for (const host of plain) {
      expect(host.status, `${host.name}: ${host.message}`).toBe('ok');
      expect(Object.keys(host.raw ?? {}).length).toBeGreaterThan(5);
      expect(host.findings.length).toBeGreaterThan(10);
    }
    const statusOf = (role: string) => result.hosts.find((h) => h.name === fleet.byRole(role as never)[0]!.name)!;
    expect(statusOf('unknown-key').status).toBe('host-key-unknown');
    expect(statusOf('unknown-key').message).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);
    expect(statusOf('closed-port').status).toBe('refused');
    expect(statusOf('silent')).toMatchObject({ status: 'timeout', phase: 'handshake' });
    // The silent host is bounded by its own handshake deadline, not by the slowest of 53.
    expect(elapsed).toBeLessThan(90_000);
    const lines = readFileSync(jsonl, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { name: string; findings: unknown[] });
    expect(lines.map((l) => l.name).sort()).toEqual(result.hosts.map((h) => h.name).sort());
  });

  it('accepts an unknown key only with --accept-new-host-keys, and records it once', async () => {
    const unknown = fleet.byRole('unknown-key')[0]!;
    const knownHosts = path.join(scratch, 'known_hosts');
    writeFileSync(knownHosts, readFileSync(fleet.knownHosts));
    const args = ['audit', '-i', fleet.inventory, '--limit', unknown.name, '--known-hosts', knownHosts, '--json', path.join(scratch, 'tofu.json'), '--quiet', '--html', path.join(scratch, 'tofu.html')];
    const refused = await runCli(args);
    expect(refused.code).toBe(1);
    expect(readResult(path.join(scratch, 'tofu.json')).hosts[0]!.status).toBe('host-key-unknown');

    const accepted = await runCli([...args, '--accept-new-host-keys']);
    expect(readResult(path.join(scratch, 'tofu.json')).hosts[0]!.status).toBe('ok');
    expect(accepted.code).toBeLessThan(2);
    await runCli([...args, '--accept-new-host-keys']);
    const entries = readFileSync(knownHosts, 'utf8').split('\n').filter((line) => line.includes(`[${unknown.address}]:${unknown.port}`));
    expect(entries).toHaveLength(1);
  });
});

/**
 * Issue 12's "Done when": a 200-host fleet of real sshd hosts audited once, and in four shards
 * (run at the same time, as four bastions would) then merged, gives the same host findings,
 * the same fleet findings and the same peer probes; the merged result writes every report,
 * exits like the single audit, and `diff` reads it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult, Finding, HostResult } from '../../src/core/result.js';
import { loadResult } from '../../src/report/load-result.js';
import { fleetSkipReason, startFleet, type Fleet } from '../fleet/index.js';
import { runCli, type CliRun } from '../support/cli.js';

const HOSTS = 200;
const SHARDS = 4;
const skip = fleetSkipReason();
const scratch = mkdtempSync(path.join(tmpdir(), 'cpf-shard-merge-'));
const file = (name: string): string => path.join(scratch, name);

/**
 * Clock offsets and round trips differ from run to run by nature, and a host lists its peer
 * connects in the order they finished: compare evidence without either. Everything else must
 * be the same.
 */
function normalised(finding: Finding): Finding {
  const timing = (fact: string) =>
    fact.replace(/clock [+-]\d+(\.\d+)? s/, 'clock ±N s').replace(/± \d+(\.\d+)? s/, '± T s').replace(/round trip \d+(\.\d+)? s/, 'round trip T s');
  const facts = finding.evidence.map((e) => `${e.command}: ${timing(e.fact)}`);
  return { ...finding, evidence: facts.sort().map((fact) => ({ fact, command: '' })) };
}

function hostView(host: HostResult) {
  return {
    name: host.name,
    address: host.address,
    status: host.status,
    findings: host.findings.map(normalised),
    // The host runs its connects at once and lists them as they finish: compare them as a set.
    peersProbed: host.facts?.connectivity.ok
      ? host.facts.connectivity.value.map(({ purpose, target, address, port, outcome }) => `${purpose} ${target} ${address}:${port} ${outcome}`).sort()
      : null,
  };
}

describe.skipIf(skip !== undefined)(`one audit of ${HOSTS} sshd hosts against ${SHARDS} shards merged`, () => {
  let fleet: Fleet;
  let single: CliRun;
  let shards: CliRun[];
  let merged: CliRun;
  let one: AuditResult;
  let joined: AuditResult;

  beforeAll(async () => {
    fleet = await startFleet({ count: HOSTS, logLevel: 'ERROR' });
    const audit = (...args: string[]) => runCli(['audit', '-i', fleet.inventory, '--known-hosts', fleet.knownHosts, '--forks', '50', ...args], { timeoutMs: 600_000 });
    single = await audit('--json', file('one.json'), '--html', file('one.html'));
    shards = await Promise.all(
      Array.from({ length: SHARDS }, (_, i) => audit('--shard', `${i + 1}/${SHARDS}`, '--json', file(`shard-${i + 1}.json`), '--html', file(`shard-${i + 1}.html`), '--quiet')),
    );
    const shardFiles = Array.from({ length: SHARDS }, (_, i) => file(`shard-${i + 1}.json`)).reverse();
    merged = await runCli(['merge', ...shardFiles, '--json', file('merged.json'), '--html', file('merged.html'), '--junit', file('merged.xml')]);
    one = loadResult(file('one.json'));
    joined = loadResult(file('merged.json'));
  }, 900_000);

  afterAll(async () => {
    await fleet?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('audits every host once: each shard a quarter of the fleet, all reached', () => {
    expect(single.stderr).toBe('');
    expect(one.hosts.filter((host) => host.status === 'ok')).toHaveLength(HOSTS);
    for (const [i, run] of shards.entries()) {
      expect(run.stderr, `shard ${i + 1}`).toBe('');
      const part = loadResult(file(`shard-${i + 1}.json`));
      expect(part.hosts).toHaveLength(HOSTS / SHARDS);
      expect(part.run.shard).toMatchObject({ index: i + 1, count: SHARDS, fleetHosts: HOSTS });
    }
  });

  it('gives the same hosts, in the same order, with the same findings and the same peers probed', () => {
    expect(joined.hosts.map(hostView)).toEqual(one.hosts.map(hostView));
  });

  it('gives the same fleet findings, judged over all 200 hosts', () => {
    expect(joined.fleet.map(normalised)).toEqual(one.fleet.map(normalised));
    // Every loopback host reports this machine's hostname: the merged finding names all of them.
    expect(joined.fleet.find((f) => f.check === 'fleet.unique-hostnames' && f.status === 'fail')?.hosts).toHaveLength(HOSTS);
  });

  it('writes the reports and exits like the single audit', () => {
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(single.code);
    expect(merged.stdout).toMatch(/NOT READY: 200 of 200 hosts need attention/);
    expect(readFileSync(file('merged.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    expect(readFileSync(file('merged.xml'), 'utf8')).toContain(`tests="`);
    expect(joined.run.mergedFrom?.map((part) => part.shard)).toEqual(['1/4', '2/4', '3/4', '4/4']);
  });

  it('diff reads the merged result: nothing changed from the single audit', async () => {
    const diff = await runCli(['diff', file('one.json'), file('merged.json'), '--json']);
    expect(diff.code).toBe(0);
    const changes = JSON.parse(diff.stdout) as { checks: unknown[]; reachability: unknown[]; hostsAdded: string[]; hostsRemoved: string[] };
    expect(changes).toMatchObject({ checks: [], reachability: [], hostsAdded: [], hostsRemoved: [] });
  });

  it('refuses a shard set with one missing, in one sentence', async () => {
    const run = await runCli(['merge', file('shard-1.json'), file('shard-2.json'), file('shard-4.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('calico-preflight: shard 3/4 missing: merge needs all 4 shards (given: 1, 2, 4)\n');
  });
});

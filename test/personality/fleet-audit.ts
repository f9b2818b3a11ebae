/**
 * Shared harness of the end-to-end personality audits: start a personality fleet, run the
 * real `audit` command against it, and hold every host to its declared faults — every
 * other check of the host must give the clean baseline host's verdict.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditResult, CheckStatus, Finding, FleetFinding, HostResult } from '../../src/core/result.js';
import { startPersonalityFleet, type Personality, type PersonalityFleet } from '../fleet/personalities/index.js';

const CLI = path.resolve(import.meta.dirname, '../../src/cli/main.ts');

export interface Expected {
  status: CheckStatus;
  /** What the summary, evidence or remediation must say. */
  mentions?: RegExp;
}

export interface FleetAuditSpec {
  personalities: () => Personality[];
  /** The host that meets every requirement. */
  baseline: string;
  /** Checks the baseline skips because they do not apply to it; all others must pass there. */
  notApplicable: string[];
  /** Each host's verdicts that differ from the baseline's (every host of the fleet listed). */
  faults: Record<string, Record<string, Expected>>;
  /** Host checks exempt from the baseline comparison on some hosts (decided from the result). */
  exempt?: (result: AuditResult) => Record<string, string[]>;
}

export interface FleetAudit {
  pf(): PersonalityFleet;
  result(): AuditResult;
  host(name: string): HostResult;
  finding(name: string, check: string): Finding;
  fleetFindings(check: string): FleetFinding[];
}

/** Hosts whose peer connect probes went to `target` (they see its firewall from outside). */
export function peersOf(result: AuditResult, target: string): string[] {
  return result.hosts
    .filter((h) => h.facts?.connectivity.ok && h.facts.connectivity.value.some((p) => p.purpose === 'peer' && p.target === target))
    .map((h) => h.name);
}

export function findingText(finding: Finding): string {
  return [finding.summary, ...finding.evidence.map((e) => `${e.fact} ${e.command}`), finding.remediation ?? ''].join('\n');
}

/** Evidence with a fact and its source on every finding; a fix on every warn and fail. */
export function expectExplained(finding: Finding, where: string): void {
  expect(finding.evidence.length, `${where} ${finding.check} has evidence`).toBeGreaterThan(0);
  for (const e of finding.evidence) {
    expect(e.fact.trim(), `${where} ${finding.check} evidence fact`).not.toBe('');
    expect(e.command.trim(), `${where} ${finding.check} evidence command`).not.toBe('');
  }
  if (finding.status === 'warn' || finding.status === 'fail') {
    expect(finding.remediation?.trim(), `${where} ${finding.check} remediation`).toBeTruthy();
  }
}

function runAuditCli(pf: PersonalityFleet, out: string): Promise<{ code: number; stderr: string }> {
  const args = [
    '--import', 'tsx', CLI, 'audit',
    '-i', pf.fleet.inventory,
    '--known-hosts', pf.fleet.knownHosts,
    '--json', out,
    '--forks', String(pf.fleet.hosts.length),
    '--quiet',
  ];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { timeout: 120_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr });
    });
  });
}

/** Registers the fleet's lifecycle and the per-host verdict tests in the current describe block. */
export function auditFleet(spec: FleetAuditSpec): FleetAudit {
  let pf: PersonalityFleet;
  let result: AuditResult;
  let cli: { code: number; stderr: string };
  const host = (name: string): HostResult => {
    const found = result.hosts.find((h) => h.name === name);
    if (!found) throw new Error(`no result for ${name}`);
    return found;
  };
  const finding = (name: string, check: string): Finding => {
    const found = host(name).findings.find((f) => f.check === check);
    if (!found) throw new Error(`${name} has no ${check} finding`);
    return found;
  };
  const expectVerdict = (name: string, check: string, expected: Expected): void => {
    const f = finding(name, check);
    expect(f.status, `${name} ${check}: ${f.summary}`).toBe(expected.status);
    if (expected.mentions) expect(findingText(f)).toMatch(expected.mentions);
    expectExplained(f, name);
  };

  beforeAll(async () => {
    pf = await startPersonalityFleet(spec.personalities());
    const out = path.join(pf.network.dir, 'result.json');
    cli = await runAuditCli(pf, out);
    result = JSON.parse(readFileSync(out, 'utf8')) as AuditResult;
  }, 180_000);
  afterAll(async () => {
    await pf?.stop();
  });

  it('audits every host over ssh and reports failures through its exit status', () => {
    const failed = result.hosts.some((h) => h.findings.some((f) => f.status === 'fail')) || result.fleet.some((f) => f.status === 'fail');
    expect(cli.code, cli.stderr).toBe(failed ? 1 : 0);
    expect(result.hosts.map((h) => h.name).sort()).toEqual(Object.keys(spec.faults).sort());
    for (const h of result.hosts) expect(h.status, `${h.name}: ${h.message ?? ''}`).toBe('ok');
  });

  it(`${spec.baseline} meets every requirement: pass, or skip where a check does not apply`, () => {
    for (const f of host(spec.baseline).findings) {
      const expected = spec.notApplicable.includes(f.check) ? 'skip' : 'pass';
      expect(f.status, `${f.check}: ${f.summary}`).toBe(expected);
      if (f.status === 'pass') expectExplained(f, spec.baseline);
    }
  });

  for (const [name, faults] of Object.entries(spec.faults)) {
    const verdicts = Object.entries(faults);
    const title = verdicts.map(([c, e]) => `${c} ${e.status}`).join(', ') || 'nothing of its own';
    it(`${name}: ${title}`, () => {
      for (const [check, expected] of verdicts) expectVerdict(name, check, expected);
      const exempt = spec.exempt?.(result)[name] ?? [];
      for (const f of host(name).findings) {
        if (f.check in faults || exempt.includes(f.check)) continue;
        expect(f.status, `${name} ${f.check}: ${f.summary}`).toBe(finding(spec.baseline, f.check).status);
      }
    });
  }

  return {
    pf: () => pf,
    result: () => result,
    host,
    finding,
    fleetFindings: (check) => result.fleet.filter((f) => f.check === check),
  };
}

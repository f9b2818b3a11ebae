/**
 * Shared harness of the end-to-end personality audits: start a personality fleet, run the
 * real `audit` command against it, and hold every host to its declared faults — every
 * other check of the host must give the clean baseline host's verdict. The same started
 * fleet can be audited again under other Calico releases (`--calico-version`), each host's
 * verdicts there declared as their differences from the default (v3.22) audit.
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
  /** Further audits of the same fleet, by the `--calico-version` they pass. */
  releases?: Record<string, ReleaseAudit>;
}

/** What changes when the same fleet is judged against another Calico release. */
export interface ReleaseAudit {
  /** The baseline's verdicts under this release where they are not pass (or skip, for `notApplicable`). */
  baseline: Record<string, Expected>;
  /**
   * Per host, the verdicts that differ from its declared v3.22 faults (hosts without any need no
   * entry); its other checks, as in the default audit, give the baseline's verdict.
   */
  faults: Record<string, Record<string, Expected>>;
}

export interface FleetAudit {
  pf(): PersonalityFleet;
  /** The default audit's result; `resultFor(version)` for another release's. */
  result(): AuditResult;
  resultFor(version: string): AuditResult;
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

function runAuditCli(pf: PersonalityFleet, out: string, extra: string[] = []): Promise<{ code: number; stderr: string }> {
  const args = [
    '--import', 'tsx', CLI, 'audit',
    '-i', pf.fleet.inventory,
    '--known-hosts', pf.fleet.knownHosts,
    '--json', out,
    '--forks', String(pf.fleet.hosts.length),
    '--quiet',
    ...extra,
  ];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { timeout: 120_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr });
    });
  });
}

interface Run {
  cli: { code: number; stderr: string };
  result: AuditResult;
}

/** The verdicts one audit of the fleet must give: the baseline's, and each host's faults on top of it. */
interface Verdicts {
  /** Prefixes the test titles of a release's audit. */
  title: string;
  baseline: Record<string, Expected>;
  faults: Record<string, Record<string, Expected>>;
}

/** Registers the fleet's lifecycle and the per-host verdict tests in the current describe block. */
export function auditFleet(spec: FleetAuditSpec): FleetAudit {
  let pf: PersonalityFleet;
  const runs = new Map<string, Run>();
  const DEFAULT = 'default';
  const run = (version: string): Run => {
    const found = runs.get(version);
    if (!found) throw new Error(`no audit under ${version}`);
    return found;
  };
  const hostIn = (result: AuditResult, name: string): HostResult => {
    const found = result.hosts.find((h) => h.name === name);
    if (!found) throw new Error(`no result for ${name}`);
    return found;
  };
  const findingIn = (result: AuditResult, name: string, check: string): Finding => {
    const found = hostIn(result, name).findings.find((f) => f.check === check);
    if (!found) throw new Error(`${name} has no ${check} finding`);
    return found;
  };
  const expectVerdict = (result: AuditResult, name: string, check: string, expected: Expected): void => {
    const f = findingIn(result, name, check);
    expect(f.status, `${name} ${check}: ${f.summary}`).toBe(expected.status);
    if (expected.mentions) expect(findingText(f)).toMatch(expected.mentions);
    expectExplained(f, name);
  };

  const releases = Object.entries(spec.releases ?? {});
  beforeAll(async () => {
    pf = await startPersonalityFleet(spec.personalities());
    // One started fleet, audited once per release: starting a personality fleet is the slow part.
    for (const [version, extra] of [[DEFAULT, []], ...releases.map(([release]) => [release, ['--calico-version', release]])] as [string, string[]][]) {
      const out = path.join(pf.network.dir, `result-${version}.json`);
      const cli = await runAuditCli(pf, out, extra);
      runs.set(version, { cli, result: JSON.parse(readFileSync(out, 'utf8')) as AuditResult });
    }
  }, 180_000 + 90_000 * releases.length);
  afterAll(async () => {
    await pf?.stop();
  });

  const verdictTests = (version: string, verdicts: Verdicts): void => {
    const result = () => run(version).result;
    it(`${verdicts.title}audits every host over ssh and reports failures through its exit status`, () => {
      const { cli } = run(version);
      const failed = result().hosts.some((h) => h.findings.some((f) => f.status === 'fail')) || result().fleet.some((f) => f.status === 'fail');
      expect(cli.code, cli.stderr).toBe(failed ? 1 : 0);
      expect(result().hosts.map((h) => h.name).sort()).toEqual(Object.keys(spec.faults).sort());
      for (const h of result().hosts) expect(h.status, `${h.name}: ${h.message ?? ''}`).toBe('ok');
    });

    const baselineTitle = Object.keys(verdicts.baseline).length
      ? `${spec.baseline} meets every requirement but ${Object.keys(verdicts.baseline).join(', ')}: pass, or skip where a check does not apply`
      : `${spec.baseline} meets every requirement: pass, or skip where a check does not apply`;
    it(`${verdicts.title}${baselineTitle}`, () => {
      for (const f of hostIn(result(), spec.baseline).findings) {
        const declared = verdicts.baseline[f.check];
        if (declared) {
          expectVerdict(result(), spec.baseline, f.check, declared);
          continue;
        }
        expect(f.status, `${f.check}: ${findingText(f)}`).toBe(spec.notApplicable.includes(f.check) ? 'skip' : 'pass');
        if (f.status === 'pass') expectExplained(f, spec.baseline);
      }
    });

    for (const [name, faults] of Object.entries(verdicts.faults)) {
      const declared = Object.entries(faults);
      const title = declared.map(([c, e]) => `${c} ${e.status}`).join(', ') || 'nothing of its own';
      it(`${verdicts.title}${name}: ${title}`, () => {
        for (const [check, expected] of declared) expectVerdict(result(), name, check, expected);
        const exempt = spec.exempt?.(result())[name] ?? [];
        for (const f of hostIn(result(), name).findings) {
          if (f.check in faults || exempt.includes(f.check)) continue;
          expect(f.status, `${name} ${f.check}: ${findingText(f)}`).toBe(findingIn(result(), spec.baseline, f.check).status);
        }
      });
    }
  };

  verdictTests(DEFAULT, { title: '', baseline: {}, faults: spec.faults });
  for (const [version, release] of releases) {
    const strangers = Object.keys(release.faults).filter((name) => !(name in spec.faults));
    if (strangers.length > 0) throw new Error(`v${version} declares verdicts for hosts the fleet does not have: ${strangers.join(', ')}`);
    it(`v${version}: the result names the release it was judged against, and every host was judged by it`, () => {
      const { result } = run(version);
      expect(result.profile?.version).toBe(version);
      for (const h of result.hosts) expect(h.settings.calicoVersion).toBe(version);
    });
    const faults = Object.fromEntries(Object.keys(spec.faults).map((name) => [name, { ...spec.faults[name], ...release.faults[name] }]));
    verdictTests(version, { title: `v${version}: `, baseline: release.baseline, faults });
  }

  return {
    pf: () => pf,
    result: () => run(DEFAULT).result,
    resultFor: (version) => run(version).result,
    host: (name) => hostIn(run(DEFAULT).result, name),
    finding: (name, check) => findingIn(run(DEFAULT).result, name, check),
    fleetFindings: (check) => run(DEFAULT).result.fleet.filter((f) => f.check === check),
  };
}

import { describe, expect, it } from 'vitest';
import type { AuditResult, Finding } from '../../src/core/result.js';
import { exitCodeFor, fleetVerdict } from '../../src/report/verdict.js';
import { loadFleet } from './helpers.js';

/** The fixture fleet cut down to node03 (whose findings are replaced) and no fleet findings. */
function oneHost(findings: Finding[], fleet: AuditResult['fleet'] = []): AuditResult {
  const result = loadFleet();
  const host = result.hosts.find((h) => h.name === 'node03')!;
  return { ...result, hosts: [{ ...host, findings }], fleet };
}

const finding = (status: Finding['status']): Finding => ({ check: 'node.kernel', status, summary: status, evidence: [] });

describe('exitCodeFor', () => {
  it('is 1 for the fixture fleet, which has failures and unreachable hosts', () => {
    expect(exitCodeFor(loadFleet())).toBe(1);
  });

  it('is 0 when every host was reached and nothing failed, warnings and unknowns included', () => {
    expect(exitCodeFor(oneHost([finding('pass'), finding('warn'), finding('unknown'), finding('skip')]))).toBe(0);
  });

  it('is 0 when the only failure was waived', () => {
    expect(exitCodeFor(oneHost([{ ...finding('waived'), waivedStatus: 'fail' }]))).toBe(0);
  });

  it('is 1 for a failing check', () => {
    expect(exitCodeFor(oneHost([finding('pass'), finding('fail')]))).toBe(1);
  });

  it('is 1 for an unreachable host even when nothing failed', () => {
    const result = loadFleet();
    result.hosts = result.hosts.filter((host) => host.status !== 'ok');
    result.fleet = [];
    expect(exitCodeFor(result)).toBe(1);
  });

  it('is 1 for a failing fleet finding', () => {
    expect(exitCodeFor(oneHost([finding('pass')], [{ ...finding('fail'), check: 'fleet.mtu', hosts: [] }]))).toBe(1);
  });
});

describe('fleetVerdict', () => {
  it('counts hosts failing through a fleet finding as failing', () => {
    const verdict = fleetVerdict(loadFleet());
    expect(verdict.hosts).toEqual({ total: 9, ready: 0, failing: 6, unreachable: 3 });
    expect(verdict.findings.map((entry) => entry.status)).toEqual(['fail', 'unknown', 'warn', 'waived', 'skip', 'pass']);
    expect(verdict.findings[0]).toEqual({ status: 'fail', count: 6 });
  });
});

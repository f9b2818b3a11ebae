import { describe, expect, it } from 'vitest';
import type { AuditResult, HostResult } from '../../src/core/result.js';
import { diffResults, FLEET_HOST } from '../../src/report/diff.js';
import { renderDiffText } from '../../src/report/diff-render.js';
import { loadFleet } from './helpers.js';

/** A later audit of the fixture fleet in which things were fixed, broke, appeared and went. */
function laterAudit(): AuditResult {
  const result = loadFleet();
  result.startedAt = '2026-11-26T09:00:00.000Z';
  const host = (name: string): HostResult => result.hosts.find((h) => h.name === name)!;
  const finding = (name: string, check: string) => host(name).findings.find((f) => f.check === check)!;
  Object.assign(finding('node03', 'node.firewall'), { status: 'pass', summary: 'no firewall manager is active' });
  Object.assign(finding('node01', 'node.kernel'), { status: 'fail', summary: 'kernel 3.9.11 is older than 3.10' });
  Object.assign(finding('node01', 'k8s.version'), { status: 'pass', summary: 'kubelet v1.23.4 is tested' });
  host('node03').findings.push({ check: 'node.bpf-fs', status: 'warn', summary: 'BPF filesystem not mounted', evidence: [] });
  host('edge-01').findings = host('edge-01').findings.filter((f) => f.check !== 'k8s.cni');
  Object.assign(host('db-01'), { status: 'ok', message: undefined, findings: host('node02').findings });
  Object.assign(host('node02'), { status: 'refused', message: 'connection refused', findings: [] });
  result.hosts = result.hosts.filter((h) => h.name !== 'node05');
  result.hosts.push({ ...host('node01'), name: 'node06', address: '198.18.0.16' });
  result.fleet = result.fleet
    .filter((f) => f.check !== 'fleet.unique-hostnames')
    .map((f) => (f.check === 'fleet.mtu' ? { ...f, status: 'pass', summary: 'MTU 1500 everywhere' } : f));
  return result;
}

describe('diffResults', () => {
  const diff = diffResults(loadFleet(), laterAudit());

  it('finds added and removed hosts', () => {
    expect(diff.hostsAdded).toEqual(['node06']);
    expect(diff.hostsRemoved).toEqual(['node05']);
  });

  it('reports reachability changes instead of comparing checks of an unreachable side', () => {
    expect(diff.reachability).toEqual([
      { kind: 'regressed', host: 'node02', from: 'ok', to: 'refused', message: 'connection refused' },
      { kind: 'fixed', host: 'db-01', from: 'timeout', to: 'ok' },
    ]);
    expect(diff.checks.filter((c) => c.host === 'node02' || c.host === 'db-01')).toEqual([]);
  });

  it('classifies check changes per host by severity', () => {
    const brief = diff.checks.map((c) => `${c.kind} ${c.host} ${c.check} ${c.from ?? '-'}→${c.to ?? '-'}`);
    expect(brief.sort()).toEqual(
      [
        'changed node01 k8s.version skip→pass',
        'fixed (fleet) fleet.mtu warn→pass',
        'fixed node03 node.firewall fail→pass',
        'gone (fleet) fleet.unique-hostnames fail→-',
        'gone edge-01 k8s.cni skip→-',
        'new node03 node.bpf-fs -→warn',
        'regressed node01 node.kernel pass→fail',
      ].sort(),
    );
    expect(diff.checks.find((c) => c.host === FLEET_HOST && c.kind === 'fixed')?.summary).toBe('MTU 1500 everywhere');
    expect(diff.regressed).toBe(true);
  });

  it('finds nothing between a result and itself', () => {
    const same = diffResults(loadFleet(), loadFleet());
    expect(same).toMatchObject({ hostsAdded: [], hostsRemoved: [], reachability: [], checks: [], regressed: false });
    expect(renderDiffText(same)).toMatch(/\nNo changes\.\n$/);
  });

  it('regresses only what got worse', () => {
    const backwards = diffResults(laterAudit(), loadFleet()).checks.filter((c) => c.kind === 'regressed');
    expect(backwards.map((c) => `${c.host} ${c.check}`)).toEqual(['node03 node.firewall', '(fleet) fleet.mtu']);
    const better = loadFleet();
    better.hosts.find((h) => h.name === 'node03')!.findings.forEach((f) => (f.status = f.status === 'fail' ? 'pass' : f.status));
    expect(diffResults(loadFleet(), better).regressed).toBe(false);
  });
});

describe('renderDiffText', () => {
  it('lists regressions first and ends with the conclusion', () => {
    const text = renderDiffText(diffResults(loadFleet(), laterAudit()));
    const sections = [...text.matchAll(/^(\S.*) \(\d+\):$/gm)].map((m) => m[1]);
    expect(sections).toEqual([
      'Hosts added',
      'Hosts removed',
      'Reachability',
      'Regressed',
      'Fixed',
      'New checks',
      'No longer checked',
      'Changed (same severity)',
    ]);
    expect(text).toContain('  node01  node.kernel: pass → fail — kernel 3.9.11 is older than 3.10\n');
    expect(text).toMatch(/\nSomething regressed\.\n$/);
  });
});

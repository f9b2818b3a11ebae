import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyWaivers, parseSkipList } from '../../src/checks/waivers.js';
import { loadWaivers } from '../../src/cli/waiver-file.js';
import { FileLineError, UserError } from '../../src/core/errors.js';
import type { AuditResult, Finding, HostResult } from '../../src/core/result.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';

const dir = mkdtempSync(join(tmpdir(), 'calico-preflight-waivers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function waiverFile(text: string): string {
  const path = join(dir, `waivers-${(files += 1)}.yml`);
  writeFileSync(path, text);
  return path;
}

const finding = (check: string, status: Finding['status']): Finding => ({ check, status, summary: `${check} said ${status}`, evidence: [{ fact: 'x', command: 'y' }], ...(status === 'fail' || status === 'warn' ? { remediation: 'fix' } : {}) });
function host(name: string, findings: Finding[]): HostResult {
  return { name, address: name, port: 22, status: 'ok', transport: 'ssh', timings: { totalMs: 1 }, settings: DEFAULT_SETTINGS, findings };
}
function result(): AuditResult {
  return {
    tool: { name: 'calico-preflight', version: '0.1.0' },
    startedAt: '2026-11-25T00:00:00Z',
    finishedAt: '2026-11-25T00:01:00Z',
    run: { user: 'me', auditor: 'box', inventories: ['hosts.ini'], argv: [] },
    settings: DEFAULT_SETTINGS,
    hosts: [
      host('legacy1', [finding('node.distro', 'warn'), finding('node.kernel', 'fail'), finding('node.arch', 'pass')]),
      host('web1', [finding('node.distro', 'warn'), finding('node.arch', 'pass')]),
    ],
    fleet: [{ ...finding('fleet.unique-hostnames', 'fail'), hosts: ['legacy1', 'web1'] }],
  };
}
const inventory = ['legacy1', 'web1'];
const resolve = (pattern: string) => {
  const matches = inventory.filter((name) => new RegExp(`^${pattern.replace(/\*/g, '.*')}$`).test(name));
  if (matches.length === 0) throw new UserError(`pattern "${pattern}" matches no host`);
  return new Set(matches);
};

describe('loadWaivers', () => {
  it('reads a list of waivers with their lines', () => {
    const path = waiverFile('# accepted risks\n- check: node.distro\n  hosts: "legacy*"\n  reason: reviewed by the platform team\n  expires: 2027-06-30\n- check: fleet.unique-hostnames\n  hosts: all\n  reason: lab\n');
    expect(loadWaivers(path)).toEqual([
      { check: 'node.distro', hosts: 'legacy*', reason: 'reviewed by the platform team', expires: '2027-06-30', file: path, line: 2 },
      { check: 'fleet.unique-hostnames', hosts: 'all', reason: 'lab', file: path, line: 6 },
    ]);
  });

  it('reads dates of YAML 1.1 documents, which arrive as timestamps', () => {
    const [waiver] = loadWaivers(waiverFile('%YAML 1.1\n---\n- check: node.distro\n  hosts: all\n  reason: x\n  expires: 2027-06-30\n'));
    expect(waiver!.expires).toBe('2027-06-30');
  });

  it('reads an empty file as no waivers', () => {
    expect(loadWaivers(waiverFile('# nothing yet\n'))).toEqual([]);
  });

  it.each([
    ['- check: node.distro\n  hosts: all\n  reason: ok\n- check: node.nope\n  hosts: all\n  reason: x\n', 4, 'unknown check "node.nope"; valid checks: node.arch,'],
    ['- check: node.distro\n  hosts: all\n', 1, 'waiver without reason'],
    ['- check: node.distro\n  hosts: all\n  reason: x\n  expires: 31.12.2027\n', 1, 'expires must be a date YYYY-MM-DD'],
    ['- check: node.distro\n  hosts: all\n  reason: x\n  expires: 2027-02-30\n', 1, 'expires must be a date YYYY-MM-DD'],
    ['- check: node.distro\n  host: all\n  reason: x\n', 2, 'unknown waiver field "host"'],
    ['check: node.distro\n', 1, 'a waiver file is a YAML list'],
    ['- check: node.distro\n  hosts: [all\n', 3, 'Flow sequence in block collection must be sufficiently indented and end with a ]'],
  ])('rejects bad input with FILE:LINE (%#)', (text, line, message) => {
    const path = waiverFile(text);
    const error = (() => {
      try {
        loadWaivers(path);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(FileLineError);
    expect((error as FileLineError).message).toContain(`${path}:${line}: ${message}`);
  });

  it('names an unreadable file', () => {
    expect(() => loadWaivers(join(dir, 'missing.yml'))).toThrow(/cannot read waiver file .*missing\.yml: ENOENT/);
  });
});

describe('parseSkipList', () => {
  it('splits commas and repeats, and rejects unknown ids listing the valid ones', () => {
    expect(parseSkipList(['node.distro,node.arch', 'node.distro'])).toEqual(['node.distro', 'node.arch']);
    expect(parseSkipList(undefined)).toEqual([]);
    expect(() => parseSkipList('node.distro,k8s.nope')).toThrow(/--skip: unknown check "k8s.nope"; valid checks: node.arch, .*fleet.clock-skew/);
  });
});

describe('applyWaivers', () => {
  const waivers = (text: string) => loadWaivers(waiverFile(text));

  it('waives matching findings, keeping the status and the reason', () => {
    const list = waivers('- check: node.distro\n  hosts: "legacy*"\n  reason: reviewed\n  expires: 2027-06-30\n');
    const { result: waived, expired } = applyWaivers(result(), list, [], resolve, '2026-11-25');
    expect(expired).toEqual([]);
    const [legacy, web] = waived.hosts;
    expect(legacy!.findings[0]).toMatchObject({ status: 'waived', waivedStatus: 'warn', waiver: { reason: 'reviewed', expires: '2027-06-30', source: `${list[0]!.file}:1` } });
    expect(legacy!.findings[1]!.status).toBe('fail');
    expect(web!.findings[0]!.status).toBe('warn');
  });

  it('applies on the expiry day and no longer after it, reporting the expired waiver', () => {
    const list = waivers('- check: node.distro\n  hosts: legacy1\n  reason: reviewed\n  expires: 2026-11-25\n');
    expect(applyWaivers(result(), list, [], resolve, '2026-11-25').result.hosts[0]!.findings[0]!.status).toBe('waived');
    const later = applyWaivers(result(), list, [], resolve, new Date('2026-11-26T08:00:00Z'));
    expect(later.result.hosts[0]!.findings[0]!.status).toBe('warn');
    expect(later.expired).toEqual([{ waiver: list[0], findings: [{ host: 'legacy1', check: 'node.distro' }] }]);
  });

  it('does not waive a pass, and waives a fleet finding only when the pattern covers every host in it', () => {
    const list = waivers('- check: node.arch\n  hosts: all*\n  reason: x\n- check: fleet.unique-hostnames\n  hosts: legacy*\n  reason: x\n');
    const resolveAll = (pattern: string) => (pattern === 'all*' ? new Set(inventory) : resolve(pattern));
    const { result: waived } = applyWaivers(result(), list, [], resolveAll, '2026-11-25');
    expect(waived.hosts[0]!.findings[2]!.status).toBe('pass');
    expect(waived.fleet[0]!.status).toBe('fail');
    const wide = waivers('- check: fleet.unique-hostnames\n  hosts: "*"\n  reason: lab clones\n');
    expect(applyWaivers(result(), wide, [], resolve, '2026-11-25').result.fleet[0]).toMatchObject({ status: 'waived', waivedStatus: 'fail' });
  });

  it('turns every finding of a --skip check into waived', () => {
    const { result: waived } = applyWaivers(result(), [], ['node.arch', 'fleet.unique-hostnames'], resolve, '2026-11-25');
    expect(waived.hosts.map((entry) => entry.findings.find((item) => item.check === 'node.arch'))).toEqual([
      expect.objectContaining({ status: 'waived', waivedStatus: 'pass', waiver: { reason: 'skipped with --skip', source: '--skip' } }),
      expect.objectContaining({ status: 'waived', waivedStatus: 'pass' }),
    ]);
    expect(waived.fleet[0]!.status).toBe('waived');
    expect(() => applyWaivers(result(), [], ['node.bogus'], resolve, '2026-11-25')).toThrow(UserError);
  });

  it('points at the waiver line when its host pattern matches nothing', () => {
    const list = waivers('- check: node.distro\n  hosts: db*\n  reason: x\n');
    expect(() => applyWaivers(result(), list, [], resolve, '2026-11-25')).toThrow(`${list[0]!.file}:1: host pattern "db*": pattern "db*" matches no host`);
  });

  it('leaves the input result untouched', () => {
    const input = result();
    applyWaivers(input, [], ['node.arch'], resolve, '2026-11-25');
    expect(input).toEqual(result());
  });
});

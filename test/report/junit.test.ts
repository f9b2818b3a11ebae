import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/core/result.js';
import { FLEET_SUITE, REACHABLE_CASE, renderJunit } from '../../src/report/junit.js';
import { HOSTILE_NAME } from '../fixtures/results/build-fleet.js';
import { loadFleet, missingTool } from './helpers.js';

const SCHEMA = fileURLToPath(new URL('./junit.xsd', import.meta.url));
const skipReason = missingTool('xmllint', 'libxml2-utils');
const dir = mkdtempSync(join(tmpdir(), 'report-junit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function save(xml: string): string {
  const file = join(dir, `junit-${++files}.xml`);
  writeFileSync(file, xml);
  return file;
}

function validate(file: string): { ok: boolean; output: string } {
  const run = spawnSync('xmllint', ['--noout', '--schema', SCHEMA, file], { encoding: 'utf8' });
  return { ok: run.status === 0, output: run.stderr };
}

function xpath(file: string, expression: string): string {
  const run = spawnSync('xmllint', ['--xpath', expression, file], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`xmllint --xpath ${expression}: ${run.stderr}`);
  return run.stdout.trim();
}

/** The fleet result with control characters, illegal XML code points and a lone surrogate in host data. */
function withControlCharacters(): AuditResult {
  const result = loadFleet();
  const host = result.hosts.find((h) => h.name === 'edge-01')!;
  host.name = 'edge-\u0000\u0001\u001b[1m01\u0008\uFFFE\uD800';
  host.findings[0]!.summary = 'bell\u0007 vertical-tab\u000b form-feed\u000c escape\u001b[0m nul\u0000 del\u007f';
  host.findings[0]!.status = 'fail';
  host.findings[0]!.evidence = [{ fact: ']]><!-- \uDFFF \u0085 -->', command: 'uname -m' }];
  return result;
}

describe.skipIf(skipReason)(`JUnit report${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const fleet = save(renderJunit(loadFleet()));

  it('validates against the common JUnit schema', () => {
    expect(validate(fleet)).toMatchObject({ ok: true });
  });

  it('the schema rejects a testcase that both failed and errored', () => {
    const broken = save(
      '<testsuites><testsuite name="a" tests="1"><testcase name="x"><failure/><error/></testcase></testsuite></testsuites>',
    );
    expect(validate(broken).ok).toBe(false);
  });

  it('stays valid XML when host data holds control characters', () => {
    const file = save(renderJunit(withControlCharacters()));
    expect(validate(file)).toMatchObject({ ok: true });
    expect(xpath(file, 'string(//testsuite[5]/@name)')).toBe('edge-\\x00\\x0101\\x08');
    expect(xpath(file, 'string(//testsuite[5]/testcase[1]/failure/@message)')).toBe(
      'bell\\x07 vertical-tab\\x0b form-feed\\x0c escape nul\\x00 del\\x7f',
    );
  });

  it('has one suite per host named after it, and one for the fleet', () => {
    const result = loadFleet();
    expect(Number(xpath(fleet, 'count(/testsuites/testsuite)'))).toBe(result.hosts.length + 1);
    result.hosts.forEach((host, index) => {
      expect(xpath(fleet, `string(/testsuites/testsuite[${index + 1}]/@name)`)).toBe(host.name);
    });
    expect(xpath(fleet, 'string(/testsuites/testsuite[last()]/@name)')).toBe(FLEET_SUITE);
    expect(xpath(fleet, 'string(/testsuites/testsuite[6]/@name)')).toBe(HOSTILE_NAME);
  });

  it('counts match the testcases in every suite and overall', () => {
    const suites = Number(xpath(fleet, 'count(//testsuite)'));
    for (let i = 1; i <= suites; i++) {
      const suite = `/testsuites/testsuite[${i}]`;
      expect(xpath(fleet, `string(${suite}/@tests)`)).toBe(xpath(fleet, `count(${suite}/testcase)`));
      expect(xpath(fleet, `string(${suite}/@failures)`)).toBe(xpath(fleet, `count(${suite}/testcase/failure)`));
      expect(xpath(fleet, `string(${suite}/@errors)`)).toBe(xpath(fleet, `count(${suite}/testcase/error)`));
      expect(xpath(fleet, `string(${suite}/@skipped)`)).toBe(xpath(fleet, `count(${suite}/testcase/skipped)`));
    }
    expect(xpath(fleet, 'string(/testsuites/@tests)')).toBe(xpath(fleet, 'count(//testcase)'));
    expect(xpath(fleet, 'string(/testsuites/@failures)')).toBe(xpath(fleet, 'count(//failure)'));
  });

  it('maps fail to failure, unknown to error, skip and waived to skipped, warn to a pass with system-out', () => {
    const testcase = (host: string, check: string): string => `//testsuite[@name='${host}']/testcase[@name='${check}']`;
    expect(xpath(fleet, `string(${testcase('node03', 'node.firewall')}/failure/@message)`)).toBe('firewalld is active');
    expect(xpath(fleet, `string(${testcase('edge-01', 'node.privileges')}/error/@type)`)).toBe('unknown');
    expect(xpath(fleet, `string(${testcase('node01', 'k8s.version')}/skipped/@message)`)).toBe('kubelet is not installed');
    expect(xpath(fleet, `string(${testcase('node04', 'node.rp-filter')}/skipped/@message)`)).toBe(
      'waived (fail): Fixed by the base image rebuild scheduled for next week (CHG-2211)',
    );
    const warn = testcase('node03', 'node.distro');
    expect(xpath(fleet, `count(${warn}/*[self::failure or self::error or self::skipped])`)).toBe('0');
    expect(xpath(fleet, `string(${warn}/system-out)`)).toMatch(/^WARNING: Rocky Linux 9\.0 is not on the list/);
    expect(xpath(fleet, `count(${testcase('node01', 'node.arch')}/*)`)).toBe('0');
  });

  it('reports an unreachable host as one errored testcase with the reason', () => {
    const suite = "//testsuite[@name='db-01']";
    expect(xpath(fleet, `count(${suite}/testcase)`)).toBe('1');
    expect(xpath(fleet, `string(${suite}/testcase/@name)`)).toBe(REACHABLE_CASE);
    expect(xpath(fleet, `string(${suite}/testcase/error/@type)`)).toBe('timeout');
    expect(xpath(fleet, `string(${suite}/testcase/error/@message)`)).toBe('timed out: no answer from 198.18.0.31:22 within 10 s');
  });
});

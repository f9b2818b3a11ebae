/**
 * JUnit XML for CI servers: one <testsuite> per host named after it, one <testcase> per
 * check named by its id. fail → <failure>, unknown → <error>, skip and waived → <skipped>,
 * warn passes with the warning in <system-out>; an unreachable host is one errored testcase.
 * Fleet findings form a suite of their own. Attributes follow the common schema Jenkins,
 * GitLab and others read (tests, failures, errors, skipped, time); each suite's <properties>
 * name the Calico release judged against.
 */
import type { AuditResult, Finding, HostResult } from '../core/result.js';
import { visibleText } from './sanitize.js';
import { hostStatusText, isReachable } from './status.js';
import { judgedAgainst } from './judged-against.js';
import { element, xmlText } from './xml.js';

/** Name of the suite holding findings about several hosts together. */
export const FLEET_SUITE = '(fleet)';
/** The testcase an unreachable host reports instead of its checks. */
export const REACHABLE_CASE = 'host.reachable';

interface Suite {
  xml: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  seconds: number;
}

/** Each suite's <properties>: the Calico release the checks were judged against. */
function releaseProperties(result: AuditResult): string {
  const against = judgedAgainst(result);
  const property = (name: string, value: string) => element('property', { name, value });
  return element('properties', {}, `${property('calico.release', against.release)}${property('calico.requirements', against.requirementsUrl)}`);
}

export function renderJunit(result: AuditResult): string {
  const properties = releaseProperties(result);
  const suites = [
    ...result.hosts.map((host) => hostSuite(host, result.startedAt, properties)),
    ...(result.fleet.length > 0
      ? [suite(FLEET_SUITE, result.fleet.map((f) => testcase(FLEET_SUITE, f, f.hosts)), 0, result.startedAt, properties)]
      : []),
  ];
  const total = (key: Exclude<keyof Suite, 'xml'>): number => suites.reduce((sum, s) => sum + s[key], 0);
  const root = element(
    'testsuites',
    {
      name: `${result.tool.name} ${result.tool.version}`,
      tests: total('tests'),
      failures: total('failures'),
      errors: total('errors'),
      skipped: total('skipped'),
      time: seconds((Date.parse(result.finishedAt) - Date.parse(result.startedAt)) / 1000),
    },
    `\n${suites.map((s) => s.xml).join('\n')}\n`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}

function hostSuite(host: HostResult, timestamp: string, properties: string): Suite {
  const name = visibleText(host.name);
  const cases = isReachable(host)
    ? host.findings.map((finding) => testcase(name, finding))
    : [unreachableCase(name, host)];
  return suite(name, cases, host.timings.totalMs / 1000, timestamp, properties, host.address);
}

interface Case {
  xml: string;
  outcome: 'passed' | 'failure' | 'error' | 'skipped';
}

function suite(name: string, cases: Case[], time: number, timestamp: string, properties: string, hostname?: string): Suite {
  const count = (outcome: Case['outcome']): number => cases.filter((c) => c.outcome === outcome).length;
  const stats = { tests: cases.length, failures: count('failure'), errors: count('error'), skipped: count('skipped'), seconds: time };
  const attributes: Record<string, string | number> = {
    name,
    tests: stats.tests,
    failures: stats.failures,
    errors: stats.errors,
    skipped: stats.skipped,
    time: seconds(time),
    // xs:dateTime without zone or fraction is what the common schema (and Jenkins) expect.
    timestamp: timestamp.replace(/(\.\d+)?Z$/, ''),
    ...(hostname ? { hostname: visibleText(hostname) } : {}),
  };
  return { ...stats, xml: element('testsuite', attributes, `\n  ${properties}\n${cases.map((c) => `  ${c.xml}`).join('\n')}\n`) };
}

function testcase(classname: string, finding: Finding, hosts?: string[]): Case {
  const attributes = { name: visibleText(finding.check), classname, time: '0' };
  const summary = visibleText(finding.summary);
  const details = xmlText(describe(finding, hosts));
  switch (finding.status) {
    case 'fail':
      return { outcome: 'failure', xml: element('testcase', attributes, element('failure', { message: summary, type: 'fail' }, details)) };
    case 'unknown':
      return { outcome: 'error', xml: element('testcase', attributes, element('error', { message: summary, type: 'unknown' }, details)) };
    case 'skip':
      return { outcome: 'skipped', xml: element('testcase', attributes, element('skipped', { message: summary })) };
    case 'waived': {
      const reason = visibleText(finding.waiver?.reason ?? 'no reason given');
      const message = `waived (${finding.waivedStatus ?? 'unknown'}): ${reason}`;
      return { outcome: 'skipped', xml: element('testcase', attributes, element('skipped', { message })) };
    }
    case 'warn':
      return { outcome: 'passed', xml: element('testcase', attributes, element('system-out', {}, `WARNING: ${details}`)) };
    case 'pass':
      return { outcome: 'passed', xml: element('testcase', attributes) };
  }
}

function unreachableCase(classname: string, host: HostResult): Case {
  const status = hostStatusText(host.status);
  const message = visibleText(host.message ? `${status}: ${host.message}` : status);
  const error = element('error', { message, type: host.status }, xmlText(`${message}${host.phase ? ` (phase: ${host.phase})` : ''}`));
  return { outcome: 'error', xml: element('testcase', { name: REACHABLE_CASE, classname, time: seconds(host.timings.totalMs / 1000) }, error) };
}

function describe(finding: Finding, hosts?: string[]): string {
  const lines: string[] = [];
  if (hosts?.length) lines.push(`hosts: ${hosts.join(', ')}`);
  lines.push(finding.summary);
  for (const evidence of finding.evidence) lines.push(`$ ${evidence.command}`, evidence.fact);
  if (finding.remediation) lines.push(`fix: ${finding.remediation}`);
  return visibleText(lines.join('\n'));
}

function seconds(value: number): string {
  return Number.isFinite(value) && value > 0 ? value.toFixed(3) : '0';
}

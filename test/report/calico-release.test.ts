/**
 * Every report names the Calico release the result was judged against, with that release's
 * requirement texts and pages; results written before profiles existed read as v3.22, and a
 * release this version has no profile of still renders.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/core/result.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { mailSubject } from '../../src/report/mail.js';
import { diffResults } from '../../src/report/diff.js';
import { renderDiffText } from '../../src/report/diff-render.js';
import { profileFor } from '../../src/checks/index.js';
import { loadFleet, missingTool } from './helpers.js';
import { byClass, byTag, parseHtml, text } from './html-tree.js';

function judgedBy(version: string): AuditResult {
  const result = loadFleet();
  const { requirementsUrl } = profileFor(version);
  result.profile = { version, requirementsUrl };
  return result;
}

function ready(result: AuditResult): AuditResult {
  result.hosts = result.hosts.filter((host) => host.name === 'node01');
  result.fleet = [];
  return result;
}

/** The run's metadata rows, "Label: value". */
const metadata = (doc: ReturnType<typeof parseHtml>) => byTag(byClass(doc, 'kv')[0]!, 'tr').map((row) => `${text(byTag(row, 'th')[0]!)}: ${text(byTag(row, 'td')[0]!)}`);

const cite = (html: string, check: string) => {
  const finding = parseHtml(html);
  const section = byClass(finding, 'finding').find((table) => table.attrs.some((a) => a.name === 'id' && a.value === `check-${check}`))!;
  return { requirement: text(byClass(section, 'requirement')[0]!), cite: text(byClass(section, 'cite')[0]!) };
};

describe('HTML', () => {
  it("names the release in the title, the run's metadata, each finding and the footer, with that release's requirement", () => {
    const html = renderHtml(judgedBy('3.31'));
    const doc = parseHtml(html);
    expect(text(byTag(doc, 'title')[0]!)).toBe('Calico v3.31 preflight: not ready');
    expect(metadata(doc)).toContain('Requirements: Calico v3.31 (https://docs.tigera.io/calico/3.31/getting-started/kubernetes/requirements)');
    const distro = cite(html, 'node.distro');
    expect(distro.requirement).toBe('A distribution known to work with Calico v3.31: Ubuntu 20.04 or later, RHEL 8 or later, Debian 10 or later, Bottlerocket 1.47 or later, Talos 1.6 or later.');
    expect(distro.cite).toBe('Calico v3.31 system requirements, “Node requirements”: https://docs.tigera.io/calico/3.31/getting-started/kubernetes/requirements#node-requirements');
    expect(text(byClass(doc, 'footer')[0]!)).toMatch(/^Requirements: Calico v3\.31 system requirements\./);
    // Every requirement and link of the report is the release's own (the fixture's summaries are the findings' words, not ours).
    for (const element of [...byClass(doc, 'requirement'), ...byClass(doc, 'cite')]) expect(text(element)).not.toMatch(/3\.22/);
  });

  it('says READY against the release judged', () => {
    expect(text(byClass(parseHtml(renderHtml(ready(judgedBy('3.28')))), 'headline')[0]!)).toBe('READY — all 1 hosts meet the Calico v3.28 requirements');
  });

  it('reads a result without a profile (written before profiles existed) as v3.22', () => {
    const result = loadFleet();
    expect(result.profile).toBeUndefined();
    const html = renderHtml(result);
    expect(cite(html, 'node.distro').cite).toMatch(/^Calico v3\.22 system requirements, “Node requirements”: https:\/\/projectcalico\.docs\.tigera\.io\/archive\/v3\.22\//);
    expect(metadata(parseHtml(html))).toContain('Requirements: Calico v3.22 (https://projectcalico.docs.tigera.io/archive/v3.22/getting-started/kubernetes/requirements)');
  });

  it('renders a release this version has no profile of with the page the result recorded', () => {
    const result = loadFleet();
    result.profile = { version: '3.40', requirementsUrl: 'https://docs.tigera.io/calico/3.40/getting-started/kubernetes/requirements' };
    const distro = cite(renderHtml(result), 'node.distro');
    expect(distro.cite).toBe('Calico v3.40 system requirements, “Node requirements”: https://docs.tigera.io/calico/3.40/getting-started/kubernetes/requirements');
    expect(distro.requirement).toBe('This version of calico-preflight has no description of this check.');
  });
});

describe('terminal summary and mail', () => {
  it('names the release and its page above the verdict', () => {
    const lines = renderTerminal(judgedBy('3.31'), { color: false }).trimEnd().split('\n');
    expect(lines.at(-3)).toBe('Judged against the Calico v3.31 requirements: https://docs.tigera.io/calico/3.31/getting-started/kubernetes/requirements');
    expect(renderTerminal(ready(judgedBy('3.31')), { color: false })).toContain('READY: all 1 hosts meet the Calico v3.31 requirements');
    expect(mailSubject(ready(judgedBy('3.32')))).toBe('Calico preflight: READY, all 1 hosts meet the Calico v3.32 requirements');
  });
});

const xmllintMissing = missingTool('xmllint', 'libxml2-utils');
describe.skipIf(xmllintMissing)('JUnit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'report-release-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const xpath = (xml: string, expression: string) => {
    const file = join(dir, 'junit.xml');
    writeFileSync(file, xml);
    return spawnSync('xmllint', ['--xpath', expression, file], { encoding: 'utf8' }).stdout.trim();
  };

  it("names the release in every suite's properties", () => {
    const xml = renderJunit(judgedBy('3.30'));
    const suites = Number(xpath(xml, 'count(//testsuite)'));
    expect(Number(xpath(xml, "count(//testsuite/properties/property[@name='calico.release'][@value='Calico v3.30'])"))).toBe(suites);
    expect(xpath(xml, "string(//testsuite[1]/properties/property[@name='calico.requirements']/@value)")).toBe('https://docs.tigera.io/calico/3.30/getting-started/kubernetes/requirements');
    expect(xpath(renderJunit(loadFleet()), "string(//testsuite[1]/properties/property[@name='calico.release']/@value)")).toBe('Calico v3.22');
  });
});

describe('diff', () => {
  it('compares a result without a profile with one judged against a newer release', () => {
    const later = judgedBy('3.28');
    later.hosts.find((host) => host.name === 'node01')!.findings.find((f) => f.check === 'node.distro')!.status = 'warn';
    const diff = diffResults(loadFleet(), later);
    expect(diff.regressed).toBe(true);
    expect(diff.checks.map((change) => `${change.kind} ${change.host} ${change.check}`)).toEqual(['regressed node01 node.distro']);
    expect(renderDiffText(diff)).toContain('\nJudged against Calico v3.22, then Calico v3.28: some verdicts changed with the release, not with the hosts.\n');
    expect(renderDiffText(diffResults(loadFleet(), loadFleet()))).not.toContain('Judged against');
  });
});

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/catalogue.js';
import { UserError } from '../../src/core/errors.js';
import type { AuditResult } from '../../src/core/result.js';
import { DEFAULT_TEMPLATE_DIR, renderHtml } from '../../src/report/html.js';
import { HOSTILE_NAME } from '../fixtures/results/build-fleet.js';
import { generateLargeFleet, LARGE_FLEET, loadFleet } from './helpers.js';
import { attr, byClass, byTag, elements, mailSafetyProblems, parseHtml, text, type Element } from './html-tree.js';

const fleetHtml = renderHtml(loadFleet());
const fleetDoc = parseHtml(fleetHtml);

function matrixRows(doc: ReturnType<typeof parseHtml>): Element[] {
  const [matrix] = byClass(doc, 'matrix');
  expect(matrix).toBeDefined();
  return byTag(matrix!, 'tr').slice(1);
}

describe('HTML report: content', () => {
  it('opens with the fleet verdict and the host counts', () => {
    const [headline] = byClass(fleetDoc, 'headline');
    expect(text(headline!)).toBe('NOT READY — 9 of 9 hosts need attention');
    const counts = byClass(fleetDoc, 'count').map(text);
    expect(counts).toEqual(expect.arrayContaining(['9 hosts', '0 ready', '6 failing', '3 unreachable', '✗ 6 fail', '? 1 unknown']));
    const lines = byClass(fleetDoc, 'counts').map(text);
    expect(lines).toContain(`Failing: edge-01,${HOSTILE_NAME},node[01-04]`);
    expect(lines).toContain('Unreachable: db-01,db-02.example.invalid,node05');
  });

  it('shows when, who, with what tool, inventory and settings', () => {
    const cells = byClass(fleetDoc, 'kv').flatMap((table) =>
      byTag(table, 'tr').map((row) => `${text(byTag(row, 'th')[0]!)}: ${text(byTag(row, 'td')[0]!)}`),
    );
    expect(cells).toEqual(
      expect.arrayContaining([
        'Started: 2026-11-25T21:04:05.120Z',
        'Run by: ops on jump01.example.net',
        'Tool: calico-preflight 0.1.0',
        'Inventory: inventories/prod.ini',
        'Encapsulation: ipip',
        'Pod CIDR: 192.168.0.0/16',
      ]),
    );
  });

  it('shows the settings a result from another version carries, as they are', () => {
    const result = loadFleet();
    result.settings = { encapsulation: 'vxlan', futureKnob: 'v2', ports: { bgp: 1179 } } as unknown as AuditResult['settings'];
    const rows = byClass(parseHtml(renderHtml(result)), 'kv')[1]!;
    expect(byTag(rows, 'tr').map((row) => byTag(row, 'th').concat(byTag(row, 'td')).map(text).join(': '))).toEqual([
      'Encapsulation: vxlan',
      'futureKnob: v2',
      'Ports: bgp 1179',
    ]);
  });

  it('has a matrix row per distinct result, identical hosts folded into one', () => {
    const rows = matrixRows(fleetDoc);
    const labels = rows.map((row) => text(byClass(row, 'hosts')[0]!));
    expect(labels).toHaveLength(8);
    expect(labels).toContain('node[01-02] (2)');
    expect(labels).toContain(`${HOSTILE_NAME} (1)`);
    const header = byTag(byClass(fleetDoc, 'matrix')[0]!, 'th');
    const columns = header.length - 1;
    for (const row of rows) {
      const cells = byTag(row, 'td').slice(1);
      if (cells.length === 1) expect(text(cells[0]!)).toMatch(/^unreachable: /);
      else expect(cells).toHaveLength(columns);
    }
    const node03 = rows.find((row) => text(row).startsWith('node03 '))!;
    const firewall = byTag(node03, 'td').find((cell) => attr(cell, 'title') === 'node.firewall: fail');
    expect(text(firewall!)).toBe('✗');
  });

  it('explains each failing, unknown and warning check with requirement, hosts, evidence and fix', () => {
    const findings = byClass(fleetDoc, 'finding');
    const ids = findings.map((finding) => attr(finding, 'id'));
    // Worst status first, catalogue order within a status.
    expect(ids).toEqual([
      'check-node.kernel-deps',
      'check-node.networkmanager',
      'check-node.firewall',
      'check-fleet.unique-hostnames',
      'check-node.privileges',
      'check-node.distro',
      'check-fleet.mtu',
    ]);
    const nm = findings.find((finding) => attr(finding, 'id') === 'check-node.networkmanager')!;
    const info = CHECKS.find((check) => check.id === 'node.networkmanager')!;
    expect(text(byClass(nm, 'requirement')[0]!)).toBe(info.requirement);
    expect(text(byClass(nm, 'cite')[0]!)).toBe(`Calico v3.22 system requirements, “${info.section}”: ${info.docUrl}`);
    const groups = byClass(nm, 'group');
    expect(groups).toHaveLength(1);
    expect(text(byClass(groups[0]!, 'group-hosts')[0]!)).toBe('node[03-04]');
    expect(byClass(groups[0]!, 'output').map(text)).toEqual(['active', '[keyfile] unmanaged-devices=interface-name:docker0']);
    expect(text(byClass(groups[0]!, 'fix')[0]!)).toContain('/etc/NetworkManager/conf.d/calico.conf');
    const deps = findings.find((finding) => attr(finding, 'id') === 'check-node.kernel-deps')!;
    expect(byClass(deps, 'group')).toHaveLength(2);
  });

  it('lists every fleet finding under the matrix, passing ones included', () => {
    const [, fleetTable] = byClass(fleetDoc, 'legend');
    expect(byTag(fleetTable!, 'tr').map((row) => byTag(row, 'td').map(text).join(' '))).toEqual([
      '✗ fleet.unique-hostnames: node01 and node02 both report the hostname node01 (node[01-02])',
      `! fleet.mtu: MTUs differ: 1500 on 5 hosts, 9000 on edge-01; configure Calico with MTU 1480 (IPIP) (edge-01,${HOSTILE_NAME},node[01-04])`,
      '✓ fleet.clock-skew: clocks within 2 s of the auditor',
    ]);
  });

  it('lists each reached host needing action with its own and its fleet findings', () => {
    const table = byClass(fleetDoc, 'list').find((t) => byTag(t, 'th').some((th) => text(th) === 'Checks to act on'))!;
    const rows = byTag(table, 'tr').slice(1);
    const cells = (row: Element): string[] => byTag(row, 'td').map(text);
    expect(rows.map((row) => cells(row)[0]!.split(' ')[0])).toEqual(['node01', 'node02', 'node03', 'node04', 'edge-01', 'evil<script>alert(1)</script>"><img']);
    expect(cells(rows[0]!)[2]).toBe(
      '✗ fleet.unique-hostnames: node01 and node02 both report the hostname node01' +
        '! fleet.mtu: MTUs differ: 1500 on 5 hosts, 9000 on edge-01; configure Calico with MTU 1480 (IPIP)',
    );
    expect(cells(rows[4]!)[1]).toBe('Ubuntu 16.04.7 LTS, kernel 4.4.0-210-generic aarch64');
    expect(cells(rows[4]!)[0]).toBe('edge-01 not readyssh deploy@198.18.0.21:22 via bastion.example.net, 0.9 s');
  });

  it('still renders a check this version does not know', () => {
    const result = loadFleet();
    result.hosts[0]!.findings.push({ check: 'node.retired', status: 'fail', summary: 'an old verdict', evidence: [] });
    const doc = parseHtml(renderHtml(result));
    const finding = byClass(doc, 'finding').find((f) => attr(f, 'id') === 'check-node.retired')!;
    expect(text(byClass(finding, 'requirement')[0]!)).toBe('This version of calico-preflight has no description of this check.');
    expect(byTag(byClass(doc, 'matrix')[0]!, 'th').map((th) => attr(th, 'title')).at(-1)).toBe('node.retired');
  });

  it('lists unreachable hosts with status and reason, and waived findings with the reason', () => {
    const lists = byClass(fleetDoc, 'list');
    const unreachable = lists.find((table) => text(table).includes('Reason') && text(table).includes('db-01'))!;
    const rows = byTag(unreachable, 'tr').slice(1).map((row) => byTag(row, 'td').map(text));
    expect(rows).toEqual([
      ['db-01', '198.18.0.31:22', 'timed out (connect)', 'no answer from 198.18.0.31:22 within 10 s'],
      ['db-02.example.invalid', 'db-02.example.invalid:22', 'name does not resolve (dns)', 'db-02.example.invalid does not resolve (ENOTFOUND)'],
      ['node05', '198.18.0.15:22', 'host key changed (handshake)', 'the host key of 198.18.0.15 does not match ~/.ssh/known_hosts:14 (SHA256:mJ7x9)'],
    ]);
    const waived = lists.find((table) => text(table).includes('Would be'))!;
    const [row] = byTag(waived, 'tr').slice(1);
    const [check, hosts, wouldBe, reason] = byTag(row!, 'td').map(text);
    expect([check, hosts, wouldBe]).toEqual(['node.rp-filter', 'edge-01,node04 (2)', 'fail']);
    expect(reason).toMatch(/^Fixed by the base image rebuild .* waived by waivers\.yml:3, until 2026-12-31$/);
  });
});

describe('HTML report: self-contained and mail-safe', () => {
  it('has no scripts, style blocks, fetched resources or event handlers, and all styling inline', () => {
    expect(mailSafetyProblems(fleetDoc)).toEqual([]);
    expect(elements(fleetDoc).filter((el) => attr(el, 'class') !== undefined).length).toBeGreaterThan(100);
    expect(attr(byTag(fleetDoc, 'body')[0]!, 'style')).toContain('font-family');
  });

  it('the safety check catches what it looks for', () => {
    const doc = parseHtml(
      '<style>p{}</style><p class="x">a</p><img src="http://x/y.png"><a href="http://tracker.example/">t</a><div onclick="x()"></div>',
    );
    expect(mailSafetyProblems(doc)).toEqual([
      '<style> element',
      'p.x has no inline style',
      '<img> element',
      'img has src',
      'a links to http://tracker.example/',
      'div has onclick',
    ]);
  });
});

describe('HTML report: hostile host data', () => {
  it('shows markup from a host as text, never as elements', () => {
    const rows = matrixRows(fleetDoc);
    expect(rows.some((row) => text(byClass(row, 'hosts')[0]!) === `${HOSTILE_NAME} (1)`)).toBe(true);
    const outputs = byClass(fleetDoc, 'output').map(text);
    expect(outputs).toContain(
      'CONFIG_IP_SET=m </pre><script>alert("x")</script> {{#each this}}{{/each}} {{constructor.constructor}}\\x07\\x00\\u202e',
    );
    expect(fleetHtml).not.toMatch(/<script|<img|onerror=alert\(1\)>/i);
  });

  it('strips terminal escapes and shows control characters', () => {
    expect(fleetHtml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202e]/);
    const unreachableReasons = byClass(fleetDoc, 'list').flatMap((table) => byTag(table, 'td')).map(text);
    expect(unreachableReasons).toContain('the host key of 198.18.0.15 does not match ~/.ssh/known_hosts:14 (SHA256:mJ7x9)');
  });

  it('keeps unbalanced {{ and }} from hosts from disabling the CSS inlining in between', () => {
    const result = loadFleet();
    result.hosts[2]!.name = 'node03{{';
    result.hosts[1]!.findings[0]!.summary = '}} JUICE_CODE_BLOCK_0_ <% %>';
    const doc = parseHtml(renderHtml(result));
    expect(mailSafetyProblems(doc)).toEqual([]);
    expect(byClass(doc, 'hosts').map(text)).toContain('node03{{ (1)');
  });

  it('keeps {{…}} from a host as text in the output', () => {
    const commands = byClass(fleetDoc, 'command').map(text);
    expect(commands).toContain('from: zcat /proc/config.gz | grep {{IP_SET}}');
  });
});

describe('HTML report: templates', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('built-in templates never output anything unescaped', () => {
    const templates = readdirSync(DEFAULT_TEMPLATE_DIR).filter((name) => name.endsWith('.hbs'));
    expect(templates.sort()).toEqual(
      ['finding', 'fix', 'host-detail', 'layout', 'matrix', 'summary', 'unreachable', 'waived'].map((name) => `${name}.hbs`),
    );
    for (const name of templates) {
      expect(readFileSync(join(DEFAULT_TEMPLATE_DIR, name), 'utf8'), name).not.toMatch(/\{\{\{|\{\{~?&/);
    }
  });

  it('lets a same-named partial in --template-dir replace the built-in one', () => {
    dir = mkdtempSync(join(tmpdir(), 'report-templates-'));
    writeFileSync(join(dir, 'matrix.hbs'), '<h2 id="custom">{{matrix.rows.length}} rows</h2>{{#each matrix.rows}}<p class="row">{{hosts}}</p>{{/each}}');
    const doc = parseHtml(renderHtml(loadFleet(), { templateDir: dir }));
    const custom = elements(doc).find((el) => attr(el, 'id') === 'custom');
    expect(text(custom!)).toBe('8 rows');
    expect(byClass(doc, 'matrix')).toHaveLength(0);
    expect(byClass(doc, 'row').map(text)).toContain(HOSTILE_NAME);
    expect(byClass(doc, 'headline')).toHaveLength(1);
  });

  it('names the file of a broken template', () => {
    dir = mkdtempSync(join(tmpdir(), 'report-templates-'));
    writeFileSync(join(dir, 'summary.hbs'), '{{#each verdict.hostCounts}}unclosed');
    expect(() => renderHtml(loadFleet(), { templateDir: dir })).toThrow(UserError);
    expect(() => renderHtml(loadFleet(), { templateDir: dir })).toThrow(`${join(dir, 'summary.hbs')}: not a valid Handlebars template`);
  });

  it('says so when the template directory does not exist', () => {
    expect(() => renderHtml(loadFleet(), { templateDir: '/nonexistent/templates' })).toThrow(
      /cannot read the template directory \/nonexistent\/templates/,
    );
  });
});

describe('HTML report: 500 hosts', () => {
  const html = renderHtml(generateLargeFleet());
  const doc = parseHtml(html);

  it('folds identical rows into ClusterShell host ranges', () => {
    const labels = matrixRows(doc).map((row) => text(byClass(row, 'hosts')[0]!));
    expect(labels).toEqual([
      'worker[037-040] (4)',
      'worker[050,100,150,200,250,300,350,400,450,500] (10)',
      'worker[001-036,041-049,051-099,101-149,151-199,201-249,251-299,301-349,351-399,401-449,451-499] (486)',
    ]);
  });

  it('groups identical evidence of many hosts once', () => {
    const [finding] = byClass(doc, 'finding');
    expect(byClass(finding!, 'group')).toHaveLength(1);
    expect(text(finding!)).toContain(`Affects ${LARGE_FLEET.failing.length} host(s)`);
  });

  it('stays small enough to mail', () => {
    expect(html.length).toBeLessThan(300_000);
  });
});

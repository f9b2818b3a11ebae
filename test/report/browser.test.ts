/**
 * Opens the report in a real browser (headless Chromium): nothing may stick out of a
 * 1,000 px window or of a printed page, and the printed PDF must carry the whole text.
 * The measuring script is injected into a test copy only; the report itself has none.
 * Set REPORT_ARTIFACTS_DIR to keep the PNG and PDF for a look.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/core/result.js';
import { renderHtml } from '../../src/report/html.js';
import { HOSTILE_NAME } from '../fixtures/results/build-fleet.js';
import { chromium } from './chromium.js';
import { generateLargeFleet, loadFleet, missingTool } from './helpers.js';

const skipReason = missingTool('chromium', 'chromium') ?? missingTool('pdftotext', 'poppler-utils');

// Reports every element that ends beyond the viewport or whose content is wider than its box.
const MEASURE = `<script>
(function () {
  var width = document.documentElement.clientWidth, problems = [];
  var all = document.body.getElementsByTagName('*');
  for (var i = 0; i < all.length; i++) {
    var el = all[i], box = el.getBoundingClientRect();
    var name = el.tagName.toLowerCase() + (el.className ? '.' + el.className : '');
    if (box.right > width + 0.5) problems.push(name + ' ends at ' + Math.round(box.right) + 'px');
    if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) problems.push(name + ' content ' + el.scrollWidth + 'px in ' + el.clientWidth + 'px');
  }
  document.body.setAttribute('data-measured', JSON.stringify({ scrollWidth: document.documentElement.scrollWidth, problems: problems }));
})();
</script>`;

/**
 * Every third host failing, so the host set folds into a long list with no range (and no
 * hyphen to break at), and a 200-character host name.
 */
function unfoldableFleet(): AuditResult {
  const result = generateLargeFleet();
  result.hosts.forEach((host, index) => {
    const nm = host.findings.find((f) => f.check === 'node.networkmanager');
    if (nm) nm.status = index % 3 === 0 ? 'fail' : 'pass';
  });
  result.hosts[1]!.name = `${'averylonghostnamewithoutbreaks'.repeat(6)}01.example.com`;
  return result;
}

interface Measurement {
  scrollWidth: number;
  problems: string[];
}

/** US Letter with Chromium's default margins leaves about 740 CSS px: the print layout width. */
const PRINT_WIDTH = 740;

describe.skipIf(skipReason)(`HTML report in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'report-browser-'));
  });
  afterAll(() => {
    const keep = process.env.REPORT_ARTIFACTS_DIR;
    if (keep) {
      mkdirSync(keep, { recursive: true });
      for (const name of ['fleet.png', 'fleet.pdf', 'large.png', 'unfoldable.png']) {
        try {
          copyFileSync(join(dir, name), join(keep, name));
        } catch {
          // a failed test may not have produced it
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  async function measure(name: string, html: string, width: number): Promise<Measurement> {
    const file = join(dir, `${name}-measure.html`);
    writeFileSync(file, html.replace('</body>', `${MEASURE}</body>`));
    const dom = await chromium(pathToFileURL(file).href, [`--window-size=${width},900`, '--dump-dom']);
    const match = /data-measured="([^"]*)"/.exec(dom);
    expect(match, 'the measuring script ran').not.toBeNull();
    return JSON.parse(match![1]!.replace(/&quot;/g, '"').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&'));
  }

  const cases: [string, () => AuditResult][] = [
    ['fleet', loadFleet],
    ['large', generateLargeFleet],
    ['unfoldable', unfoldableFleet],
  ];

  for (const [name, build] of cases) {
    for (const width of [1000, PRINT_WIDTH]) {
      it(`${name}: nothing overflows at ${width} px`, async () => {
        const result = await measure(name, renderHtml(build()), width);
        expect(result.problems).toEqual([]);
        expect(result.scrollWidth).toBe(width);
      });
    }
  }

  it('the measurement catches a report that is too wide', async () => {
    const templates = join(dir, 'wide-templates');
    mkdirSync(templates);
    writeFileSync(join(templates, 'matrix.hbs'), '<table style="width: 1400px"><tr><td>wide</td></tr></table>');
    const result = await measure('wide', renderHtml(loadFleet(), { templateDir: templates }), 1000);
    expect(result.problems.some((problem) => problem.startsWith('table ends at 1'))).toBe(true);
  });

  it('prints to PDF with every word on the page and the hostile name as plain text', async () => {
    const html = join(dir, 'fleet.html');
    writeFileSync(html, renderHtml(loadFleet()));
    const pdf = join(dir, 'fleet.pdf');
    await chromium(pathToFileURL(html).href, [`--print-to-pdf=${pdf}`]);
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const [, pageWidth] = /Page size:\s+([\d.]+) x/.exec(info) ?? [];
    const boxes = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
    const rightEdges = [...boxes.matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(rightEdges.length).toBeGreaterThan(500);
    expect(Math.max(...rightEdges)).toBeLessThanOrEqual(Number(pageWidth));
    const words = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(words).toContain('NOT READY — 9 of 9 hosts need attention');
    for (const host of ['node01', 'node05', 'edge-01', 'db-02.example.invalid']) expect(words).toContain(host);
    expect(words).toContain('alert(1)</script>');
    expect(words.replace(/ /g, '')).toContain(HOSTILE_NAME.replace(/ /g, ''));
  });

  it('screenshots at 1,000 px wide', async () => {
    for (const [name, build] of cases) {
      const html = join(dir, `${name}.html`);
      writeFileSync(html, renderHtml(build()));
      const png = join(dir, `${name}.png`);
      await chromium(pathToFileURL(html).href, ['--window-size=1000,2400', `--screenshot=${png}`]);
      const header = readFileSync(png);
      expect(header.subarray(1, 4).toString()).toBe('PNG');
      expect(header.readUInt32BE(16)).toBe(1000);
    }
  });
});

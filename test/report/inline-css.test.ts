/**
 * Inlining the report's CSS a piece at a time must give exactly what inlining the whole
 * document gives: the real reports of a real 20-host audit, the hand-made fixture fleet, and
 * a generated 500-host fleet large enough to be cut into many pieces.
 */
import { readFileSync } from 'node:fs';
import { inline } from '@css-inline/css-inline';
import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/core/result.js';
import { renderTemplates } from '../../src/report/html.js';
import { INLINE_OPTIONS, inlineCss } from '../../src/report/inline-css.js';
import { generateLargeFleet, loadFleet } from './helpers.js';

const personalityFleet = (): AuditResult =>
  JSON.parse(readFileSync(new URL('../fixtures/results/personality-fleet.json', import.meta.url), 'utf8')) as AuditResult;

describe('CSS inlined piece by piece', () => {
  it.each([
    ['the fixture fleet', loadFleet],
    ['a real 20-host audit', personalityFleet],
    ['a generated 500-host fleet', generateLargeFleet],
  ])('%s: the pieces put together are the whole document inlined', (_name, build) => {
    const html = renderTemplates(build());
    const pieces = [...inlineCss(html)];
    expect(pieces.join('')).toBe(inline(html, INLINE_OPTIONS));
  });

  it('cuts a large report into pieces of about 64 KB of template output', () => {
    const html = renderTemplates(generateLargeFleet());
    const pieces = [...inlineCss(html)];
    expect(pieces.length).toBeGreaterThanOrEqual(Math.floor(html.length / (64 * 1024)));
    // Every piece carries styles of its own: none came out of its context unstyled.
    for (const piece of pieces) expect(piece).toMatch(/style="/);
  });

  it('inlines the whole document when a selector depends on siblings a piece cannot see', () => {
    const rows = Array.from({ length: 4000 }, (_, i) => `<tr><td class="cell">row ${i}</td></tr>`).join('\n');
    const html = `<!DOCTYPE html><html><head><style>.cell { color: red; } tr + tr td { border-top: 1px solid #ccc; }</style></head><body><table class="list">${rows}</table></body></html>`;
    const pieces = [...inlineCss(html)];
    expect(pieces).toHaveLength(1);
    expect(pieces[0]).toBe(inline(html, INLINE_OPTIONS));
    expect(pieces[0]).toContain('<td class="cell" style="border-top: 1px solid #ccc;color: red;">row 1</td>');
  });

  it('keeps a descendant selector working across a cut', () => {
    const rows = Array.from({ length: 4000 }, (_, i) => `<tr><td>row ${i}</td></tr>`).join('\n');
    const html = `<!DOCTYPE html><html><head><style>.list td { padding: 2px; } td { color: blue; }</style></head><body><table class="list"><tbody>${rows}</tbody></table><table><tr><td>outside</td></tr></table></body></html>`;
    const pieces = [...inlineCss(html)];
    expect(pieces.length).toBeGreaterThan(1);
    const joined = pieces.join('');
    expect(joined).toBe(inline(html, INLINE_OPTIONS));
    expect(joined.match(/<td style="color: blue;padding: 2px;">/g)).toHaveLength(4000);
    expect(joined).toContain('<td style="color: blue;">outside</td>');
  });
});

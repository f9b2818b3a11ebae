/**
 * Every saved result in test/fixtures/results (hand-made and recorded from real fleets)
 * loads, renders mail-safe HTML, valid JUnit and a clean terminal summary.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { loadResult } from '../../src/report/load-result.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { exitCodeFor } from '../../src/report/verdict.js';
import { missingTool } from './helpers.js';
import { byClass, mailSafetyProblems, parseHtml, text } from './html-tree.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/results/', import.meta.url));
const SCHEMA = fileURLToPath(new URL('./junit.xsd', import.meta.url));
const files = readdirSync(FIXTURES).filter((name) => name.endsWith('.json'));
const noXmllint = missingTool('xmllint', 'libxml2-utils');
const dir = mkdtempSync(join(tmpdir(), 'report-fixtures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(files)('%s', (name) => {
  const result = loadResult(join(FIXTURES, name));

  it('renders mail-safe HTML whose matrix accounts for every host', () => {
    const doc = parseHtml(renderHtml(result));
    expect(mailSafetyProblems(doc)).toEqual([]);
    const counted = byClass(doc, 'hosts').map((cell) => Number(/\((\d+)\)$/.exec(text(cell))?.[1]));
    expect(counted.reduce((sum, n) => sum + n, 0)).toBe(result.hosts.length);
  });

  it.skipIf(noXmllint)('renders JUnit valid against the schema', () => {
    const file = join(dir, `${name}.xml`);
    writeFileSync(file, renderJunit(result));
    const run = spawnSync('xmllint', ['--noout', '--schema', SCHEMA, file], { encoding: 'utf8' });
    expect(run.stderr).toMatch(/validates\n$/);
    expect(run.status).toBe(0);
  });

  it('summarises on the terminal without escapes and exits 1 exactly when a host failed or was unreachable', () => {
    expect(renderTerminal(result, { color: false })).not.toContain('\u001b');
    const findings = [...result.hosts.flatMap((host) => host.findings), ...result.fleet];
    const notReady = result.hosts.some((host) => host.status !== 'ok') || findings.some((f) => f.status === 'fail');
    expect(exitCodeFor(result)).toBe(notReady ? 1 : 0);
  });
});

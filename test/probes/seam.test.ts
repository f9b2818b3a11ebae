/**
 * The seam between the probe script (src/probes/sh/) and its parsers: the section ids the
 * script prints are exactly those of src/probes/section-ids.ts, the parsers name sections only
 * through those constants, and every file a parser reads is in the list the script is given.
 * A rename on one side alone fails here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { scriptSourceLines, type SourceLine } from '../../scripts/probe-script.js';
import { SECTION, SECTION_PREFIX } from '../../src/probes/section-ids.js';
import { FACT_SOURCES } from '../../src/probes/fact-sources.js';

const PROBES = path.resolve(import.meta.dirname, '../../src/probes');

interface Emitted {
  /** The literal id, or the literal head of an id completed by a variable. */
  text: string;
  dynamic: boolean;
  where: string;
}

/** The section id argument of each framing helper; file_section's is optional (default f:PATH). */
const ID_ARGUMENT: Record<string, number> = { section_begin: 0, print_section: 0, run_section: 0, status_section: 1, file_section: 1, key_lines: 2, job: 1, file_job: 1 };
const KEYWORDS = /^(?:(?:if|then|do|else|elif|while|until|\{|\S+\))\s+)+/;

/** The ids a script prints: the id arguments of the framing helpers' calls, and connect_section's printf. */
function emittedIds(lines: SourceLine[]): Emitted[] {
  const out: Emitted[] = [];
  for (const { file, line, text } of lines) {
    const where = `${file}:${line}`;
    if (/^\s*#/.test(text) || /^\s*\w+\(\)\s*\{/.test(text)) continue;
    const connect = /printf "%s begin ([^%\s]+)%s/.exec(text);
    if (connect) out.push({ text: connect[1]!, dynamic: true, where });
    for (const command of text.split(/;|&&|\|\|/)) {
      const words = command.trim().replace(KEYWORDS, '').split(/\s+/);
      const position = ID_ARGUMENT[words[0] ?? ''];
      if (position === undefined) continue;
      const raw = words[1 + position]?.replace(/^"|"$/g, '');
      if (raw === undefined && words[0] === 'file_section') out.push({ text: SECTION_PREFIX.file, dynamic: true, where });
      if (!raw || raw.startsWith('$')) continue;
      const dollar = raw.indexOf('$');
      out.push({ text: dollar < 0 ? raw : raw.slice(0, dollar), dynamic: dollar >= 0, where });
    }
  }
  return out;
}

/** What does not match between what the script prints and what section-ids.ts names. */
function seamProblems(lines: SourceLine[]): string[] {
  const ids = Object.values(SECTION) as string[];
  const prefixes = Object.values(SECTION_PREFIX) as string[];
  const emitted = emittedIds(lines);
  const problems: string[] = [];
  for (const e of emitted) {
    const known = (!e.dynamic && ids.includes(e.text)) || prefixes.some((prefix) => e.text.startsWith(prefix));
    if (!known) problems.push(`${e.where}: the script prints "${e.text}${e.dynamic ? '…' : ''}", which section-ids.ts does not name`);
  }
  for (const id of ids) if (!emitted.some((e) => !e.dynamic && e.text === id)) problems.push(`section-ids.ts names "${id}", which the script never prints`);
  for (const prefix of prefixes) if (!emitted.some((e) => e.text.startsWith(prefix))) problems.push(`section-ids.ts names the prefix "${prefix}", which the script never prints`);
  return problems;
}

const parserSources = () =>
  readdirSync(PROBES)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.generated.ts'))
    .map((name) => ({ name, text: readFileSync(path.join(PROBES, name), 'utf8') }));

describe('probe script ↔ parsers', () => {
  it('the script prints exactly the section ids of section-ids.ts', () => {
    expect(seamProblems(scriptSourceLines())).toEqual([]);
  });

  it('notices an id renamed in the script only, and one added to section-ids.ts only', () => {
    const renamed = scriptSourceLines().map((l) => ({ ...l, text: l.text.replace('job bpf bpf-mounts', 'job bpf bpf-mount') }));
    expect(seamProblems(renamed)).toEqual([
      expect.stringMatching(/kernel\.sh:\d+: the script prints "bpf-mount"/),
      'section-ids.ts names "bpf-mounts", which the script never prints',
    ]);
    const dropped = scriptSourceLines().filter((l) => !l.text.includes('routes6'));
    expect(seamProblems(dropped)).toContain('section-ids.ts names "routes6", which the script never prints');
  });

  it('parsers name sections only through section-ids.ts', () => {
    const literal = /\.(?:get|ok|ids)\(\s*(?:['"]|`(?!\$\{SECTION))/;
    const offenders = parserSources().flatMap(({ name, text }) => text.split('\n').filter((l) => literal.test(l)).map((l) => `${name}: ${l.trim()}`));
    expect(offenders).toEqual([]);
  });

  it('every file a parser reads by name is the source of some fact', () => {
    const read = parserSources().flatMap(({ text }) => [...text.matchAll(/\.(?:file|fileSection)\(\s*'([^']+)'/g)].map((m) => m[1]!));
    expect(read.length).toBeGreaterThan(3);
    const listed = picomatch(Object.values(FACT_SOURCES).flatMap((source) => [...(source.files ?? [])]));
    expect(read.filter((file) => !listed(file))).toEqual([]);
  });
});

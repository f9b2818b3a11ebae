/**
 * Ansible host patterns (ansible-core 2.14 inventory/manager.py), as `--limit` uses them:
 * `a,b` or `a:b`, `&g` (and), `!g` (not; both applied after the plain patterns whatever their
 * order), shell globs, `~regex`, subscripts `g[0]`, `g[-1]`, `g[1:3]`, and `@file` (one
 * pattern per line). Unlike Ansible, which warns and goes on, a pattern that names nothing is
 * an error: an audit of the wrong hosts is worse than no audit.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import { parseAddress } from './host-range.js';
import type { Host, InventoryData } from './model.js';

const WITH_SUBSCRIPT = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$/s;

/** `split_host_pattern`: commas split; without commas, colons do unless the text is one address. */
export function splitHostPattern(pattern: string): string[] {
  let parts: string[];
  if (pattern.includes(',')) parts = pattern.split(',');
  else if (parseAddress(pattern)) parts = [pattern];
  else parts = pattern.match(/(?:[^\s:[\]]|\[[^\]]*\])+/g) ?? [];
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** Python fnmatch.translate: `*`, `?`, `[seq]`, `[!seq]`, matched against the whole name. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      let j = i + 1;
      if (glob[j] === '!') j++;
      if (glob[j] === ']') j++;
      while (j < glob.length && glob[j] !== ']') j++;
      if (j >= glob.length) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, j).replace(/\\/g, '\\\\');
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      else if (body.startsWith('^')) body = `\\${body}`;
      out += `[${body}]`;
      i = j;
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^(?:${out})$`, 's');
}

function compile(pattern: string): RegExp {
  try {
    if (!pattern.startsWith('~')) return globToRegExp(pattern);
    // Python's re.match anchors at the start only; (?P<name>) is Python's spelling of (?<name>).
    return new RegExp(`^(?:${pattern.slice(1).replace(/\(\?P</g, '(?<')})`, 'u');
  } catch {
    throw new UserError(`invalid host pattern '${pattern}': not a valid ${pattern.startsWith('~') ? 'regular expression' : 'glob'}`);
  }
}

class PatternMatcher {
  constructor(private readonly data: InventoryData) {}

  /** `_enumerate_matches`: hosts of matching groups, and matching host names for globs/regexes. */
  private enumerate(pattern: string): { hosts: Host[]; matchedGroup: boolean } {
    const regex = compile(pattern);
    const results: Host[] = [];
    const groups = [...this.data.groups.keys()].filter((name) => regex.test(name));
    for (const name of groups) results.push(...this.data.group(name).allHosts());
    if (groups.length === 0 || pattern.startsWith('~') || /[.?*[]/.test(pattern)) {
      for (const [name, host] of this.data.hosts) if (regex.test(name)) results.push(host);
    }
    return { hosts: results, matchedGroup: groups.length > 0 };
  }

  /** `_match_one_pattern` without the &/! prefix; a subscript picks from the matches. */
  matchOne(pattern: string): Host[] {
    let expression = pattern;
    let subscript: [number, number | undefined] | undefined;
    const m = pattern.startsWith('~') ? null : WITH_SUBSCRIPT.exec(pattern);
    if (m) {
      expression = m[1]!;
      subscript = m[2] !== undefined ? [Number(m[2]), undefined] : [Number(m[3]), m[5] ? Number(m[5]) : -1];
    }
    const { hosts, matchedGroup } = this.enumerate(expression);
    if (hosts.length === 0 && !matchedGroup && expression !== 'all') {
      throw new UserError(`host pattern '${pattern}' matches no host or group in the inventory`);
    }
    if (!subscript || hosts.length === 0) return hosts;
    const [start, end] = subscript;
    if (end) return hosts.slice(start < 0 ? hosts.length + start : start, (end === -1 ? hosts.length - 1 : end) + 1);
    const picked = hosts.at(start);
    if (picked === undefined) throw new UserError(`no host matches the subscripted pattern '${pattern}'`);
    return [picked];
  }
}

/** `order_patterns` + `_evaluate_patterns`: plain patterns first, then `&`, then `!`. */
function evaluate(data: InventoryData, patterns: string[]): Host[] {
  const nonEmpty = patterns.filter(Boolean);
  const plain = nonEmpty.filter((p) => p[0] !== '!' && p[0] !== '&');
  const ordered = [
    ...(plain.length ? plain : ['all']),
    ...nonEmpty.filter((p) => p[0] === '&'),
    ...nonEmpty.filter((p) => p[0] === '!'),
  ];
  const matcher = new PatternMatcher(data);
  let hosts: Host[] = [];
  for (const pattern of ordered) {
    const direct = data.hosts.get(pattern);
    if (direct) {
      hosts.push(direct);
      continue;
    }
    const matched = new Set(matcher.matchOne(pattern[0] === '!' || pattern[0] === '&' ? pattern.slice(1) : pattern));
    if (pattern[0] === '!') hosts = hosts.filter((h) => !matched.has(h));
    else if (pattern[0] === '&') hosts = hosts.filter((h) => matched.has(h));
    else {
      const existing = new Set(hosts.map((h) => h.name));
      hosts.push(...[...matched].filter((h) => !existing.has(h.name)));
    }
  }
  return [...new Set(hosts)];
}

/** The limit's patterns, with `@file` replaced by the file's lines (as `subset` does). */
function expandLimitFiles(limit: string): string[] {
  return splitHostPattern(limit).flatMap((pattern) => {
    if (pattern[0] !== '@') return [pattern];
    const file = pattern.slice(1);
    if (!existsSync(file)) throw new UserError(`limit file ${file} does not exist`);
    if (!statSync(file).isFile()) throw new UserError(`limit ${pattern} must name a file, not a directory`);
    try {
      return readFileSync(file, 'utf8').split('\n').map((line) => line.trim());
    } catch (error) {
      throw new UserError(`cannot read limit file ${file}: ${(error as Error).message}`);
    }
  });
}

/** Host names a `--limit` pattern selects, in inventory order; a UserError when it selects none. */
export function resolveLimit(data: InventoryData, limit: string): string[] {
  const selected = new Set(evaluate(data, expandLimitFiles(limit)));
  const hosts = evaluate(data, ['all']).filter((h) => selected.has(h));
  if (hosts.length === 0) throw new UserError(`--limit '${limit}' matches no hosts in the inventory`);
  return hosts.map((h) => h.name);
}

/** Hosts a plain pattern names (as `ansible-inventory --host` and `ansible PATTERN` resolve it). */
export function resolvePattern(data: InventoryData, pattern: string): string[] {
  return evaluate(data, splitHostPattern(pattern)).map((h) => h.name);
}

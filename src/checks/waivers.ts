/**
 * Accepted risks: `--skip CHECK[,…]` and a waiver file turn findings into `waived`, keeping
 * the status they had and the reason. A waiver file is a YAML list:
 *
 *   - check: node.distro
 *     hosts: "legacy*"          # an inventory host pattern
 *     reason: Debian 11 reviewed by the platform team
 *     expires: 2027-06-30       # last day it applies (optional)
 *
 * An expired waiver no longer applies; it is returned in `expired` so the CLI can say so.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { FileLineError, UserError } from '../core/errors.js';
import type { AuditResult, Finding, Waiver, WaiverEntry } from '../core/result.js';
import { CHECK_IDS } from './catalogue.js';

export type { WaiverEntry };

export interface WaiverOutcome {
  result: AuditResult;
  /** Waivers past their date, with the findings they would have covered. */
  expired: { waiver: WaiverEntry; findings: { host: string; check: string }[] }[];
}

const FIELDS = ['check', 'hosts', 'reason', 'expires'] as const;
const validIds = () => `valid checks: ${CHECK_IDS.join(', ')}`;

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** The waivers of a waiver file's text; errors name `path` and the line. */
export function parseWaivers(text: string, path: string): WaiverEntry[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const lineOf = (node: YamlNode | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : undefined);
  const firstError = document.errors[0];
  if (firstError) {
    const reason = (firstError.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new FileLineError(path, firstError.linePos?.[0].line, reason || 'invalid YAML');
  }
  if (document.contents === null) return [];
  if (!isSeq(document.contents)) throw new FileLineError(path, lineOf(document.contents), 'a waiver file is a YAML list of {check, hosts, reason, expires}');
  return document.contents.items.map((item) => {
    const line = lineOf(item as YamlNode) ?? 1;
    if (!isMap(item)) throw new FileLineError(path, line, 'each waiver is a mapping with check, hosts, reason and expires');
    const values: Partial<Record<(typeof FIELDS)[number], string>> = {};
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const keyLine = lineOf(pair.key as YamlNode) ?? line;
      if (!(FIELDS as readonly string[]).includes(key)) throw new FileLineError(path, keyLine, `unknown waiver field "${key}" (fields: ${FIELDS.join(', ')})`);
      const value = isScalar(pair.value) ? pair.value.value : undefined;
      // YAML 1.1 documents (%YAML 1.1) read unquoted dates as timestamps.
      if (value instanceof Date) values[key as (typeof FIELDS)[number]] = value.toISOString().slice(0, 10);
      else if (value === undefined || value === null || typeof value === 'object') throw new FileLineError(path, keyLine, `${key} needs a value`);
      else values[key as (typeof FIELDS)[number]] = String(value).trim();
    }
    for (const field of ['check', 'hosts', 'reason'] as const) {
      if (!values[field]) throw new FileLineError(path, line, `waiver without ${field}`);
    }
    if (!CHECK_IDS.includes(values.check!)) throw new FileLineError(path, line, `unknown check "${values.check}"; ${validIds()}`);
    if (values.expires !== undefined && !isDate(values.expires)) throw new FileLineError(path, line, `expires must be a date YYYY-MM-DD (got "${values.expires}")`);
    return { check: values.check!, hosts: values.hosts!, reason: values.reason!, ...(values.expires ? { expires: values.expires } : {}), file: path, line };
  });
}

/** `--skip a,b --skip c` → ids, each checked against the catalogue. */
export function parseSkipList(values: string | string[] | undefined): string[] {
  const ids = [values ?? []].flat().flatMap((value) => value.split(',')).map((id) => id.trim()).filter((id) => id !== '');
  const unknownIds = ids.filter((id) => !CHECK_IDS.includes(id));
  if (unknownIds.length > 0) throw new UserError(`--skip: unknown check ${unknownIds.map((id) => `"${id}"`).join(', ')}; ${validIds()}`);
  return [...new Set(ids)];
}

function isoDay(today: string | Date): string {
  return typeof today === 'string' ? today : today.toISOString().slice(0, 10);
}

function waive<F extends Finding>(finding: F, waiver: Waiver): F {
  if (finding.status === 'waived') return finding;
  return { ...finding, status: 'waived', waivedStatus: finding.status, waiver };
}

/** Only findings that need accepting are waived from a file; --skip waives the check whatever it found. */
const NEEDS_WAIVER = new Set(['warn', 'fail', 'unknown']);

export function applyWaivers(
  result: AuditResult,
  waivers: WaiverEntry[],
  skip: string[],
  resolvePattern: (pattern: string) => Set<string>,
  today: string | Date = new Date(),
): WaiverOutcome {
  parseSkipList(skip);
  const day = isoDay(today);
  const patterns = new Map<string, Set<string>>();
  const hostsOf = (waiver: WaiverEntry) => {
    if (!patterns.has(waiver.hosts)) {
      try {
        patterns.set(waiver.hosts, resolvePattern(waiver.hosts));
      } catch (error) {
        if (error instanceof UserError) throw new FileLineError(waiver.file, waiver.line, `host pattern "${waiver.hosts}": ${error.message}`);
        throw error;
      }
    }
    return patterns.get(waiver.hosts)!;
  };
  const live = waivers.filter((waiver) => !waiver.expires || waiver.expires >= day);
  const expired = waivers.filter((waiver) => !live.includes(waiver)).map((waiver) => ({ waiver, findings: [] as { host: string; check: string }[] }));
  const covers = (waiver: WaiverEntry, check: string, hosts: string[]) =>
    waiver.check === check && hosts.length > 0 && hosts.every((host) => hostsOf(waiver).has(host));
  const asWaiver = (waiver: WaiverEntry): Waiver => ({ reason: waiver.reason, ...(waiver.expires ? { expires: waiver.expires } : {}), source: `${waiver.file}:${waiver.line}` });

  function judge<F extends Finding>(finding: F, hosts: string[], label: string): F {
    if (skip.includes(finding.check)) return waive(finding, { reason: 'skipped with --skip', source: '--skip' });
    if (!NEEDS_WAIVER.has(finding.status)) return finding;
    for (const entry of expired) if (covers(entry.waiver, finding.check, hosts)) entry.findings.push({ host: label, check: finding.check });
    const waiver = live.find((entry) => covers(entry, finding.check, hosts));
    return waiver ? waive(finding, asWaiver(waiver)) : finding;
  }

  const hosts = result.hosts.map((host) => ({ ...host, findings: host.findings.map((finding) => judge(finding, [host.name], host.name)) }));
  const fleet = result.fleet.map((finding) => judge(finding, finding.hosts, `fleet (${finding.hosts.join(', ')})`));
  return { result: { ...result, hosts, fleet }, expired };
}

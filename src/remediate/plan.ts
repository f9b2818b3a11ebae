/**
 * From a result to a fix plan: every failing or warning finding either becomes fixes for its
 * host (the checks' own, checked by ./validate.ts) or a manual item that no generated file
 * touches. Hosts with the same fixes form one group: one play, one script.
 */
import type { AuditResult, CheckStatus, Finding } from '../core/result.js';
import { checkCheckId, checkFix, checkHostName } from './validate.js';
import { isAutomatic, type AutomaticFix } from './steps.js';

/** What the plan acts on: warn and fail. Unknown means "look again", never "change it". */
const ACTIONABLE: ReadonlySet<CheckStatus> = new Set(['fail', 'warn']);

export interface PlannedFix {
  check: string;
  fix: AutomaticFix;
}

export interface FixGroup {
  hosts: string[];
  fixes: PlannedFix[];
}

export interface ManualItem {
  check: string;
  status: CheckStatus;
  hosts: string[];
  why: string;
}

export interface RefusedItem {
  host: string;
  check?: string;
  reason: string;
}

export interface FixPlan {
  /** The audit the plan came from. */
  source: { file: string; tool: string; startedAt: string; finishedAt: string; inventories: string[] };
  groups: FixGroup[];
  manual: ManualItem[];
  /** Fixes left out because a value in them is not safe to put into a file that runs. */
  refused: RefusedItem[];
  /** Hosts the audit could not reach: nothing is known about them, so nothing is planned. */
  unreachable: string[];
  /** Checks waived for some hosts: accepted risks the plan leaves alone. */
  waived: { check: string; hosts: string[] }[];
}

/** Adds `host` to the entry of `key`, creating it with `make()` the first time. */
function collect<T extends { hosts: string[] }>(map: Map<string, T>, key: string, host: string | string[], make: () => T): void {
  const entry = map.get(key) ?? make();
  for (const name of [host].flat()) if (!entry.hosts.includes(name)) entry.hosts.push(name);
  map.set(key, entry);
}

function manualWhy(finding: Finding, extra?: string): string {
  return [finding.summary, extra ?? finding.remediation ?? ''].filter(Boolean).join('\n');
}

/** The fixes `fix` applies for a finding: a failing or warning one's automatic fixes that pass validate.ts. */
export function plannedFixes(finding: Finding): AutomaticFix[] {
  if (!ACTIONABLE.has(finding.status)) return [];
  return (finding.fixes ?? []).flatMap((raw) => {
    const fix = checkFix(raw);
    return fix.ok && isAutomatic(fix.value) ? [fix.value] : [];
  });
}

export function buildFixPlan(result: AuditResult, sourceFile: string): FixPlan {
  const groups = new Map<string, FixGroup>();
  const manual = new Map<string, ManualItem>();
  const waived = new Map<string, { check: string; hosts: string[] }>();
  const refused: RefusedItem[] = [];
  const addManual = (finding: Finding, hosts: string | string[], why: string): void =>
    collect(manual, JSON.stringify([finding.check, finding.status, why]), hosts, () => ({ check: finding.check, status: finding.status, hosts: [], why }));

  for (const host of result.hosts) {
    if (host.status !== 'ok') continue;
    const fixes: PlannedFix[] = [];
    for (const finding of host.findings) {
      if (finding.status === 'waived') collect(waived, finding.check, host.name, () => ({ check: finding.check, hosts: [] }));
      if (!ACTIONABLE.has(finding.status)) continue;
      if (!finding.fixes?.length) addManual(finding, host.name, manualWhy(finding));
      const check = checkCheckId(finding.check);
      for (const raw of finding.fixes ?? []) {
        const fix = checkFix(raw);
        if (!fix.ok) refused.push({ host: host.name, check: finding.check, reason: fix.reason });
        else if (!isAutomatic(fix.value)) addManual(finding, host.name, manualWhy(finding, fix.value.why));
        else if (!check.ok) refused.push({ host: host.name, reason: check.reason });
        else if (!fixes.some((planned) => JSON.stringify(planned.fix) === JSON.stringify(fix.value))) fixes.push({ check: check.value, fix: fix.value });
      }
    }
    if (fixes.length === 0) continue;
    const name = checkHostName(host.name);
    if (name.ok) collect(groups, JSON.stringify(fixes), name.value, () => ({ hosts: [], fixes }));
    else refused.push({ host: host.name, reason: name.reason });
  }
  for (const finding of result.fleet) {
    if (finding.status === 'waived') collect(waived, finding.check, finding.hosts, () => ({ check: finding.check, hosts: [] }));
    if (ACTIONABLE.has(finding.status)) addManual(finding, finding.hosts, manualWhy(finding));
  }
  return {
    source: {
      file: sourceFile,
      tool: `${result.tool.name} ${result.tool.version}`,
      startedAt: result.startedAt,
      finishedAt: result.finishedAt,
      inventories: result.run.inventories,
    },
    groups: [...groups.values()],
    manual: [...manual.values()],
    refused,
    unreachable: result.hosts.filter((host) => host.status !== 'ok').map((host) => host.name),
    waived: [...waived.values()],
  };
}

/**
 * Turns an AuditResult into the plain data the HTML templates show: everything computed
 * here (folding, grouping, counting, wording), so templates only lay it out. Every string in
 * the view passes through `visibleText`, which is why templates never see a raw escape.
 */
import type { AuditResult, CheckStatus, Evidence, Finding, HostResult } from '../core/result.js';
import { SETTING_LABELS, type AuditSettings } from '../core/settings.js';
import { plannedFixes, renderCommands, type AutomaticFix } from '../remediate/index.js';
import { checkInfo, sortCheckIds } from './check-info.js';
import { judgedAgainst, type JudgedAgainst } from './judged-against.js';
import { foldHosts } from './hostset.js';
import { visibleText } from './sanitize.js';
import { ACTION_STATUSES, hostStatusText, isReachable, STATUS_ORDER, STATUS_SYMBOL, worstStatus } from './status.js';
import { fleetVerdict, hostsWithFailures, type StatusCount } from './verdict.js';

export interface Labelled {
  label: string;
  value: string;
}

interface HostSet {
  /** Folded node set, e.g. `node[01-37,40]`. */
  hosts: string;
  count: number;
}

export interface MatrixCell {
  status: CheckStatus | 'none';
  symbol: string;
  title: string;
}

export interface MatrixRow extends HostSet {
  /** Set for unreachable hosts, whose row has no cells. */
  unreachable?: string;
  cells: MatrixCell[];
}

export interface EvidenceGroup extends HostSet {
  status: CheckStatus;
  summary: string;
  evidence: Evidence[];
  remediation?: string;
  /** The fixes configuration can make, as commands to paste into a root shell on the host. */
  commands?: string;
  /** A finding about several hosts together (duplicate names, MTU, …). */
  fleet: boolean;
}

export interface IssueView {
  id: string;
  anchor: string;
  title: string;
  status: CheckStatus;
  requirement?: string;
  section?: string;
  docUrl: string;
  known: boolean;
  hostSet: HostSet;
  groups: EvidenceGroup[];
}

export interface HostDetailView {
  name: string;
  address: string;
  system: string;
  connection: string;
  failing: boolean;
  findings: { id: string; anchor: string; status: CheckStatus; symbol: string; summary: string }[];
}

export interface UnreachableView {
  name: string;
  address: string;
  status: string;
  reason: string;
}

export interface WaivedView extends HostSet {
  id: string;
  anchor: string;
  title: string;
  waivedStatus: string;
  summary: string;
  reason: string;
  source: string;
  expires?: string;
}

/** Where the fixes were written by the same run, and the result file to make them from later. */
export interface FixFiles {
  playbook?: string;
  scriptDir?: string;
  resultFile?: string;
}

export interface FixView {
  /** Hosts with at least one finding configuration can fix. */
  hosts: number;
  playbook?: string;
  scriptDir?: string;
  inventory: string;
  /** The command that writes the playbook, when this run wrote none. */
  generate?: string;
}

export interface ReportView {
  title: string;
  verdict: {
    ready: boolean;
    headline: string;
    hostCounts: Labelled[];
    /** Which hosts keep the fleet from being ready, folded: failing, then unreachable. */
    notReady: Labelled[];
    findingCounts: (StatusCount & { symbol: string })[];
  };
  meta: Labelled[];
  settings: Labelled[];
  matrix: { columns: { number: number; id: string; anchor: string; title: string; known: boolean }[]; rows: MatrixRow[] };
  /** Every fleet finding, which has no column in the per-host matrix. */
  fleetChecks: { id: string; status: CheckStatus; symbol: string; hosts: string; summary: string }[];
  issues: IssueView[];
  hosts: HostDetailView[];
  unreachable: UnreachableView[];
  waived: WaivedView[];
  /** Present when some finding can be fixed by configuration. */
  fix?: FixView;
  docsUrl: string;
  /** The release judged against, "Calico v3.28". */
  calicoRelease: string;
}

export function buildReportView(result: AuditResult, fixFiles: FixFiles = {}): ReportView {
  const verdict = fleetVerdict(result);
  const against = judgedAgainst(result);
  const { hosts } = verdict;
  const headline = verdict.ready
    ? `READY — all ${hosts.total} hosts meet the ${against.release} requirements`
    : `NOT READY — ${hosts.total - hosts.ready} of ${hosts.total} hosts need attention`;
  const view: ReportView = {
    title: `${against.release} preflight: ${verdict.ready ? 'ready' : 'not ready'}`,
    verdict: {
      ready: verdict.ready,
      headline,
      hostCounts: [
        { label: 'hosts', value: String(hosts.total) },
        { label: 'ready', value: String(hosts.ready) },
        { label: 'failing', value: String(hosts.failing) },
        { label: 'unreachable', value: String(hosts.unreachable) },
      ],
      notReady: notReadyHosts(result),
      findingCounts: verdict.findings.map((entry) => ({ ...entry, symbol: STATUS_SYMBOL[entry.status] })),
    },
    meta: runMetadata(result, against),
    settings: describeSettings(result.settings),
    matrix: buildMatrix(result, against),
    fleetChecks: result.fleet.map((finding) => ({
      id: finding.check,
      status: finding.status,
      symbol: STATUS_SYMBOL[finding.status],
      hosts: foldHosts(finding.hosts),
      summary: finding.summary,
    })),
    issues: buildIssues(result, against),
    hosts: buildHostDetails(result),
    unreachable: result.hosts.filter((host) => !isReachable(host)).map(describeUnreachable),
    waived: buildWaived(result, against),
    ...fixView(result, fixFiles),
    docsUrl: against.requirementsUrl,
    calicoRelease: against.release,
  };
  return sanitizeStrings(view);
}

function fixView(result: AuditResult, files: FixFiles): { fix?: FixView } {
  const hosts = result.hosts.filter((host) => host.findings.some((finding) => plannedFixes(finding).length > 0));
  if (hosts.length === 0) return {};
  const generated = files.playbook !== undefined || files.scriptDir !== undefined;
  return {
    fix: {
      hosts: hosts.length,
      ...(files.playbook ? { playbook: files.playbook } : {}),
      ...(files.scriptDir ? { scriptDir: files.scriptDir } : {}),
      inventory: result.run.inventories.join(' -i ') || 'INVENTORY',
      ...(generated ? {} : { generate: `calico-preflight fix ${files.resultFile ?? 'result.json'} --playbook fix.yml` }),
    },
  };
}

function anchorFor(checkId: string): string {
  return `check-${checkId.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

function notReadyHosts(result: AuditResult): Labelled[] {
  const failing = hostsWithFailures(result);
  const groups: Labelled[] = [
    { label: 'Failing', value: foldHosts(result.hosts.filter((h) => isReachable(h) && failing.has(h.name)).map((h) => h.name)) },
    { label: 'Unreachable', value: foldHosts(result.hosts.filter((h) => !isReachable(h)).map((h) => h.name)) },
  ];
  return groups.filter((group) => group.value !== '');
}

function runMetadata(result: AuditResult, against: JudgedAgainst): Labelled[] {
  const { run } = result;
  const seconds = (Date.parse(result.finishedAt) - Date.parse(result.startedAt)) / 1000;
  const rows: Labelled[] = [
    { label: 'Started', value: result.startedAt },
    { label: 'Finished', value: Number.isFinite(seconds) ? `${result.finishedAt} (${seconds.toFixed(1)} s)` : result.finishedAt },
    { label: 'Run by', value: `${run.user} on ${run.auditor}` },
    { label: 'Tool', value: `${result.tool.name} ${result.tool.version}` },
    { label: 'Requirements', value: `${against.release} (${against.requirementsUrl})` },
    { label: 'Inventory', value: run.inventories.join(', ') || '(none)' },
  ];
  if (run.limit) rows.push({ label: 'Limit', value: run.limit });
  if (run.shard) {
    rows.push({ label: 'Shard', value: `${run.shard.index}/${run.shard.count}: ${result.hosts.length} of ${run.shard.fleetHosts} hosts; fleet-wide checks see this shard only` });
  }
  for (const part of run.mergedFrom ?? []) {
    rows.push({ label: `Shard ${part.shard}`, value: `${part.user} on ${part.auditor}, ${part.startedAt} to ${part.finishedAt}: ${part.argv.join(' ')}` });
  }
  rows.push({ label: 'Command', value: run.argv.join(' ') });
  return rows;
}

/**
 * Every setting the result carries, in its own order: results written by other versions
 * may have more or fewer, and each shows as it is rather than as this version expects.
 */
function describeSettings(settings: AuditSettings): Labelled[] {
  return Object.entries(settings).map(([key, value]) => ({ label: SETTING_LABELS[key] ?? key, value: describeValue(value) }));
}

function describeValue(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (value === null || value === undefined) return 'not set';
  if (Array.isArray(value)) return value.length > 0 ? value.map(describeValue).join(', ') : 'none';
  if (typeof value === 'object') {
    return Object.entries(value)
      .map(([key, item]) => `${key} ${describeValue(item)}`)
      .join(', ');
  }
  return String(value);
}

function buildMatrix(result: AuditResult, against: JudgedAgainst): ReportView['matrix'] {
  const ids = sortCheckIds(result.hosts.flatMap((host) => host.findings.map((finding) => finding.check)));
  const columns = ids.map((id, index) => {
    const { title, known } = checkInfo(id, against);
    return { number: index + 1, id, anchor: anchorFor(id), title, known };
  });
  const rows = new Map<string, { names: string[]; row: Omit<MatrixRow, 'hosts' | 'count'> }>();
  for (const host of result.hosts) {
    const row = isReachable(host)
      ? { cells: ids.map((id) => matrixCell(id, host.findings.find((finding) => finding.check === id))) }
      : { unreachable: `unreachable: ${hostStatusText(host.status)}`, cells: [] };
    const key = JSON.stringify(row);
    const entry = rows.get(key) ?? { names: [], row };
    entry.names.push(host.name);
    rows.set(key, entry);
  }
  const folded = [...rows.values()].map(({ names, row }) => ({ ...hostSet(names), ...row }));
  return { columns, rows: folded.sort(byWorstRowFirst) };
}

function matrixCell(id: string, finding: Finding | undefined): MatrixCell {
  if (!finding) return { status: 'none', symbol: '', title: `${id}: not run` };
  return { status: finding.status, symbol: STATUS_SYMBOL[finding.status], title: `${id}: ${finding.status}` };
}

/** Rows needing action come first, so the top of a long matrix shows the trouble. */
function byWorstRowFirst(a: MatrixRow, b: MatrixRow): number {
  return rowRank(a) - rowRank(b) || a.hosts.localeCompare(b.hosts);
}

function rowRank(row: MatrixRow): number {
  if (row.unreachable) return -1;
  const statuses = row.cells.flatMap((cell) => (cell.status === 'none' ? [] : [cell.status]));
  return STATUS_ORDER.indexOf(worstStatus(statuses));
}

function buildIssues(result: AuditResult, against: JudgedAgainst): IssueView[] {
  // Most hosts share their fixes: each distinct set is rendered once.
  const rendered = new Map<string, string>();
  const commandsFor = (fixes: AutomaticFix[]): string | undefined => {
    if (fixes.length === 0) return undefined;
    const key = JSON.stringify(fixes);
    if (!rendered.has(key)) rendered.set(key, renderCommands(fixes));
    return rendered.get(key);
  };
  const groupsByCheck = new Map<string, Map<string, { names: string[]; group: Omit<EvidenceGroup, 'hosts' | 'count'> }>>();
  const add = (finding: Finding, names: string[], fleet: boolean): void => {
    if (!ACTION_STATUSES.has(finding.status)) return;
    const commands = commandsFor(plannedFixes(finding));
    const group = {
      status: finding.status,
      summary: finding.summary,
      evidence: finding.evidence,
      ...(finding.remediation ? { remediation: finding.remediation } : {}),
      ...(commands ? { commands } : {}),
      fleet,
    };
    const key = JSON.stringify(group);
    const groups = groupsByCheck.get(finding.check) ?? new Map();
    const entry = groups.get(key) ?? { names: [], group };
    entry.names.push(...names);
    groups.set(key, entry);
    groupsByCheck.set(finding.check, groups);
  };
  for (const host of result.hosts) for (const finding of host.findings) add(finding, [host.name], false);
  for (const finding of result.fleet) add(finding, finding.hosts, true);

  const issues = sortCheckIds(groupsByCheck.keys()).map((id): IssueView => {
    const entries = [...(groupsByCheck.get(id)?.values() ?? [])];
    const groups = entries
      .map(({ names, group }) => ({ ...hostSet(names), ...group }))
      .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || b.count - a.count);
    const info = checkInfo(id, against);
    return {
      id,
      anchor: anchorFor(id),
      title: info.title,
      status: worstStatus(groups.map((group) => group.status)),
      ...(info.requirement ? { requirement: info.requirement } : {}),
      ...(info.section ? { section: info.section } : {}),
      docUrl: info.docUrl,
      known: info.known,
      hostSet: hostSet(entries.flatMap((entry) => entry.names)),
      groups,
    };
  });
  // Stable sort: worst status first, catalogue order within a status.
  return issues.sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
}

/** Reached hosts with something to act on: their own findings and fleet findings naming them. */
function buildHostDetails(result: AuditResult): HostDetailView[] {
  const failing = hostsWithFailures(result);
  const actionable = (finding: Finding): boolean => ACTION_STATUSES.has(finding.status);
  const fleet = result.fleet.filter(actionable);
  return result.hosts
    .filter(isReachable)
    .map((host) => ({ host, findings: [...host.findings, ...fleet.filter((f) => f.hosts.includes(host.name))].filter(actionable) }))
    .filter(({ findings }) => findings.length > 0)
    .map(({ host, findings }) => ({
      name: host.name,
      address: `${host.address}:${host.port}`,
      system: describeSystem(host),
      connection: describeConnection(host),
      failing: failing.has(host.name),
      findings: findings
        .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status))
        .map((finding) => ({
          id: finding.check,
          anchor: anchorFor(finding.check),
          status: finding.status,
          symbol: STATUS_SYMBOL[finding.status],
          summary: finding.summary,
        })),
    }));
}

function describeSystem(host: HostResult): string {
  const facts = host.facts;
  if (!facts) return 'not probed';
  const os = facts.os.ok ? facts.os.value.prettyName || `${facts.os.value.id} ${facts.os.value.versionId}` : 'OS unknown';
  const kernel = facts.uname.ok ? `kernel ${facts.uname.value.kernelRelease} ${facts.uname.value.machine}` : 'kernel unknown';
  const hostname = facts.hostname.ok && facts.hostname.value !== host.name ? `hostname ${facts.hostname.value}, ` : '';
  return `${hostname}${os}, ${kernel}`;
}

function describeConnection(host: HostResult): string {
  const who = host.user ? `${host.user}@` : '';
  const via = host.via ? ` via ${host.via}` : '';
  return `${host.transport} ${who}${host.address}:${host.port}${via}, ${(host.timings.totalMs / 1000).toFixed(1)} s`;
}

function describeUnreachable(host: HostResult): UnreachableView {
  const status = hostStatusText(host.status);
  return {
    name: host.name,
    address: `${host.address}:${host.port}`,
    status: host.phase ? `${status} (${host.phase})` : status,
    reason: host.message ?? status,
  };
}

function buildWaived(result: AuditResult, against: JudgedAgainst): WaivedView[] {
  const groups = new Map<string, { names: string[]; view: Omit<WaivedView, 'hosts' | 'count'> }>();
  const add = (finding: Finding, names: string[]): void => {
    if (finding.status !== 'waived') return;
    const info = checkInfo(finding.check, against);
    const view = {
      id: finding.check,
      anchor: anchorFor(finding.check),
      title: info.title,
      waivedStatus: finding.waivedStatus ?? 'unknown',
      summary: finding.summary,
      reason: finding.waiver?.reason ?? '(no reason given)',
      source: finding.waiver?.source ?? '',
      ...(finding.waiver?.expires ? { expires: finding.waiver.expires } : {}),
    };
    const key = JSON.stringify(view);
    const entry = groups.get(key) ?? { names: [], view };
    entry.names.push(...names);
    groups.set(key, entry);
  };
  for (const host of result.hosts) for (const finding of host.findings) add(finding, [host.name]);
  for (const finding of result.fleet) add(finding, finding.hosts);
  return [...groups.values()]
    .map(({ names, view }) => ({ ...hostSet(names), ...view }))
    .sort((a, b) => checkInfo(a.id, against).order - checkInfo(b.id, against).order || a.id.localeCompare(b.id));
}

function hostSet(names: string[]): HostSet {
  const unique = [...new Set(names)];
  return { hosts: foldHosts(unique), count: unique.length };
}

function sanitizeStrings<T>(value: T): T {
  if (typeof value === 'string') return visibleText(value) as T;
  if (Array.isArray(value)) return value.map(sanitizeStrings) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, sanitizeStrings(item)])) as T;
  }
  return value;
}

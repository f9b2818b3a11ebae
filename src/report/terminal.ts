/**
 * The summary printed after an audit: a line per host with its counts and failing checks,
 * unreachable hosts with the reason, fleet findings, and the verdict last where the eye
 * lands. Colour is decided once, by `shouldUseColor`.
 */
import type { AuditResult, CheckStatus, HostResult } from '../core/result.js';
import { foldHosts } from './hostset.js';
import { judgedAgainst } from './judged-against.js';
import { visibleLine, visibleText } from './sanitize.js';
import { ACTION_STATUSES, hostStatusText, isReachable, severity, STATUS_SYMBOL, worstStatus } from './status.js';
import { countStatuses, fleetVerdict } from './verdict.js';

export interface TerminalOptions {
  color: boolean;
}

/**
 * Colour only on a terminal, and never when NO_COLOR is set to anything but the empty
 * string (https://no-color.org).
 */
export function shouldUseColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

const SGR = { red: 31, green: 32, yellow: 33, magenta: 35, dim: 2, bold: 1 } as const;
type Style = keyof typeof SGR;

const STATUS_STYLE: Record<CheckStatus, Style> = {
  fail: 'red',
  unknown: 'magenta',
  warn: 'yellow',
  pass: 'green',
  skip: 'dim',
  waived: 'dim',
};

export function renderTerminal(result: AuditResult, options: TerminalOptions): string {
  const paint = (style: Style, text: string): string => (options.color ? `\u001b[${SGR[style]}m${text}\u001b[0m` : text);
  const nameWidth = Math.min(32, Math.max(4, ...result.hosts.map((host) => visibleLine(host.name).length)));
  const lines: string[] = [];

  for (const host of result.hosts) lines.push(hostLine(host, nameWidth, paint));

  const actions = hostActions(result);
  if (actions.length > 0) {
    lines.push('', 'To look at (evidence and fixes are in the HTML report):');
    for (const action of actions.slice(0, MAX_ACTION_LINES)) {
      lines.push(`  ${paint(STATUS_STYLE[action.status], STATUS_SYMBOL[action.status])} ${visibleLine(action.check)} on ${visibleLine(foldHosts(action.hosts))}: ${visibleText(action.summary)}`);
    }
    if (actions.length > MAX_ACTION_LINES) lines.push(`  … and ${actions.length - MAX_ACTION_LINES} more`);
  }

  const fleet = result.fleet.filter((finding) => ACTION_STATUSES.has(finding.status));
  if (fleet.length > 0) {
    lines.push('', 'Across the fleet:');
    for (const finding of fleet) {
      const hosts = finding.hosts.length > 0 ? ` (${visibleLine(foldHosts(finding.hosts))})` : '';
      lines.push(`  ${paint(STATUS_STYLE[finding.status], STATUS_SYMBOL[finding.status])} ${visibleLine(finding.check)}${hosts}: ${visibleText(finding.summary)}`);
    }
  }

  const verdict = fleetVerdict(result);
  const { hosts } = verdict;
  const counts = verdict.findings.map(({ status, count }) => paint(STATUS_STYLE[status], `${count} ${status}`)).join(', ');
  const against = judgedAgainst(result);
  const headline = verdict.ready
    ? paint('green', `READY: all ${hosts.total} hosts meet the ${against.release} requirements`)
    : paint('red', `NOT READY: ${hosts.total - hosts.ready} of ${hosts.total} hosts need attention`) +
      ` (${hosts.failing} failing, ${hosts.unreachable} unreachable)`;
  lines.push('', `Judged against the ${against.release} requirements: ${against.requirementsUrl}`, paint('bold', headline), `Findings: ${counts || 'none'}`);
  const { shard } = result.run;
  if (shard) {
    lines.push(`Shard ${shard.index}/${shard.count} (${hosts.total} of ${shard.fleetHosts} hosts): fleet-wide checks saw this shard only; "calico-preflight merge" joins the shards.`);
  }
  return `${lines.join('\n')}\n`;
}

/** Enough to see what to do on a terminal; the HTML report has the rest. */
const MAX_ACTION_LINES = 25;

interface HostAction {
  status: CheckStatus;
  check: string;
  summary: string;
  hosts: string[];
}

/** Host findings that ask someone to act, hosts with the same finding folded into one line. */
function hostActions(result: AuditResult): HostAction[] {
  const byFinding = new Map<string, HostAction>();
  for (const host of result.hosts) {
    for (const { status, check, summary } of host.findings) {
      if (!ACTION_STATUSES.has(status)) continue;
      const key = JSON.stringify([status, check, summary]);
      const action = byFinding.get(key) ?? { status, check, summary, hosts: [] };
      action.hosts.push(host.name);
      byFinding.set(key, action);
    }
  }
  return [...byFinding.values()].sort(
    (a, b) => severity(b.status) - severity(a.status) || b.hosts.length - a.hosts.length || a.check.localeCompare(b.check),
  );
}

function hostLine(host: HostResult, nameWidth: number, paint: (style: Style, text: string) => string): string {
  const name = visibleLine(host.name).padEnd(nameWidth);
  if (!isReachable(host)) {
    const status = hostStatusText(host.status);
    const reason = host.message ? `: ${visibleLine(host.message)}` : '';
    return `  ${paint('red', '✗')} ${name}  ${paint('red', `unreachable (${status})`)}${reason}`;
  }
  const statuses = host.findings.map((finding) => finding.status);
  const worst = worstStatus(statuses);
  const counts = countStatuses(statuses)
    .map(({ status, count }) => paint(STATUS_STYLE[status], `${count} ${status}`))
    .join(', ');
  const failing = host.findings.filter((finding) => finding.status === 'fail').map((finding) => visibleLine(finding.check));
  const failText = failing.length > 0 ? ` — fail: ${failing.join(', ')}` : '';
  return `  ${paint(STATUS_STYLE[worst], STATUS_SYMBOL[worst])} ${name}  ${counts}${failText}`;
}

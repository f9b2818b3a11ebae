/**
 * Compares two saved audits of (mostly) the same fleet: per host and check, what got
 * fixed, what regressed, what is new or gone; hosts added and removed. Better or worse is
 * judged by severity (pass, skip and waived < warn < unknown < fail), and a host that could
 * be reached before but not now has regressed. Fleet findings compare as the pseudo-host
 * FLEET_HOST, by the worst status each fleet check reported.
 */
import type { AuditResult, CheckStatus, HostResult, HostStatus } from '../core/result.js';
import { sortCheckIds } from './check-info.js';
import { isReachable, severity, worstStatus } from './status.js';
import { judgedAgainst } from './judged-against.js';

export const FLEET_HOST = '(fleet)';

export type ChangeKind = 'fixed' | 'regressed' | 'new' | 'gone' | 'changed';

export interface CheckChange {
  kind: ChangeKind;
  host: string;
  check: string;
  /** Absent for `new`. */
  from?: CheckStatus;
  /** Absent for `gone`. */
  to?: CheckStatus;
  summary: string;
}

export interface ReachabilityChange {
  kind: 'fixed' | 'regressed';
  host: string;
  from: HostStatus;
  to: HostStatus;
  message?: string;
}

export interface AuditDiff {
  /** `release`: the Calico release each was judged against, "Calico v3.28". */
  old: { startedAt: string; hosts: number; release: string };
  new: { startedAt: string; hosts: number; release: string };
  hostsAdded: string[];
  hostsRemoved: string[];
  reachability: ReachabilityChange[];
  checks: CheckChange[];
  regressed: boolean;
}

export function diffResults(before: AuditResult, after: AuditResult): AuditDiff {
  const oldHosts = new Map(before.hosts.map((host) => [host.name, host]));
  const newHosts = new Map(after.hosts.map((host) => [host.name, host]));
  const reachability: ReachabilityChange[] = [];
  const checks: CheckChange[] = [];

  for (const [name, now] of newHosts) {
    const then = oldHosts.get(name);
    if (!then) continue;
    if (isReachable(then) !== isReachable(now)) {
      reachability.push({
        kind: isReachable(now) ? 'fixed' : 'regressed',
        host: name,
        from: then.status,
        to: now.status,
        ...(now.message ? { message: now.message } : {}),
      });
    }
    // An unreachable side has no findings to compare: its change is the reachability one.
    if (isReachable(then) && isReachable(now)) checks.push(...compareChecks(name, statusesOf(then), statusesOf(now)));
  }
  checks.push(...compareChecks(FLEET_HOST, fleetStatuses(before), fleetStatuses(after)));

  return {
    old: { startedAt: before.startedAt, hosts: before.hosts.length, release: judgedAgainst(before).release },
    new: { startedAt: after.startedAt, hosts: after.hosts.length, release: judgedAgainst(after).release },
    hostsAdded: [...newHosts.keys()].filter((name) => !oldHosts.has(name)),
    hostsRemoved: [...oldHosts.keys()].filter((name) => !newHosts.has(name)),
    reachability,
    checks,
    regressed: reachability.some((c) => c.kind === 'regressed') || checks.some((c) => c.kind === 'regressed'),
  };
}

interface Observed {
  status: CheckStatus;
  summary: string;
}

function statusesOf(host: HostResult): Map<string, Observed> {
  return new Map(host.findings.map((finding) => [finding.check, { status: finding.status, summary: finding.summary }]));
}

function fleetStatuses(result: AuditResult): Map<string, Observed> {
  const byCheck = new Map<string, Observed[]>();
  for (const finding of result.fleet) {
    byCheck.set(finding.check, [...(byCheck.get(finding.check) ?? []), { status: finding.status, summary: finding.summary }]);
  }
  return new Map(
    [...byCheck].map(([check, observed]) => {
      const status = worstStatus(observed.map((o) => o.status));
      return [check, observed.find((o) => o.status === status) as Observed];
    }),
  );
}

function compareChecks(host: string, before: Map<string, Observed>, after: Map<string, Observed>): CheckChange[] {
  const changes: CheckChange[] = [];
  for (const check of sortCheckIds([...before.keys(), ...after.keys()])) {
    const then = before.get(check);
    const now = after.get(check);
    if (!then && now) changes.push({ kind: 'new', host, check, to: now.status, summary: now.summary });
    else if (then && !now) changes.push({ kind: 'gone', host, check, from: then.status, summary: then.summary });
    else if (then && now && then.status !== now.status) {
      const delta = severity(now.status) - severity(then.status);
      const kind: ChangeKind = delta > 0 ? 'regressed' : delta < 0 ? 'fixed' : 'changed';
      changes.push({ kind, host, check, from: then.status, to: now.status, summary: now.summary });
    }
  }
  return changes;
}

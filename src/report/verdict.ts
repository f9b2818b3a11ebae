/** The fleet's verdict: is it ready for Calico, and how the hosts and findings count up. */
import type { AuditResult, CheckStatus } from '../core/result.js';
import { isReachable, STATUS_ORDER } from './status.js';

export interface StatusCount<S extends string = CheckStatus> {
  status: S;
  count: number;
}

export interface FleetVerdict {
  ready: boolean;
  hosts: {
    total: number;
    /** Reached and without a failing check (host or fleet). */
    ready: number;
    failing: number;
    unreachable: number;
  };
  /** Host and fleet findings by status, worst first; statuses that do not occur are left out. */
  findings: StatusCount[];
}

/** 0 when every host was reached and nothing failed, else 1 (2, could not run, is the CLI's). */
export function exitCodeFor(result: AuditResult): 0 | 1 {
  return fleetVerdict(result).ready ? 0 : 1;
}

export function fleetVerdict(result: AuditResult): FleetVerdict {
  const failingHosts = hostsWithFailures(result);
  const unreachable = result.hosts.filter((host) => !isReachable(host)).length;
  const failing = result.hosts.filter((host) => isReachable(host) && failingHosts.has(host.name)).length;
  const fleetFails = result.fleet.some((finding) => finding.status === 'fail');
  return {
    ready: unreachable === 0 && failing === 0 && !fleetFails,
    hosts: { total: result.hosts.length, ready: result.hosts.length - unreachable - failing, failing, unreachable },
    findings: countStatuses([...result.hosts.flatMap((host) => host.findings), ...result.fleet].map((f) => f.status)),
  };
}

/** Names of the hosts with a failing check of their own or in a failing fleet finding. */
export function hostsWithFailures(result: AuditResult): Set<string> {
  const names = new Set<string>();
  for (const host of result.hosts) {
    if (host.findings.some((finding) => finding.status === 'fail')) names.add(host.name);
  }
  for (const finding of result.fleet) {
    if (finding.status === 'fail') for (const name of finding.hosts) names.add(name);
  }
  return names;
}

export function countStatuses(statuses: CheckStatus[]): StatusCount[] {
  return STATUS_ORDER.map((status) => ({ status, count: statuses.filter((s) => s === status).length })).filter(
    (entry) => entry.count > 0,
  );
}

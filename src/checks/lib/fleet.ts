/** Helpers for fleet checks, whose findings name the hosts involved. */
import type { Evidence, FleetFinding } from '../../core/result.js';
import type { Fact } from '../../core/facts.js';
import type { FleetMember } from '../types.js';
import { evidence } from './verdict.js';

export type FleetVerdict = Omit<FleetFinding, 'check'>;

export function fleetVerdict(
  status: FleetVerdict['status'],
  summary: string,
  hosts: string[],
  seen: Evidence[],
  remediation?: string,
): FleetVerdict {
  return { status, summary, hosts, evidence: seen, ...(remediation ? { remediation } : {}) };
}

/** Evidence line for one host: the fact prefixed with the host's name. */
export function hostEvidence(member: FleetMember, fact: string, source: string): Evidence {
  return evidence(`${member.name}: ${fact}`, source);
}

/** The `unknown` finding for hosts whose needed fact is missing; none when all have it. */
export function missingFrom(members: FleetMember[], fact: (member: FleetMember) => Fact<unknown>, what: string, howToAnswer: string): FleetVerdict[] {
  const lacking = members.filter((member) => !fact(member).ok);
  if (lacking.length === 0) return [];
  const seen = lacking.map((member) => {
    const missing = fact(member) as Extract<Fact<unknown>, { ok: false }>;
    return hostEvidence(member, `${what} not available (${missing.missing})`, missing.source);
  });
  return [fleetVerdict('unknown', `${what} unknown on ${lacking.map((member) => member.name).join(', ')}.`, lacking.map((member) => member.name), seen, howToAnswer)];
}

export const noMembers = (): FleetVerdict[] => [fleetVerdict('skip', 'No reachable host to compare.', [], [])];

export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

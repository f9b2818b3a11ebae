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
  const names = lacking.map((member) => member.name);
  return [fleetVerdict('unknown', `${what} unknown on ${hostList(names, ', ')}.`, names, seen, howToAnswer)];
}

export const noMembers = (): FleetVerdict[] => [fleetVerdict('skip', 'No reachable host to compare.', [], [])];

export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group) group.push(item);
    else groups.set(name, [item]);
  }
  return groups;
}

/** Names spelled out in a summary; beyond this a summary names the first few and counts the rest. */
const NAMED_IN_SUMMARY = 5;
const NAMED_BEFORE_COUNT = 3;

/**
 * Host names for a summary sentence: all of them when there are a few, else the first few
 * and how many more. A summary is repeated next to every host it names in the reports, so
 * spelling out 1,000 cloned hosts would make them grow with the square of the fleet; the
 * finding's `hosts` list always names every one.
 */
export function hostList(names: string[], separator: ', ' | ' and '): string {
  if (names.length <= NAMED_IN_SUMMARY) return names.join(separator);
  return `${names.slice(0, NAMED_BEFORE_COUNT).join(', ')} and ${names.length - NAMED_BEFORE_COUNT} more`;
}

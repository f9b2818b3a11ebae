/**
 * Verdicts for a finished run: host checks as each host arrives, fleet checks once all are
 * in, then --skip and waivers over the whole result.
 */
import type { AuditResult, HostResult } from '../core/result.js';
import { applyWaivers, evaluateFleet, evaluateHost, type WaiverEntry } from '../checks/index.js';
import type { FleetMember } from '../checks/index.js';

/** Fills in a host's findings; unreachable hosts have none (their checks never ran). */
export function judgeHost(host: HostResult): HostResult {
  host.findings = host.status === 'ok' && host.facts ? evaluateHost(host.facts, host.settings, host.settingsSources) : [];
  return host;
}

export function judgeFleet(hosts: HostResult[]): AuditResult['fleet'] {
  const members: FleetMember[] = hosts.flatMap((host) =>
    host.status === 'ok' && host.facts
      ? [{ name: host.name, address: host.address, facts: host.facts, settings: host.settings }]
      : [],
  );
  return members.length > 0 ? evaluateFleet(members) : [];
}

export interface WaiverInputs {
  waivers: WaiverEntry[];
  skip: string[];
  resolvePattern: (pattern: string) => Set<string>;
}

/** `today` (YYYY-MM-DD) decides which waivers have expired; default: the auditor's today. */
export function waive(result: AuditResult, inputs: WaiverInputs, today?: string): ReturnType<typeof applyWaivers> {
  return applyWaivers(result, inputs.waivers, inputs.skip, inputs.resolvePattern, today);
}

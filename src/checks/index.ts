/**
 * The checks' public surface: judge one host's facts, judge the fleet, and the catalogue.
 * A check that throws is a bug; it becomes an `unknown` finding so every host still ends
 * in a result.
 */
import type { Finding, FleetFinding } from '../core/result.js';
import type { HostFacts } from '../core/facts.js';
import type { AuditSettings } from '../core/settings.js';
import type { FleetMember, SettingsSources, Verdict } from './types.js';
import { FLEET_CHECKS, HOST_CHECKS } from './catalogue.js';

function internalError(error: unknown): Verdict {
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: 'unknown',
    summary: `The check itself failed: ${message}.`,
    evidence: [],
    remediation: 'This is a bug in calico-preflight: please report it with the saved result.json.',
  };
}

export function evaluateHost(facts: HostFacts, settings: AuditSettings, sources?: SettingsSources): Finding[] {
  return HOST_CHECKS.map((check) => {
    let verdict: Verdict;
    try {
      verdict = check.evaluate(facts, settings, sources);
    } catch (error) {
      verdict = internalError(error);
    }
    return { check: check.id, ...verdict };
  });
}

export function evaluateFleet(members: FleetMember[]): FleetFinding[] {
  return FLEET_CHECKS.flatMap((check) => {
    try {
      return check.evaluate(members).map((finding) => ({ ...finding, check: check.id }));
    } catch (error) {
      return [{ check: check.id, hosts: members.map((member) => member.name), ...internalError(error) }];
    }
  });
}

export { CHECKS, CHECK_IDS, HOST_CHECKS, FLEET_CHECKS } from './catalogue.js';
export { resolveSettings, type SettingsOverrides, type ResolvedSettings } from './settings.js';
export { parseWaivers, applyWaivers, parseSkipList, type WaiverEntry, type WaiverOutcome } from './waivers.js';
export type { Check, CheckInfo, FleetMember, HostCheck, FleetCheck, SettingsSources, Verdict } from './types.js';
export { DEFAULT_SETTINGS, type AuditSettings } from '../core/settings.js';
export { DEFAULT_PROFILE, PROFILES, findProfile, profileFor, type RequirementProfile } from './profiles/index.js';
export { describeCheck } from './describe.js';

/**
 * The Calico release a saved result was judged against, for the reports to name. Results
 * written before requirement profiles existed were judged against v3.22; a result naming a
 * release this version has no profile of still renders, with the page it recorded.
 */
import type { AuditResult } from '../core/result.js';
import { DEFAULT_PROFILE, findProfile, type RequirementProfile } from '../checks/index.js';

export interface JudgedAgainst {
  /** "Calico v3.28". */
  release: string;
  requirementsUrl: string;
  /** null when this version of calico-preflight has no profile of that release. */
  profile: RequirementProfile | null;
}

export function judgedAgainst(result: AuditResult): JudgedAgainst {
  const recorded = result.profile;
  const profile = findProfile(recorded?.version ?? DEFAULT_PROFILE);
  return {
    release: `Calico v${recorded?.version ?? profile?.version ?? DEFAULT_PROFILE}`,
    requirementsUrl: recorded?.requirementsUrl ?? profile!.requirementsUrl,
    profile,
  };
}

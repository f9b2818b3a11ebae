/**
 * A check as one requirement profile states it: its requirement text and its link, for the
 * reports and `calico-preflight checks --calico-version`.
 */
import { REQUIREMENTS_URL } from './lib/verdict.js';
import { requirementsAnchor } from './lib/profile.js';
import type { RequirementProfile } from './profiles/index.js';
import type { CheckInfo } from './types.js';

const ANCHOR_PREFIX = `${REQUIREMENTS_URL}#`;

/**
 * A check's requirement and link under `profile`. A check citing an anchor of the v3.22
 * requirements page cites the same anchor of the profile's page (the later pages keep the
 * v3.22 anchors); other pages come from the check's `docUrlFor`.
 */
export function describeCheck<C extends CheckInfo>(check: C, profile: RequirementProfile): C {
  const requirement = check.requirementFor?.(profile) ?? check.requirement;
  const docUrl = check.docUrlFor?.(profile) ?? (check.docUrl.startsWith(ANCHOR_PREFIX) ? requirementsAnchor(profile, check.docUrl.slice(ANCHOR_PREFIX.length)) : check.docUrl);
  return { ...check, requirement, docUrl };
}

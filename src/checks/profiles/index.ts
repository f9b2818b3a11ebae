/**
 * Requirement profiles by Calico release line, for `--calico-version` to pick one (3.22 by
 * default: the seed page) and the report to name it. docs/profiles.md lists each profile's facts
 * with their sources and which check reads which fact.
 */
import { UserError } from '../../core/errors.js';
import { orList } from '../lib/words.js';
import type { RequirementProfile } from './types.js';
import { v3_22 } from './v3-22.js';
import { v3_28 } from './v3-28.js';
import { v3_29 } from './v3-29.js';
import { v3_30 } from './v3-30.js';
import { v3_31 } from './v3-31.js';
import { v3_32 } from './v3-32.js';

export type * from './types.js';
export { kubernetesStanding, matchingDistribution, type KubernetesStanding } from './match.js';

/** Oldest first. */
export const PROFILES: readonly RequirementProfile[] = [v3_22, v3_28, v3_29, v3_30, v3_31, v3_32];

export const DEFAULT_PROFILE = '3.22';

/** "3.28", "v3.28", "3.28.2", "v3.28.0-rc1" → "3.28"; null when the text is no Calico version. */
function releaseLine(text: string): string | null {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+][0-9a-z.-]+)?$/i.exec(text.trim());
  return match ? `${Number(match[1])}.${Number(match[2])}` : null;
}

/** The profile for a Calico version as a user writes it, or null when none matches. */
export function findProfile(requested: string): RequirementProfile | null {
  const line = releaseLine(requested);
  return PROFILES.find((candidate) => candidate.version === line) ?? null;
}

/** The known release lines, for messages: "3.22, 3.28, … or 3.32". */
export function knownVersions(): string {
  return orList(PROFILES.map((candidate) => candidate.version));
}

/** The profile for a Calico version as a user writes it; a UserError names the known ones. */
export function profileFor(requested: string): RequirementProfile {
  const profile = findProfile(requested);
  if (profile) return profile;
  const known = PROFILES.map((candidate) => candidate.version).join(', ');
  throw new UserError(`Unknown Calico version "${requested}": requirement profiles exist for ${known} (write it as 3.28, v3.28 or 3.28.2).`);
}

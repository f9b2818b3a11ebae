/** How the checks name a host's distribution and show the os-release fields they judged it by. */
import type { Evidence } from '../../core/result.js';
import type { Fact, OsRelease } from '../../core/facts.js';
import type { RequirementProfile } from '../profiles/index.js';
import { evidence, missingEvidence } from './verdict.js';

export function distributionName(os: OsRelease): string {
  return os.prettyName || `${os.id || 'linux'} ${os.versionId}`.trim();
}

export function distributionEvidence(os: Fact<OsRelease>): Evidence {
  if (!os.ok) return missingEvidence('distribution', os);
  const { id, versionId, idLike } = os.value;
  return evidence(`ID=${id || '(none)'} VERSION_ID=${versionId || '(none)'}${idLike.length ? ` ID_LIKE="${idLike.join(' ')}"` : ''} (${distributionName(os.value)})`, os.source);
}

/** The distributions a release's page lists as known to work, by their labels. */
export function knownToWork(profile: RequirementProfile): string {
  return profile.distributions.value.map((rule) => rule.label).join(', ');
}

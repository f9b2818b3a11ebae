import type { HostCheck } from '../types.js';
import { matchingDistribution, type RequirementProfile } from '../profiles/index.js';
import { distributionEvidence, distributionName, knownToWork } from '../lib/distribution.js';
import { calicoRelease, profileOf, SEED_PROFILE } from '../lib/profile.js';
import { docUrl, pass, unknownFromFact, warn } from '../lib/verdict.js';

/** The page's list, as it names the distributions (Flatcar counts as CoreOS Container Linux's successor on v3.22). */
const requirementFor = (profile: RequirementProfile) => `A distribution known to work with ${calicoRelease(profile)}: ${knownToWork(profile)}.`;

export const nodeDistro: HostCheck = {
  id: 'node.distro',
  scope: 'host',
  needs: { facts: ['os'] },
  title: 'Linux distribution',
  requirement: requirementFor(SEED_PROFILE),
  requirementFor,
  section: 'Node requirements',
  docUrl: docUrl('node-requirements'),
  notes:
    'The pages list versions ("Ubuntu 18.04") up to v3.28 and ranges ("Ubuntu 20.04 or later") from v3.29; each is matched on ' +
    "os-release's ID, ID_LIKE, VARIANT_ID and VERSION_ID. Rocky, AlmaLinux and CentOS (Stream) count as the RHEL the v3.29+ pages " +
    'name: they ship the same kernel builds. Fedora CoreOS is ID=fedora with VARIANT_ID=coreos.',
  evaluate(facts, settings) {
    if (!facts.os.ok) return unknownFromFact('the distribution', facts.os, 'Check that /etc/os-release or /usr/lib/os-release exists and is readable.');
    const profile = profileOf(settings);
    const name = distributionName(facts.os.value);
    const seen = [distributionEvidence(facts.os)];
    const listed = matchingDistribution(profile.distributions.value, facts.os.value);
    if (listed) return pass(`${name} is on the tested list as ${listed.label}.`, seen);
    return warn(
      `${name} is not on ${calicoRelease(profile)}'s tested list (${knownToWork(profile)}); it may work but was not tested.`,
      seen,
      'Nothing to change if you accept the risk: make sure node.kernel and node.kernel-deps pass, or use a tested distribution. Waive this check once reviewed.',
    );
  },
};

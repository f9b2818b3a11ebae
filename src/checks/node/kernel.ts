import type { Evidence } from '../../core/result.js';
import type { HostCheck } from '../types.js';
import { matchingDistribution, type RequirementProfile } from '../profiles/index.js';
import { atLeast, kernelRelease, KERNEL_RELEASE_NEEDS } from '../lib/kernel-version.js';
import { calicoRelease, profileOf, SEED_PROFILE } from '../lib/profile.js';
import { distributionEvidence, distributionName, knownToWork } from '../lib/distribution.js';
import { docUrl, fail, pass, unknown, warn } from '../lib/verdict.js';
import { combineNeeds } from '../../core/probe-needs.js';

/** The oldest kernel of the seed page, which Calico's code still names as its floor. */
export const MINIMUM_KERNEL = SEED_PROFILE.kernel.codeFloor.value;

function requirementFor(profile: RequirementProfile): string {
  const { documented, codeFloor } = profile.kernel;
  if (documented.value === codeFloor.value) return `Linux kernel ${documented.value} or later.`;
  return `Linux kernel ${codeFloor.value} or later, which Calico's code needs; the page asks for ${documented.value} or later except on the distributions it lists as known to work (${knownToWork(profile)}).`;
}

export const nodeKernel: HostCheck = {
  id: 'node.kernel',
  scope: 'host',
  needs: combineNeeds(KERNEL_RELEASE_NEEDS, { facts: ['os'] }),
  title: 'Linux kernel version',
  requirement: requirementFor(SEED_PROFILE),
  requirementFor,
  section: 'Node requirements',
  docUrl: docUrl('node-requirements'),
  notes:
    'From v3.29 the requirements pages ask for kernel 5.10 (tigera/docs#2417, Dec 2025) yet list RHEL 8 (4.18), Ubuntu 20.04 (5.4) ' +
    'and Debian 10 (4.19) as known to work; Felix refuses no kernel by version outside the eBPF dataplane and still calls 3.10 ' +
    '"the oldest version we support" (felix/environment/feature_detect_linux.go). So a kernel older than 3.10 fails under every ' +
    "profile; one between 3.10 and the page's floor passes on a distribution of the page's own list and warns elsewhere.",
  evaluate(facts, settings) {
    const kernel = kernelRelease(facts);
    if (!kernel.ok) {
      return unknown(`Could not determine the kernel release: ${kernel.missing}.`, kernel.evidence, 'Make `uname -r` or /proc/version readable on the host.');
    }
    if (!kernel.parts) {
      return unknown(`Kernel release "${kernel.release}" is not a version number.`, [kernel.evidence], 'Check `uname -r` on the host by hand.');
    }
    const profile = profileOf(settings);
    const floor = profile.kernel.codeFloor.value;
    const documented = profile.kernel.documented.value;
    if (!atLeast(kernel.parts, floor)) {
      return fail(
        `Kernel ${kernel.release} is older than ${floor}.`,
        [kernel.evidence],
        `Upgrade to a kernel ≥ ${documented}, e.g. by moving to a tested distribution (${knownToWork(profile)}), then reboot.`,
      );
    }
    if (atLeast(kernel.parts, documented)) return pass(`Kernel ${kernel.release} is ${documented} or later.`, [kernel.evidence]);
    const page = `the ${documented} the ${calicoRelease(profile)} page asks for`;
    const seen: Evidence[] = [kernel.evidence, distributionEvidence(facts.os)];
    const listed = facts.os.ok ? matchingDistribution(profile.distributions.value, facts.os.value) : null;
    if (facts.os.ok && listed) {
      return pass(`Kernel ${kernel.release} is below ${page}, but ${distributionName(facts.os.value)} is on the same page's list of distributions known to work (${listed.label}); Calico's code needs ${floor} or later.`, seen);
    }
    return warn(
      `Kernel ${kernel.release} is ${floor} or later, as Calico's code needs, but below ${page}${facts.os.ok ? `, and ${distributionName(facts.os.value)} is not on the page's list of distributions known to work` : ''}.`,
      seen,
      `Nothing to change if the host runs a distribution the page lists as known to work (${knownToWork(profile)}): their kernels carry what Calico needs. Otherwise upgrade to a kernel ≥ ${documented}, or waive this check once reviewed.`,
    );
  },
};

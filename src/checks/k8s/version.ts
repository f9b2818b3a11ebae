import type { HostCheck } from '../types.js';
import { kubernetesStanding, type MinorRange, type RequirementProfile } from '../profiles/index.js';
import { kubeMinor, kubeletOnHost, parseKubeVersion, KUBELET_NEEDS } from '../lib/kubelet.js';
import { calicoRelease, profileOf, SEED_PROFILE } from '../lib/profile.js';
import { docUrl, fail, pass, unknown, warn } from '../lib/verdict.js';
import { orList } from '../lib/words.js';

const span = ({ from, through }: MinorRange) => (from === through ? `v1.${from}` : `v1.${from}–v1.${through}`);

function requirementFor(profile: RequirementProfile): string {
  const { tested, mayWork, brokenAtOrBelow } = profile.kubernetes.value;
  const minors = Array.from({ length: tested.through - tested.from + 1 }, (_, index) => `v1.${tested.from + index}`);
  const parts = [
    `Kubernetes ${orList(minors)} (tested)`,
    ...(mayWork ? [`${span(mayWork)} may work untested`] : []),
    ...(brokenAtOrBelow === null ? [] : [`v1.${brokenAtOrBelow} and older do not work`]),
  ];
  return `${parts.join('; ')}.`;
}

export const k8sVersion: HostCheck = {
  id: 'k8s.version',
  scope: 'host',
  needs: KUBELET_NEEDS,
  title: 'Kubernetes version',
  requirement: requirementFor(SEED_PROFILE),
  requirementFor,
  section: 'Kubernetes requirements',
  docUrl: docUrl('supported-versions'),
  notes:
    'The newer pages revise their tested list after a release as patch releases are tested against newer Kubernetes ' +
    '(docs/profiles.md); each profile holds the revision it cites. "Newer versions may also work" and the "may work" minor warn, ' +
    'as any untested minor does.',
  evaluate(facts, settings) {
    const onHost = kubeletOnHost(facts);
    if ('verdict' in onHost) return onHost.verdict;
    const seen = [onHost.evidence];
    const version = parseKubeVersion(onHost.kubelet.version);
    if (!version) return unknown('kubelet is installed but its version could not be read.', seen, 'Run `kubelet --version` on the host.');
    const profile = profileOf(settings);
    const calico = calicoRelease(profile);
    const { tested, brokenAtOrBelow } = profile.kubernetes.value;
    const minor = kubeMinor(version);
    const upgrade = `Upgrade Kubernetes to ${span(tested)} (kubeadm upgrade plan)`;
    switch (kubernetesStanding(profile.kubernetes.value, minor)) {
      case 'broken':
        return fail(`Kubernetes ${version.text} is too old: ${calico} does not work on v1.${brokenAtOrBelow} or older.`, seen, `${upgrade} before installing ${calico}.`);
      case 'tested':
        return pass(`Kubernetes ${version.text} is tested with ${calico}.`, seen);
      case 'may-work':
      case 'untested':
        return warn(
          `Kubernetes ${version.text} was not tested with ${calico} (tested: ${span(tested)}).`,
          seen,
          minor > tested.through ? `Use a Calico release tested with this Kubernetes version, or Kubernetes ${span(tested)}.` : `${upgrade}.`,
        );
    }
  },
};

import type { HostCheck } from '../types.js';
import type { ApplicationLayerPolicy, RequirementProfile } from '../profiles/index.js';
import { kubeMinor, kubeletOnHost, parseKubeVersion, KUBELET_NEEDS } from '../lib/kubelet.js';
import { alpPage, calicoRelease, profileOf, SEED_PROFILE } from '../lib/profile.js';
import { docUrl, fail, skip, unknown, warn } from '../lib/verdict.js';
import { andList, orList } from '../lib/words.js';

const WEBHOOK_CHECK =
  'MutatingAdmissionWebhook is in kube-apiserver --enable-admission-plugins (`kubectl -n kube-system get pod -l component=kube-apiserver -o yaml | grep admission`)';

/** "v1.9 or v1.10", "v1.22 or later (1.28.1 recommended) or v1.15.2 and 1.10.2 (legacy ConfigMap patching)". */
const istioVersions = (alp: ApplicationLayerPolicy) => orList(alp.istio.map((version) => `v${version}`));

/** The Kubernetes minors a listed Istio runs on, where the page bounds them. */
function kubernetesRange(alp: ApplicationLayerPolicy): string | null {
  if (alp.kubernetesFrom === null) return null;
  return alp.kubernetesBelow === null ? `v1.${alp.kubernetesFrom} or later` : `v1.${alp.kubernetesFrom}–v1.${alp.kubernetesBelow - 1}`;
}

function manualCheck(alp: ApplicationLayerPolicy): string {
  const range = kubernetesRange(alp);
  return `Verify by hand: ${WEBHOOK_CHECK}, and Istio is ${istioVersions(alp)}${range ? ` (Kubernetes ${range})` : ''}: \`istioctl version\`.`;
}

function requirementFor(profile: RequirementProfile): string {
  const alp = profile.applicationLayerPolicy.value;
  if (!alp) return `${calicoRelease(profile)}'s pages state no application layer policy requirements.`;
  const needs = [
    ...(alp.mutatingAdmissionWebhook ? ['MutatingAdmissionWebhook'] : []),
    `Istio ${istioVersions(alp)}`,
    ...(alp.kubernetesBelow === null ? [] : [`Kubernetes older than v1.${alp.kubernetesBelow}${alp.policySyncVolume === 'flexvolume' ? ' (it relies on FlexVolumes)' : ''}`]),
    ...(alp.recommendedKubernetesFrom === null ? [] : [`Kubernetes v1.${alp.recommendedKubernetesFrom} or later for the recommended install (older releases only by the legacy method)`]),
  ];
  return `Application layer policy needs ${andList(needs)}.`;
}

export const k8sAlp: HostCheck = {
  id: 'k8s.alp',
  scope: 'host',
  needs: KUBELET_NEEDS,
  title: 'Application layer policy prerequisites',
  requirement: requirementFor(SEED_PROFILE),
  requirementFor,
  section: 'Application layer policy requirements',
  docUrl: docUrl('application-layer-policy-requirements'),
  docUrlFor: alpPage,
  notes:
    'From v3.23 the Policy Sync volume is CSI (projectcalico/calico#7600), so the FlexVolume bound of v3.22 (Kubernetes older ' +
    'than v1.23) is gone from the later profiles. The pages from v3.29 have no ALP section: the check links the application ' +
    'layer policy page the profile cites. From v3.31 the recommended install uses Istio native sidecars (Kubernetes v1.29 or ' +
    'later); older Kubernetes warns, since only the legacy method works there.',
  evaluate(facts, settings) {
    if (!settings.alp) return skip('Application layer policy is not asked for (calico_alp / --alp).');
    const onHost = kubeletOnHost(facts);
    if ('verdict' in onHost) return onHost.verdict;
    const seen = [onHost.evidence];
    const profile = profileOf(settings);
    const alp = profile.applicationLayerPolicy.value;
    if (!alp) return skip(`${calicoRelease(profile)}'s pages state no application layer policy requirements.`, seen);
    const version = parseKubeVersion(onHost.kubelet.version);
    if (!version) return unknown('kubelet is installed but its version could not be read.', seen, 'Run `kubelet --version` on the host.');
    const minor = kubeMinor(version);
    const istio = istioVersions(alp);
    const range = kubernetesRange(alp);
    const runWith = range ? `run Kubernetes ${range} with Istio ${istio}` : `use Istio ${istio}`;
    if (alp.kubernetesBelow !== null && minor >= alp.kubernetesBelow) {
      const why = alp.policySyncVolume === 'flexvolume' ? `: FlexVolumes were deprecated from v1.${alp.kubernetesBelow}` : '';
      return fail(`Application layer policy does not work on Kubernetes ${version.text}${why}.`, seen, `Turn application layer policy off (calico_alp: false), or ${runWith}.`);
    }
    if (alp.kubernetesFrom !== null && minor < alp.kubernetesFrom) {
      return fail(`No supported Istio (${istio}) runs on Kubernetes ${version.text}.`, seen, `Upgrade Kubernetes to ${range} and use Istio ${istio}.`);
    }
    if (alp.recommendedKubernetesFrom !== null && minor < alp.recommendedKubernetesFrom) {
      return warn(
        `Kubernetes ${version.text} is older than v1.${alp.recommendedKubernetesFrom}: ${calicoRelease(profile)}'s recommended application layer policy install (Istio native sidecars) needs it; only the legacy method works here.`,
        seen,
        `Upgrade Kubernetes to v1.${alp.recommendedKubernetesFrom} or later for the recommended install, or follow the page's legacy method. ${manualCheck(alp)}`,
      );
    }
    return unknown(`Kubernetes ${version.text} allows application layer policy; the webhook and Istio version cannot be seen from the host.`, seen, manualCheck(alp));
  },
};

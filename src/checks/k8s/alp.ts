import type { HostCheck } from '../types.js';
import { kubeMinor, kubeletOnHost, parseKubeVersion, KUBELET_NEEDS } from '../lib/kubelet.js';
import { docUrl, fail, skip, unknown } from '../lib/verdict.js';

const MANUAL =
  'Verify by hand: MutatingAdmissionWebhook is in kube-apiserver --enable-admission-plugins (`kubectl -n kube-system get pod -l component=kube-apiserver -o yaml | grep admission`), and Istio is v1.9 (Kubernetes v1.17–v1.20) or v1.10 (v1.18–v1.22): `istioctl version`.';

export const k8sAlp: HostCheck = {
  id: 'k8s.alp',
  scope: 'host',
  needs: KUBELET_NEEDS,
  title: 'Application layer policy prerequisites',
  requirement: 'Application layer policy needs MutatingAdmissionWebhook, Istio v1.9 or v1.10, and Kubernetes older than v1.23 (it relies on FlexVolumes).',
  section: 'Application layer policy requirements',
  docUrl: docUrl('application-layer-policy-requirements'),
  evaluate(facts, settings) {
    if (!settings.alp) return skip('Application layer policy is not asked for (calico_alp / --alp).');
    const onHost = kubeletOnHost(facts);
    if ('verdict' in onHost) return onHost.verdict;
    const seen = [onHost.evidence];
    const version = parseKubeVersion(onHost.kubelet.version);
    if (!version) return unknown('kubelet is installed but its version could not be read.', seen, 'Run `kubelet --version` on the host.');
    const minor = kubeMinor(version);
    if (minor >= 23) {
      return fail(`Application layer policy does not work on Kubernetes ${version.text}: FlexVolumes were deprecated from v1.23.`, seen, 'Turn application layer policy off (calico_alp: false), or run Kubernetes v1.18–v1.22 with Istio v1.10.');
    }
    if (minor < 17) return fail(`No supported Istio (v1.9/v1.10) runs on Kubernetes ${version.text}.`, seen, 'Upgrade Kubernetes to v1.18–v1.22 and use Istio v1.10.');
    return unknown(`Kubernetes ${version.text} allows application layer policy; the webhook and Istio version cannot be seen from the host.`, seen, MANUAL);
  },
};

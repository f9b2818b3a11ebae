import type { HostCheck } from '../types.js';
import { kubeMinor, kubeletOnHost, parseKubeVersion, KUBELET_NEEDS } from '../lib/kubelet.js';
import { docUrl, fail, pass, unknown, warn } from '../lib/verdict.js';

export const k8sVersion: HostCheck = {
  id: 'k8s.version',
  scope: 'host',
  needs: KUBELET_NEEDS,
  title: 'Kubernetes version',
  requirement: 'Kubernetes v1.21, v1.22 or v1.23 (tested); v1.16–v1.18 may work untested; v1.15 and older do not work.',
  section: 'Kubernetes requirements',
  docUrl: docUrl('supported-versions'),
  evaluate(facts) {
    const onHost = kubeletOnHost(facts);
    if ('verdict' in onHost) return onHost.verdict;
    const seen = [onHost.evidence];
    const version = parseKubeVersion(onHost.kubelet.version);
    if (!version) return unknown('kubelet is installed but its version could not be read.', seen, 'Run `kubelet --version` on the host.');
    const minor = kubeMinor(version);
    if (minor <= 15) return fail(`Kubernetes ${version.text} is too old: Calico v3.22 does not work on v1.15 or older.`, seen, 'Upgrade Kubernetes to v1.21–v1.23 (kubeadm upgrade plan) before installing Calico v3.22.');
    if (minor >= 21 && minor <= 23) return pass(`Kubernetes ${version.text} is tested with Calico v3.22.`, seen);
    return warn(
      `Kubernetes ${version.text} was not tested with Calico v3.22 (tested: v1.21–v1.23).`,
      seen,
      minor > 23 ? 'Use a Calico release tested with this Kubernetes version, or Kubernetes v1.21–v1.23.' : 'Upgrade Kubernetes to v1.21–v1.23 (kubeadm upgrade plan).',
    );
  },
};

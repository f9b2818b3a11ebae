import type { HostCheck } from '../types.js';
import { argsKnown, flagValue, kubeletOnHost, KUBELET_NEEDS } from '../lib/kubelet.js';
import { docUrl, evidence, fail, pass, unknown } from '../lib/verdict.js';

export const k8sPrivileged: HostCheck = {
  id: 'k8s.privileged',
  scope: 'host',
  needs: KUBELET_NEEDS,
  title: 'kubelet allows privileged containers',
  requirement: 'kubelet allows privileged containers (--allow-privileged, deprecated, or a pod security policy), so calico-node can run privileged.',
  section: 'Privileges',
  docUrl: docUrl('privileges'),
  evaluate(facts) {
    const onHost = kubeletOnHost(facts);
    if ('verdict' in onHost) return onHost.verdict;
    const { kubelet } = onHost;
    const seen = [onHost.evidence];
    if (!argsKnown(kubelet)) {
      return unknown('kubelet is not running and no kubelet arguments were found.', seen, 'Start kubelet, or check /var/lib/kubelet/kubeadm-flags.env and the kubelet unit drop-ins on the host.');
    }
    const allow = flagValue(kubelet.args, '--allow-privileged');
    seen.push(evidence(`--allow-privileged=${allow ?? '(not set)'}`, kubelet.argsSource ?? facts.kubelet.source));
    if (allow === 'false') {
      return fail(
        'kubelet runs with --allow-privileged=false: calico-node cannot run.',
        seen,
        'Remove --allow-privileged=false from the kubelet arguments (/var/lib/kubelet/kubeadm-flags.env or the unit drop-in), then: systemctl daemon-reload && systemctl restart kubelet. If a pod security policy applies, allow privileged pods in kube-system.',
      );
    }
    return pass(allow === undefined ? 'kubelet does not forbid privileged containers (no --allow-privileged=false).' : `kubelet runs with --allow-privileged=${allow}.`, seen);
  },
};

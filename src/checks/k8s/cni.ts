import type { HostCheck } from '../types.js';
import { argsKnown, flagValue, kubeMinor, kubeletOnHost, parseKubeVersion } from '../lib/kubelet.js';
import { docUrl, evidence, fail, pass, unknown } from '../lib/verdict.js';

const FIX =
  'Add --network-plugin=cni to KUBELET_KUBEADM_ARGS in /var/lib/kubelet/kubeadm-flags.env (or the kubelet unit drop-in), then: systemctl daemon-reload && systemctl restart kubelet';

export const k8sCni: HostCheck = {
  id: 'k8s.cni',
  scope: 'host',
  title: 'kubelet uses CNI',
  requirement: 'kubelet runs with --network-plugin=cni (kubeadm does this by default).',
  section: 'Kubernetes requirements',
  docUrl: docUrl('cni-plug-in-enabled'),
  evaluate(facts) {
    const onHost = kubeletOnHost(facts);
    if ('verdict' in onHost) return onHost.verdict;
    const { kubelet } = onHost;
    const seen = [onHost.evidence];
    const version = parseKubeVersion(kubelet.version);
    if (version && kubeMinor(version) >= 24) return pass(`Kubernetes ${version.text} always uses CNI (--network-plugin was removed in v1.24).`, seen);
    if (!argsKnown(kubelet)) {
      return unknown('kubelet is not running and no kubelet arguments were found.', seen, 'Start kubelet, or check /var/lib/kubelet/kubeadm-flags.env and the kubelet unit drop-ins on the host.');
    }
    const plugin = flagValue(kubelet.args, '--network-plugin');
    const runtime = flagValue(kubelet.args, '--container-runtime');
    seen.push(evidence(`--network-plugin=${plugin ?? '(not set)'}${runtime ? `, --container-runtime=${runtime}` : ''}`, kubelet.argsSource ?? facts.kubelet.source));
    if (plugin === 'cni') return pass('kubelet runs with --network-plugin=cni.', seen);
    // With a CRI runtime (containerd, CRI-O) the runtime does the CNI calls and the flag is unused.
    if (plugin === undefined && runtime === 'remote') return pass('kubelet uses a remote CRI runtime, which sets up pod networks with CNI.', seen);
    return fail(`kubelet runs with ${plugin === undefined ? 'no --network-plugin (dockershim then uses no CNI)' : `--network-plugin=${plugin}`}.`, seen, FIX);
  },
};

import type { Evidence } from '../../core/result.js';
import type { KubeletInfo } from '../../core/facts.js';
import type { HostCheck } from '../types.js';
import type { RequirementProfile } from '../profiles/index.js';
import { SEED_PROFILE } from '../lib/profile.js';
import { argsKnown, flagValue, kubeMinor, kubeletOnHost, parseKubeVersion, KUBELET_NEEDS } from '../lib/kubelet.js';
import { docUrl, evidence, fail, pass, unknown } from '../lib/verdict.js';

const FIX =
  'Add --network-plugin=cni to KUBELET_KUBEADM_ARGS in /var/lib/kubelet/kubeadm-flags.env (or the kubelet unit drop-in), then: systemctl daemon-reload && systemctl restart kubelet';

/** Dockershim's network flags, removed from kubelet in v1.24 (kubernetes/kubernetes#106907): kubelet then exits with "unknown flag". */
const REMOVED_IN_1_24 = ['--network-plugin', '--network-plugin-mtu', '--cni-bin-dir', '--cni-conf-dir', '--cni-cache-dir'];

/** Where each removed flag is still set: the running kubelet's arguments and every flag file. */
function staleFlags(kubelet: KubeletInfo): { flag: string; where: string }[] {
  const sources = [...(kubelet.running ? [{ path: kubelet.argsSource ?? 'the running kubelet', args: kubelet.args }] : []), ...(kubelet.flagFiles ?? [])];
  return sources.flatMap(({ path, args }) => REMOVED_IN_1_24.filter((flag) => flagValue(args, flag) !== undefined).map((flag) => ({ flag, where: path })));
}

function requirementFor(profile: RequirementProfile): string {
  const { kubeletFlag, confDir, binDir } = profile.cni.value;
  if (kubeletFlag) return `kubelet runs with ${kubeletFlag} (kubeadm does this by default).`;
  const dirs = confDir && binDir ? `, from the default CNI directories ${confDir} and ${binDir}` : '';
  return `Calico is installed as a CNI plugin of the container runtime${dirs}; kubelet uses CNI (its only mode from Kubernetes v1.24).`;
}

export const k8sCni: HostCheck = {
  id: 'k8s.cni',
  scope: 'host',
  needs: KUBELET_NEEDS,
  title: 'kubelet uses CNI',
  requirement: requirementFor(SEED_PROFILE),
  requirementFor,
  section: 'Kubernetes requirements',
  docUrl: docUrl('cni-plug-in-enabled'),
  notes:
    'Follows what kubeadm and kubelet do rather than the flag alone. A node where kubeadm init/join has not run yet ' +
    '(its unit drop-in reads /var/lib/kubelet/kubeadm-flags.env, which does not exist yet) passes: kubeadm v1.11 to v1.23 ' +
    'writes --network-plugin=cni there for Docker and --container-runtime=remote for containerd or CRI-O ' +
    '(cmd/kubeadm/app/phases/kubelet/flags.go, buildKubeletArgMapCommon), unless KUBELET_EXTRA_ARGS, which comes last on ' +
    'the command line, names another plugin. From v1.24 CNI is the only mode, but a --network-plugin or --cni-* flag left ' +
    'in a flag file fails: dockershim\'s flags were removed (kubernetes/kubernetes#106907) and kubelet exits with ' +
    '"unknown flag: --network-plugin". k3s runs its kubelet inside the k3s binary with containerd, which always uses CNI. ' +
    'From v3.28 the page names no kubelet flag (CNI belongs to the container runtime); the verdict is the same, since it ' +
    'follows what kubelet does. The runtime\'s CNI directories (containerd\'s or CRI-O\'s configuration) are not probed yet.',
  evaluate(facts) {
    const onHost = kubeletOnHost(facts);
    if ('verdict' in onHost) return onHost.verdict;
    const { kubelet } = onHost;
    const seen: Evidence[] = [onHost.evidence];
    if (kubelet.embeddedIn === 'k3s') return pass('k3s runs its kubelet with containerd, which sets up pod networks with CNI.', seen);
    const version = parseKubeVersion(kubelet.version);
    if (version && kubeMinor(version) >= 24) {
      const stale = staleFlags(kubelet);
      if (stale.length === 0) return pass(`Kubernetes ${version.text} always uses CNI (--network-plugin was removed in v1.24).`, seen);
      seen.push(...stale.map(({ flag, where }) => evidence(`${flag} is set`, where)));
      const flags = [...new Set(stale.map(({ flag }) => flag))];
      const files = [...new Set(stale.map(({ where }) => where))];
      return fail(
        `kubelet ${version.text} refuses to start with ${flags.join(', ')} ("unknown flag"): the flag was removed with dockershim in v1.24.`,
        seen,
        `Remove ${flags.join(', ')} from ${files.join(', ')} (containerd and CRI-O use CNI without it), then: systemctl daemon-reload && systemctl restart kubelet`,
      );
    }
    const plugin = flagValue(kubelet.args, '--network-plugin');
    const pendingKubeadm = !kubelet.running && kubelet.kubeadmFlags && !kubelet.kubeadmFlags.written ? kubelet.kubeadmFlags : undefined;
    if (pendingKubeadm && (plugin === undefined || plugin === 'cni')) {
      seen.push(evidence(`${pendingKubeadm.path} does not exist yet; --network-plugin=${plugin ?? '(not set)'} elsewhere`, kubelet.argsSource ?? facts.kubelet.source));
      return pass(
        `kubeadm init/join has not run yet: it writes --network-plugin=cni (Docker) or --container-runtime=remote (containerd, CRI-O) to ${pendingKubeadm.path}, so kubelet will use CNI.`,
        seen,
      );
    }
    if (!argsKnown(kubelet)) {
      return unknown('kubelet is not running and no kubelet arguments were found.', seen, 'Start kubelet, or check /var/lib/kubelet/kubeadm-flags.env and the kubelet unit drop-ins on the host.');
    }
    const runtime = flagValue(kubelet.args, '--container-runtime');
    seen.push(evidence(`--network-plugin=${plugin ?? '(not set)'}${runtime ? `, --container-runtime=${runtime}` : ''}`, kubelet.argsSource ?? facts.kubelet.source));
    if (plugin === 'cni') return pass('kubelet runs with --network-plugin=cni.', seen);
    // With a CRI runtime (containerd, CRI-O) the runtime does the CNI calls and the flag is unused.
    if (plugin === undefined && runtime === 'remote') return pass('kubelet uses a remote CRI runtime, which sets up pod networks with CNI.', seen);
    return fail(`kubelet runs with ${plugin === undefined ? 'no --network-plugin (dockershim then uses no CNI)' : `--network-plugin=${plugin}`}.`, seen, FIX);
  },
};

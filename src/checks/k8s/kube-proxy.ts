import type { Evidence } from '../../core/result.js';
import type { HostFacts } from '../../core/facts.js';
import type { HostCheck, Verdict } from '../types.js';
import type { KubeProxyMode, NftablesDataplane, RequirementProfile } from '../profiles/index.js';
import { atLeast, kernelRelease, KERNEL_RELEASE_NEEDS } from '../lib/kernel-version.js';
import { kubeletOnHost, parseKubeVersion, KUBELET_NEEDS, type KubeVersion } from '../lib/kubelet.js';
import { calicoRelease, profileOf, SEED_PROFILE } from '../lib/profile.js';
import { docUrl, evidence, fail, pass, unknown, unknownFromFact, warn } from '../lib/verdict.js';
import { andList, orList } from '../lib/words.js';
import { combineNeeds } from '../../core/probe-needs.js';

/** What each mode needs beyond a Kubernetes release, in the requirement text. */
const MODE_NEEDS: Record<KubeProxyMode['mode'], string> = {
  iptables: '',
  ipvs: 'the IPVS kernel modules',
  nftables: "Calico's nftables dataplane",
};

function requirementFor(profile: RequirementProfile): string {
  const modes = profile.kubeProxyModes.value;
  const names = modes.map((entry) => (entry.mode === 'iptables' ? 'iptables (default)' : entry.mode));
  const kernel = profile.dataplanes.nftables.value?.kernelMinimum;
  const needs = modes.flatMap((entry) => {
    if (entry.minimumKubernetes === null) return [];
    const parts = [`Kubernetes v${entry.minimumKubernetes} or later`, ...(entry.mode === 'nftables' && kernel ? [`kernel ${kernel} or later`] : []), MODE_NEEDS[entry.mode]];
    return [`${entry.mode} needs ${andList(parts.filter(Boolean))}`];
  });
  return `kube-proxy runs in ${orList(names)} mode${needs.length ? `; ${needs.join('; ')}` : ''}.`;
}

const olderThan = (version: KubeVersion, minimum: string) => !atLeast([version.major, version.minor, version.patch], minimum);

/** kube-proxy's nftables mode goes with Calico's nftables dataplane: its kernel floor, and a tech preview before v3.31. */
function nftablesVerdict(facts: HostFacts, dataplane: NftablesDataplane, profile: RequirementProfile, seen: Evidence[]): Verdict | null {
  const kernel = kernelRelease(facts);
  if (!kernel.ok || !kernel.parts) {
    return unknown(`kube-proxy uses nftables, but the kernel release is unknown (the nftables mode needs kernel ≥ ${dataplane.kernelMinimum}).`, seen, 'Make `uname -r` readable on the host.');
  }
  seen.push(kernel.evidence);
  if (!atLeast(kernel.parts, dataplane.kernelMinimum)) {
    return fail(
      `kube-proxy's nftables mode and ${calicoRelease(profile)}'s nftables dataplane need kernel ${dataplane.kernelMinimum} or later; this is ${kernel.release}.`,
      seen,
      `Use kube-proxy mode iptables or ipvs on this host, or move to a kernel ≥ ${dataplane.kernelMinimum}.`,
    );
  }
  if (dataplane.status === 'tech-preview') {
    return warn(
      `kube-proxy runs in nftables mode, which in ${calicoRelease(profile)} goes with Calico's nftables dataplane, a tech preview in this release.`,
      seen,
      'Use kube-proxy mode iptables or ipvs for production clusters, or a Calico release where the nftables dataplane is generally available (v3.31 or later).',
    );
  }
  return null;
}

export const k8sKubeProxy: HostCheck = {
  id: 'k8s.kube-proxy',
  scope: 'host',
  needs: combineNeeds(KUBELET_NEEDS, KERNEL_RELEASE_NEEDS, { facts: ['kubeProxy', 'interfaces'] }),
  title: 'kube-proxy mode',
  requirement: requirementFor(SEED_PROFILE),
  requirementFor,
  section: 'Kubernetes requirements',
  docUrl: docUrl('supported-kube-proxy-modes'),
  notes:
    'From v3.29 the page lists kube-proxy\'s nftables mode (Kubernetes v1.31 or later), which goes with Calico\'s nftables ' +
    'dataplane: "To use Calico in nftables mode, your cluster\'s kube-proxy must also be in nftables mode" (the nftables guide). ' +
    'Its kernel floor (5.13, the guide\'s and Kubernetes\' own) fails below; on v3.29 and v3.30, where that dataplane is a tech ' +
    'preview, the mode warns. The guide\'s nft ≥ 1.0.1 is not probed yet.',
  evaluate(facts, settings) {
    const onHost = kubeletOnHost(facts);
    if ('verdict' in onHost) return onHost.verdict;
    if (!facts.kubeProxy.ok) return unknownFromFact('the kube-proxy mode', facts.kubeProxy, 'Check `ps -ef | grep kube-proxy` and its config on the host.');
    const profile = profileOf(settings);
    const calico = calicoRelease(profile);
    const modes = profile.kubeProxyModes.value;
    const proxy = facts.kubeProxy.value;
    const ipvsInterface = facts.interfaces.ok && facts.interfaces.value.some((iface) => iface.name === 'kube-ipvs0');
    const seen: Evidence[] = [
      onHost.evidence,
      evidence(`kube-proxy ${proxy.running ? 'running' : 'not running'}, mode ${proxy.mode || '(default: iptables)'}`, facts.kubeProxy.source),
      evidence(`setting kube_proxy_mode=${settings.kubeProxyMode}`, 'audit settings'),
    ];
    if (ipvsInterface) seen.push(evidence('kube-ipvs0 interface present', facts.interfaces.ok ? facts.interfaces.source : ''));
    const observed = proxy.mode || (ipvsInterface ? 'ipvs' : proxy.running ? 'iptables' : null);
    const supported = orList(modes.map((entry) => entry.mode));
    if (observed && !modes.some((entry) => entry.mode === observed)) {
      return fail(`kube-proxy runs in ${observed} mode, which ${calico} does not support.`, seen, `Set mode: ${supported} in the kube-proxy configuration (kubectl -n kube-system edit configmap kube-proxy) and restart kube-proxy.`);
    }
    const mode = observed ?? settings.kubeProxyMode;
    const entry = modes.find((candidate) => candidate.mode === mode);
    if (!entry) {
      return fail(
        `The audit assumes kube-proxy mode ${mode} (kube_proxy_mode), which ${calico} does not support.`,
        seen,
        `Plan kube-proxy in ${supported} mode and re-run with --kube-proxy-mode, or audit against a Calico release that supports ${mode} (--calico-version).`,
      );
    }
    if (entry.minimumKubernetes !== null) {
      const version = parseKubeVersion(onHost.kubelet.version);
      const minimum = entry.minimumKubernetes;
      if (!version) return unknown(`kube-proxy uses ${mode} but the Kubernetes version is unknown (${mode} needs ≥ v${minimum}).`, seen, 'Run `kubelet --version` on the host.');
      if (version.major === 1 && olderThan(version, minimum)) {
        return fail(`${mode} mode needs Kubernetes v${minimum} or later; this is ${version.text}.`, seen, 'Upgrade Kubernetes, or use kube-proxy mode iptables.');
      }
    }
    const nftables = profile.dataplanes.nftables.value;
    const dataplane = mode === 'nftables' && nftables ? nftablesVerdict(facts, nftables, profile, seen) : null;
    if (dataplane) return dataplane;
    // The setting picks node.kernel-deps' modules; kube-proxy's nftables mode, which no setting names, proves nf_tables by running.
    if (observed && observed !== settings.kubeProxyMode && observed !== 'nftables') {
      return warn(`kube-proxy runs in ${observed} mode but the audit assumed ${settings.kubeProxyMode}.`, seen, `Re-run with --kube-proxy-mode ${observed} (or set kube_proxy_mode) so node.kernel-deps checks the right modules.`);
    }
    const kernelNote = mode === 'ipvs' ? '; node.kernel-deps checks the IPVS modules' : mode === 'nftables' ? `; ${calico} runs its nftables dataplane with it` : '';
    return pass(`kube-proxy mode ${mode}${observed ? '' : ' (from the settings; kube-proxy is not running yet)'} is supported${kernelNote}.`, seen);
  },
};

import type { Evidence } from '../../core/result.js';
import type { HostCheck } from '../types.js';
import { kubeletOnHost, parseKubeVersion, KUBELET_NEEDS } from '../lib/kubelet.js';
import { docUrl, evidence, fail, pass, unknown, unknownFromFact, warn } from '../lib/verdict.js';
import { combineNeeds } from '../../core/probe-needs.js';

const SUPPORTED = new Set(['iptables', 'ipvs']);

export const k8sKubeProxy: HostCheck = {
  id: 'k8s.kube-proxy',
  scope: 'host',
  needs: combineNeeds(KUBELET_NEEDS, { facts: ['kubeProxy', 'interfaces'] }),
  title: 'kube-proxy mode',
  requirement: 'kube-proxy runs in iptables (default) or ipvs mode; ipvs needs Kubernetes v1.9.3 or later and the IPVS kernel modules.',
  section: 'Kubernetes requirements',
  docUrl: docUrl('supported-kube-proxy-modes'),
  evaluate(facts, settings) {
    const onHost = kubeletOnHost(facts);
    if ('verdict' in onHost) return onHost.verdict;
    if (!facts.kubeProxy.ok) return unknownFromFact('the kube-proxy mode', facts.kubeProxy, 'Check `ps -ef | grep kube-proxy` and its config on the host.');
    const proxy = facts.kubeProxy.value;
    const ipvsInterface = facts.interfaces.ok && facts.interfaces.value.some((iface) => iface.name === 'kube-ipvs0');
    const seen: Evidence[] = [
      onHost.evidence,
      evidence(`kube-proxy ${proxy.running ? 'running' : 'not running'}, mode ${proxy.mode || '(default: iptables)'}`, facts.kubeProxy.source),
      evidence(`setting kube_proxy_mode=${settings.kubeProxyMode}`, 'audit settings'),
    ];
    if (ipvsInterface) seen.push(evidence('kube-ipvs0 interface present', facts.interfaces.ok ? facts.interfaces.source : ''));
    const observed = proxy.mode || (ipvsInterface ? 'ipvs' : proxy.running ? 'iptables' : null);
    if (observed && !SUPPORTED.has(observed)) {
      return fail(`kube-proxy runs in ${observed} mode, which Calico does not support.`, seen, 'Set mode: iptables (or ipvs) in the kube-proxy configuration (kubectl -n kube-system edit configmap kube-proxy) and restart kube-proxy.');
    }
    const mode = observed ?? settings.kubeProxyMode;
    if (mode === 'ipvs') {
      const version = parseKubeVersion(onHost.kubelet.version);
      if (!version) return unknown('kube-proxy uses ipvs but the Kubernetes version is unknown (ipvs needs ≥ v1.9.3).', seen, 'Run `kubelet --version` on the host.');
      if (version.major === 1 && (version.minor < 9 || (version.minor === 9 && version.patch < 3))) {
        return fail(`ipvs mode needs Kubernetes v1.9.3 or later; this is ${version.text}.`, seen, 'Upgrade Kubernetes, or use kube-proxy mode iptables.');
      }
    }
    if (observed && observed !== settings.kubeProxyMode) {
      return warn(`kube-proxy runs in ${observed} mode but the audit assumed ${settings.kubeProxyMode}.`, seen, `Re-run with --kube-proxy-mode ${observed} (or set kube_proxy_mode) so node.kernel-deps checks the right modules.`);
    }
    return pass(`kube-proxy mode ${mode}${observed ? '' : ' (from the settings; kube-proxy is not running yet)'} is supported${mode === 'ipvs' ? '; node.kernel-deps checks the IPVS modules' : ''}.`, seen);
  },
};

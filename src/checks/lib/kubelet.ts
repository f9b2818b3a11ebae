/**
 * Kubernetes checks that need Kubernetes on the host apply only where a kubelet is installed
 * (kubectl alone is a client, not a node). `kubeletOnHost` turns that into a verdict or the
 * kubelet's facts.
 */
import type { Evidence } from '../../core/result.js';
import type { HostFacts, KubeletInfo } from '../../core/facts.js';
import type { Verdict } from '../types.js';
import { evidence, skip, unknownFromFact } from './verdict.js';
import type { ProbeNeeds } from '../../core/probe-needs.js';

export type KubeletOnHost = { verdict: Verdict } | { kubelet: KubeletInfo; evidence: Evidence };

export function kubeletOnHost(facts: HostFacts): KubeletOnHost {
  const fact = facts.kubelet;
  if (!fact.ok) {
    return { verdict: unknownFromFact('whether kubelet is installed', fact, 'Install `kubelet` on the PATH or check the probe output for errors.') };
  }
  if (!fact.value.installed) {
    return { verdict: skip('No kubelet is installed on this host: not a Kubernetes node yet.', [evidence('kubelet not found', fact.source)]) };
  }
  const kubelet = fact.value;
  const what = kubelet.embeddedIn ? `kubelet inside ${kubelet.embeddedIn}` : 'kubelet';
  const how = kubelet.foundBy ? ` (found through ${kubelet.foundBy})` : '';
  return { kubelet, evidence: evidence(`${what} ${kubelet.version ?? '(version unknown)'} at ${kubelet.path ?? 'PATH'}${how}${kubelet.running ? ', running' : ', not running'}`, fact.source) };
}

export interface KubeVersion {
  major: number;
  minor: number;
  patch: number;
  text: string;
}

/** "v1.23.4", "Kubernetes v1.23.4", "v1.22.0-rc.1+k3s1". */
export function parseKubeVersion(text: string | null): KubeVersion | null {
  const match = text ? /v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text) : null;
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0), text: `v${match[1]}.${match[2]}.${match[3] ?? 0}` };
}

/** Minor version of Kubernetes 1.x; majors other than 1 do not exist yet and count as newer. */
export function kubeMinor(version: KubeVersion): number {
  return version.major === 1 ? version.minor : Number.POSITIVE_INFINITY;
}

export { flagValue } from '../../core/flags.js';

/** Where kubelet's arguments came from, when any were found at all. */
export function argsKnown(kubelet: KubeletInfo): boolean {
  return kubelet.args.length > 0 || Boolean(kubelet.argsSource);
}

/** What kubeletOnHost reads. */
export const KUBELET_NEEDS: ProbeNeeds = { facts: ['kubelet'] };

/**
 * kube-proxy settings from its arguments, else its KubeProxyConfiguration file (YAML): the
 * mode (`--proxy-mode=ipvs`, `mode:`; an empty mode means the default, iptables) and the pod
 * range it was told (`--cluster-cidr`, `clusterCIDR:`).
 */
import { parse } from 'yaml';
import { flagValue } from '../../core/flags.js';

export function modeFromArgs(args: string[]): string | null {
  return flagValue(args, '--proxy-mode') || null;
}

export function clusterCidrFromArgs(args: string[]): string | null {
  return flagValue(args, '--cluster-cidr') || null;
}

function configDocument(text: string): Record<string, unknown> | null {
  try {
    const doc = parse(text) as unknown;
    return doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function modeFromConfig(text: string): string | null {
  const mode = configDocument(text)?.mode;
  return typeof mode === 'string' ? mode || 'iptables' : null;
}

export function clusterCidrFromConfig(text: string): string | null {
  const cidr = configDocument(text)?.clusterCIDR;
  return typeof cidr === 'string' && cidr !== '' ? cidr : null;
}

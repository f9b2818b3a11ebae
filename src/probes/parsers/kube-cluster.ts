/**
 * What a host's Kubernetes configuration files say about the cluster: the controller-manager's
 * --cluster-cidr in kubeadm's static pod manifest (a Pod: spec.containers[].command/args),
 * kubeadm's `podSubnet:` and a kubeconfig's `server:` (only those lines travel, see
 * KEY_LINE_FILES).
 */
import { parse } from 'yaml';
import { flagValue } from '../../core/flags.js';

interface Container {
  command?: unknown;
  args?: unknown;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The --cluster-cidr of a static pod manifest's containers, or null (none set, or no Pod YAML). */
export function clusterCidrFromManifest(text: string): string | null {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return null;
  }
  const containers = (doc as { spec?: { containers?: unknown } } | null)?.spec?.containers;
  if (!Array.isArray(containers)) return null;
  for (const container of containers as Container[]) {
    const value = flagValue([...strings(container?.command), ...strings(container?.args)], '--cluster-cidr');
    if (value) return value;
  }
  return null;
}

/** The value of the first `KEY: value` line (quotes dropped), e.g. `  podSubnet: 10.233.64.0/18`. */
export function keyValue(lines: string, key: string): string | null {
  for (const line of lines.split('\n')) {
    const match = new RegExp(`^\\s*${key}:\\s*["']?([^"'#\\s]+)`).exec(line);
    if (match) return match[1]!;
  }
  return null;
}

/** Every `server:` URL of a kubeconfig's lines. */
export function kubeconfigServers(lines: string): string[] {
  return lines
    .split('\n')
    .map((line) => /^\s*server:\s*["']?([^"'\s]+)/.exec(line)?.[1])
    .filter((server): server is string => server !== undefined);
}

/**
 * kube-proxy mode: `--proxy-mode=ipvs` in its arguments, else `mode:` in its
 * KubeProxyConfiguration file (YAML; an empty mode means the default, iptables).
 */
import { parse } from 'yaml';

export function modeFromArgs(args: string[]): string | null {
  for (const [i, arg] of args.entries()) {
    if (arg.startsWith('--proxy-mode=')) return arg.slice('--proxy-mode='.length) || null;
    if (arg === '--proxy-mode') return args[i + 1] ?? null;
  }
  return null;
}

export function modeFromConfig(text: string): string | null {
  try {
    const doc = parse(text) as { mode?: unknown } | null;
    return typeof doc?.mode === 'string' ? doc.mode || 'iptables' : null;
  } catch {
    return null;
  }
}

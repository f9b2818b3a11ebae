/**
 * What a check needs probed, declared on the check itself: the facts it reads, and the items
 * it looks up in the generic facts (a sysctl, a systemd unit, a kernel module or config
 * symbol). The probe is asked for the union over the checks of a run
 * (src/probes/request.ts), so a new check that reads existing facts only declares them.
 */
import type { HostFacts } from './facts.js';

export type FactName = keyof HostFacts;

export interface ProbeNeeds {
  facts: readonly FactName[];
  /** Keys it reads from the sysctl fact, dotted: `net.ipv4.conf.all.rp_filter`. */
  sysctls?: readonly string[];
  /** systemd units it reads from the services fact, without `.service`. */
  units?: readonly string[];
  /** Kernel modules (as /proc/modules names them) it looks for in the kernel fact. */
  kernelModules?: readonly string[];
  /** Kernel config symbols (`CONFIG_X`) it looks for in the kernel fact. */
  kernelConfig?: readonly string[];
}

/** Several needs as one (a check that also uses a shared helper's facts). */
export function combineNeeds(...parts: ProbeNeeds[]): ProbeNeeds {
  const all = <K extends keyof ProbeNeeds>(key: K) => [...new Set(parts.flatMap((part) => part[key] ?? []))];
  const combined: ProbeNeeds = { facts: all('facts') as FactName[] };
  for (const key of ['sysctls', 'units', 'kernelModules', 'kernelConfig'] as const) {
    const items = all(key) as string[];
    if (items.length > 0) combined[key] = items;
  }
  return combined;
}

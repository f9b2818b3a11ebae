/**
 * What one run asks the probe script to look at, derived from the needs its checks declare:
 * the union of the facts' sources (fact-sources.ts) and of the generic items the checks name.
 * A check that is skipped asks for nothing, so `--skip` also saves the host the work.
 */
import type { ProbeNeeds } from '../core/probe-needs.js';
import { FACT_SOURCES } from './fact-sources.js';
import { KEY_LINE_FILES, UNIT_DAEMONS } from './lists.js';

export interface ProbeRequest {
  files: string[];
  rootFiles: string[];
  units: string[];
  processes: string[];
  /** /proc/sys paths (`net/ipv4/conf/all/rp_filter`). */
  sysctls: string[];
  kernelModules: string[];
  kernelConfig: string[];
  kubeletPaths: string[];
  keyLines: (typeof KEY_LINE_FILES)[number][];
}

/** The items of every list, each once, in the order first named. */
function union<T>(lists: Iterable<readonly T[] | undefined>): T[] {
  const seen = new Set<T>();
  for (const list of lists) for (const item of list ?? []) seen.add(item);
  return [...seen];
}

export function probeRequestFor(needs: readonly ProbeNeeds[]): ProbeRequest {
  const sources = union(needs.map((need) => need.facts)).map((fact) => FACT_SOURCES[fact] ?? {});
  const units = union(needs.map((need) => need.units));
  return {
    files: union(sources.map((source) => source.files)),
    rootFiles: union(sources.map((source) => source.rootFiles)),
    units,
    processes: union([...sources.map((source) => source.processes), ...units.map((unit) => UNIT_DAEMONS[unit])]),
    sysctls: union(needs.map((need) => need.sysctls)).map((key) => key.replaceAll('.', '/')),
    kernelModules: union(needs.map((need) => need.kernelModules)),
    kernelConfig: union([...sources.map((source) => source.kernelConfig), ...needs.map((need) => need.kernelConfig)]),
    kubeletPaths: union(sources.map((source) => source.kubeletPaths)),
    keyLines: union(sources.map((source) => source.keyLines)),
  };
}

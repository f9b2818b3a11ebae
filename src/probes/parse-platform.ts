/** The machine itself: its CPUs, and the public cloud its firmware names. */
import type { Fact, Platform } from '../core/facts.js';
import { found, missing } from './fact.js';
import type { ProbeOutput } from './probe-output.js';
import { cloudFromDmi, cpuCount } from './parsers/platform.js';
import { CPU_LIST, PLATFORM_FILES } from './lists.js';


export function parseOnlineCpus(out: ProbeOutput): Fact<number> {
  const text = out.file(CPU_LIST);
  const count = text !== undefined ? cpuCount(text) : null;
  return count !== null ? found(count, CPU_LIST) : missing(CPU_LIST, out.absent(`${CPU_LIST} was not readable`));
}

export function parsePlatform(out: ProbeOutput): Fact<Platform> {
  if (!out.complete) return missing('/sys/class/dmi/id', out.absent('the DMI files were not read'));
  const fields: Record<string, string> = {};
  for (const path of PLATFORM_FILES) {
    const value = out.file(path)?.trim();
    if (value) fields[path.split('/').pop()!] = value;
  }
  return found({ cloud: cloudFromDmi(fields), fields }, Object.keys(fields).length ? '/sys/class/dmi/id/*; /sys/hypervisor/uuid' : '/sys/class/dmi/id (absent: no DMI on this machine)');
}

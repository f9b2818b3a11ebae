/**
 * The probe's process list: "/proc/PID COMM" for the daemons of interest, first line
 * "1 COMM" for PID 1. When /proc hides other users' processes (hidepid), PID 1 is not
 * readable and the list cannot prove that a daemon is absent.
 */
export interface ProcessList {
  init: string | null;
  processes: { pid: number; comm: string }[];
}

export function parseProcessList(text: string): ProcessList {
  const list: ProcessList = { init: null, processes: [] };
  for (const line of text.split('\n')) {
    const m = /^(?:\/proc\/)?(\d+) (.*)$/.exec(line);
    if (!m) continue;
    if (line.startsWith('1 ')) list.init = m[2]!.trim() || null;
    else list.processes.push({ pid: Number(m[1]), comm: m[2]! });
  }
  return list;
}

/** The probe's unit-file listing: "unit NAME PATH", "enabled NAME PATH", "initd NAME PATH". */
export function parseUnitFiles(text: string): { units: Set<string>; initScripts: Set<string>; enabled: Set<string>; systemdBooted: boolean } {
  const units = new Set<string>();
  const initScripts = new Set<string>();
  const enabled = new Set<string>();
  for (const line of text.split('\n')) {
    const [kind, name] = line.split(' ');
    if (!name) continue;
    if (kind === 'unit' || kind === 'initd') units.add(name);
    if (kind === 'initd') initScripts.add(name);
    if (kind === 'enabled') enabled.add(name);
  }
  return { units, initScripts, enabled, systemdBooted: /^systemd-booted$/m.test(text) };
}

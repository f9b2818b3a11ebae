/**
 * CPU accounting for a group of processes through a cgroup (v1 `cpuacct` or v2 `cpu.stat`):
 * every process forked by a member after it joined is counted too, so moving the fleet's
 * listener into a group counts every sshd, shell and probe process of every session.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const V1_ROOT = '/sys/fs/cgroup/cpuacct';
const V2_ROOT = '/sys/fs/cgroup';

export interface CpuGroup {
  dir: string;
  join(pid: number): void;
  /** CPU seconds used by members since the group was made. */
  cpuSeconds(): number;
  remove(): Promise<void>;
}

function v2Available(): boolean {
  return existsSync(path.join(V2_ROOT, 'cgroup.controllers'));
}

function readUsageSeconds(dir: string, v1: boolean): number {
  if (v1) return Number(readFileSync(path.join(dir, 'cpuacct.usage'), 'utf8').trim()) / 1e9;
  const line = readFileSync(path.join(dir, 'cpu.stat'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('usage_usec '));
  return Number(line?.split(' ')[1] ?? 0) / 1e6;
}

/**
 * Groups named `PREFIX-PID-…` whose process is gone: a benchmark stopped by Ctrl-C dies
 * through the fleet's signal hook, past every `finally`, so the next run removes them.
 */
function removeOrphans(root: string, prefix: string): void {
  for (const entry of readdirSync(root)) {
    const pid = new RegExp(`^${prefix}-(\\d+)-`).exec(entry)?.[1];
    if (pid === undefined || existsSync(`/proc/${pid}`)) continue;
    try {
      rmdirSync(path.join(root, entry));
    } catch {
      // Still has members (processes of that fleet not reaped yet): left for a later run.
    }
  }
}

/** A fresh group `PREFIX-PID-SUFFIX`, or why this machine offers none (no writable cgroup hierarchy). */
export function createCpuGroup(prefix: string, suffix: string): CpuGroup | { unavailable: string } {
  const v1 = existsSync(path.join(V1_ROOT, 'cpuacct.usage'));
  if (!v1 && !v2Available()) return { unavailable: 'no cgroup cpuacct (v1) or cpu.stat (v2) hierarchy' };
  const root = v1 ? V1_ROOT : V2_ROOT;
  removeOrphans(root, prefix);
  const dir = path.join(root, `${prefix}-${process.pid}-${suffix}`);
  try {
    mkdirSync(dir);
  } catch (error) {
    return { unavailable: `cannot create cgroup ${dir}: ${(error as Error).message}` };
  }
  return {
    dir,
    join(pid) {
      writeFileSync(path.join(dir, 'cgroup.procs'), `${pid}\n`);
    },
    cpuSeconds: () => readUsageSeconds(dir, v1),
    async remove() {
      // Members left over (killed fleet processes take a moment) go back to the parent first.
      const parent = path.dirname(dir);
      for (let attempt = 0; attempt < 20; attempt++) {
        const pids = readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean);
        for (const pid of pids) {
          try {
            writeFileSync(path.join(parent, 'cgroup.procs'), `${pid}\n`);
          } catch {
            // Already exited.
          }
        }
        try {
          rmdirSync(dir);
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    },
  };
}

/** The processes whose command line contains `marker` (e.g. a file only one process was given). */
export function pidsWithArgument(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'latin1').split('\0').some((arg) => arg.includes(marker))) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

/** Busy CPU seconds of the whole machine so far (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  const busy = [0, 1, 2, 5, 6, 7].reduce((sum, i) => sum + (fields[i] ?? 0), 0);
  return busy / 100;
}

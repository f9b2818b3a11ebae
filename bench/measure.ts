/**
 * One timed run of one tool on the fleet. The tool runs under GNU time (user+sys CPU and
 * peak RSS of the tool's process tree as its parents reaped it: for the audit that is the
 * one node process); the fleet's cgroup gives what the hosts spent meanwhile (sshd, shells,
 * probes), and /proc/stat what everything else on the machine took (the noise).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { machineBusySeconds, type CpuGroup } from './cpu-group.js';
import type { Outcome, RunContext, Tool } from './tools.js';

export const GNU_TIME = '/usr/bin/time';

export interface Measurement {
  tool: string;
  label: string;
  hosts: number;
  forks: number;
  run: number;
  wallS: number;
  /** user+sys seconds of the tool's processes. */
  clientCpuS: number;
  maxRssKb: number;
  /** CPU seconds of every fleet process during the run; undefined without cgroups. */
  hostCpuS?: number;
  /** Mean cores busy with everything else on the machine during the run (noise). */
  othersCores?: number;
  ok: number;
  /** The commonest reasons hosts failed (empty when all were ok). */
  failures: string[];
  exitCode: number | null;
}

export function assertGnuTime(): void {
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is missing: apt-get install time`);
}

function runToCompletion(argv: string[], ctx: RunContext, env: Record<string, string> | undefined): Promise<number | null> {
  const out = openSync(path.join(ctx.workDir, 'stdout'), 'w');
  const err = openSync(path.join(ctx.workDir, 'stderr'), 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] as string, argv.slice(1), {
      cwd: ctx.workDir,
      env: { ...process.env, ...env },
      stdio: ['ignore', out, err],
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  }).finally(() => {
    closeSync(out);
    closeSync(err);
  }) as Promise<number | null>;
}

export async function measure(tool: Tool, ctx: RunContext, run: number, hostGroup: CpuGroup | undefined): Promise<Measurement> {
  const invocation = tool.invocation(ctx);
  const timeFile = path.join(ctx.workDir, 'time');
  const argv = [GNU_TIME, '-f', '%U %S %M', '-o', timeFile, ...invocation.argv];
  const hostBefore = hostGroup?.cpuSeconds();
  const busyBefore = machineBusySeconds();
  const started = performance.now();
  const exitCode = await runToCompletion(argv, ctx, invocation.env);
  const wallS = (performance.now() - started) / 1000;
  const busy = machineBusySeconds() - busyBefore;
  const hostCpuS = hostGroup && hostBefore !== undefined ? hostGroup.cpuSeconds() - hostBefore : undefined;

  const stdout = readFileSync(path.join(ctx.workDir, 'stdout'), 'utf8');
  // GNU time prefixes "Command exited with non-zero status N" when the tool fails.
  const timeLine = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
  const [user, sys, rss] = timeLine.split(' ').map(Number);
  const outside = { wallS, cpuS: (user ?? NaN) + (sys ?? NaN), maxRssKb: rss ?? NaN };
  const self = tool.selfReport?.(stdout);
  const measured = self ?? outside;
  let outcome: Outcome;
  try {
    outcome = tool.outcome(stdout, ctx);
  } catch (error) {
    const stderr = readFileSync(path.join(ctx.workDir, 'stderr'), 'utf8').trim().split('\n').slice(-3).join(' / ');
    outcome = { ok: 0, failures: [`no result (${(error as Error).message}); exit ${exitCode}; stderr: ${stderr}`] };
  }
  const result: Measurement = {
    tool: tool.id,
    label: tool.label,
    hosts: ctx.fleet.hosts.length,
    forks: ctx.forks,
    run,
    wallS: measured.wallS,
    clientCpuS: measured.cpuS,
    maxRssKb: measured.maxRssKb,
    ok: outcome.ok,
    failures: outcome.failures,
    exitCode,
  };
  if (hostCpuS !== undefined) {
    result.hostCpuS = hostCpuS;
    result.othersCores = Math.max(0, busy - hostCpuS - outside.cpuS) / outside.wallS;
  }
  return result;
}

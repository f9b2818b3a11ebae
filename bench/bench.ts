/**
 * `npm run bench [-- N] [--sizes 200,1000] [--forks F] [--runs R] [--tools a,b] [--latency MS] [--json]`
 *
 * Starts a loopback fleet of N real sshd hosts per size (test/fleet), then measures, in
 * alternating order and R times each, the built calico-preflight audit, the same probe
 * script through parallel-ssh and `ansible -m raw`, the 8-tool bundle through parallel-ssh,
 * and the floors (`true` through our client and through parallel-ssh); from 1,000 hosts on
 * only --large-tools, --large-runs times. Then, with every host behind a relay that delays
 * each direction by --latency ms, the audit, parallel-ssh and Ansible once each, counting
 * round trips. Prints medians, the latency table and the targets; --json prints
 * everything as JSON on stdout instead.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { startFleet, type Fleet } from '../test/fleet/index.js';
import { createCpuGroup, pidsWithArgument, type CpuGroup } from './cpu-group.js';
import { renderCostByStep } from './cpu-profile.js';
import { assertBuilt } from './dist.js';
import { assertGnuTime, measure, type Measurement } from './measure.js';
import { probeCommandFor } from './probe-command.js';
import { evaluateTargets, renderHostProfile, renderTable, renderTargets, summarize } from './summary.js';
import { availableTools, TOOL_IDS, type Tool, type ToolId } from './tools.js';
import { LATENCY_TOOLS, relayFleet, renderLatencyTable, summarizeLatency, type LatencyMeasurement } from './latency.js';

const argv = yargs(hideBin(process.argv))
  .usage('$0 [hosts]')
  .option('sizes', { type: 'string', describe: 'Comma-separated fleet sizes, e.g. 100,200,500,1000 (overrides [hosts]) [default: 200,1000]' })
  .option('forks', { type: 'number', describe: 'Parallelism for every tool [default: the fleet size]' })
  .option('runs', { type: 'number', default: 3, describe: 'Runs per tool and size (median reported)' })
  .option('tools', { type: 'string', default: TOOL_IDS.join(','), describe: `Comma-separated subset of ${TOOL_IDS.join(', ')}` })
  .option('large-from', { type: 'number', default: 1000, describe: 'Fleet size from which --large-tools and --large-runs apply' })
  .option('large-tools', { type: 'string', default: 'calico-preflight', describe: 'Tools at large fleet sizes' })
  .option('large-runs', { type: 'number', default: 1, describe: 'Runs per tool at large fleet sizes' })
  .option('latency', { type: 'number', default: 25, describe: 'One-way delay (ms) of the relays for the latency table; 0: no latency runs' })
  .option('host-profile', { type: 'boolean', default: false, describe: 'Also price each part of the probe script on the hosts (adds ~10 runs per size)' })
  .option('cpu-prof', { type: 'string', describe: 'Directory for node --cpu-prof profiles of the audit runs; each run\'s CPU by step is printed' })
  .option('audit-node-flags', { type: 'string', describe: 'Extra node flags for the audit, e.g. "--max-old-space-size=256"' })
  .option('json', { type: 'boolean', default: false, describe: 'JSON on stdout (progress stays on stderr)' })
  .strictOptions()
  .parseSync();

function parseSizes(): number[] {
  const text = argv.sizes ?? (argv._[0] === undefined ? '200,1000' : String(argv._[0]));
  const sizes = text.split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`fleet sizes must be whole numbers: ${text}`);
  return sizes;
}

function parseTools(list: string): ToolId[] {
  const ids = list.split(',').map((s) => s.trim()) as ToolId[];
  const unknown = ids.filter((id) => !TOOL_IDS.includes(id));
  if (unknown.length > 0) throw new Error(`unknown tools: ${unknown.join(', ')} (known: ${TOOL_IDS.join(', ')})`);
  return ids;
}

function checkCounts(): void {
  if (argv.forks !== undefined && !(Number.isInteger(argv.forks) && argv.forks >= 1)) throw new Error('--forks must be a whole number of at least 1');
  if (!(Number.isInteger(argv.runs) && argv.runs >= 0)) throw new Error('--runs must be a whole number (0: only --host-profile)');
  if (!(Number.isInteger(argv['large-runs']) && argv['large-runs'] >= 0)) throw new Error('--large-runs must be a whole number');
  if (!(argv.latency >= 0)) throw new Error('--latency must be a number of milliseconds (0: none)');
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** The fleet's listener joins the group; every sshd it starts from now on is counted. */
function accountFleet(fleet: Fleet, group: CpuGroup): void {
  const pids = pidsWithArgument(path.join(fleet.dir, 'listeners.json'));
  if (pids.length === 0) throw new Error('cannot find the fleet listener process');
  for (const pid of pids) group.join(pid);
}

/** Rotates the order every round so no tool always runs right after the same other one. */
function roundOrder(tools: Tool[], round: number): Tool[] {
  const shift = round % tools.length;
  return [...tools.slice(shift), ...tools.slice(0, shift)];
}

interface SizeResults {
  measurements: Measurement[];
  latency: LatencyMeasurement[];
}

async function benchSize(hosts: number, tools: Tool[], runs: number, latencyTools: Tool[], scratch: string): Promise<SizeResults> {
  const profileParts = argv['host-profile'] ? (await import('./host-profile.js')).hostProfileTools() : [];
  const forks = argv.forks ?? hosts;
  const startedAt = performance.now();
  const fleet = await startFleet({ count: hosts, logLevel: 'ERROR' });
  const group = createCpuGroup('calico-bench', String(hosts));
  const hostGroup = 'unavailable' in group ? undefined : group;
  if ('unavailable' in group) log(`host-side CPU not measured: ${group.unavailable}`);
  const measurements: Measurement[] = [];
  const latency: LatencyMeasurement[] = [];
  try {
    if (hostGroup) accountFleet(fleet, hostGroup);
    log(`N=${hosts}: fleet up in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
    const hostsFile = path.join(scratch, `hosts-${hosts}`);
    writeFileSync(hostsFile, fleet.hosts.map((h) => `${h.address}:${h.port}\n`).join(''));
    const probeCommand = await probeCommandFor(fleet.inventory);
    const auditNodeFlags = [
      ...(argv['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(argv['cpu-prof'])}`] : []),
      ...(argv['audit-node-flags']?.split(/\s+/).filter(Boolean) ?? []),
    ];
    const profileDir = argv['cpu-prof'] ? path.resolve(argv['cpu-prof']) : undefined;
    const profiles = (): Set<string> => new Set(profileDir && existsSync(profileDir) ? readdirSync(profileDir) : []);
    const once = async (tool: Tool, run: number): Promise<void> => {
      const workDir = mkdtempSync(path.join(scratch, 'run-'));
      const profilesBefore = profiles();
      const m = await measure(tool, { fleet, forks, workDir, probeCommand, hostsFile, auditNodeFlags }, run, hostGroup);
      for (const file of profiles()) if (!profilesBefore.has(file)) log(renderCostByStep(path.join(profileDir!, file), hosts));
      rmSync(workDir, { recursive: true, force: true });
      measurements.push(m);
      const perHost = (seconds: number | undefined): string => (seconds === undefined ? 'n/a' : ((seconds * 1000) / hosts).toFixed(1));
      log(
        `N=${hosts} run ${run} ${tool.label.padEnd(34)} ${m.wallS.toFixed(1).padStart(6)} s  ok ${m.ok}/${hosts}  ` +
          `client ${perHost(m.clientCpuS)} ms/host  host ${perHost(m.hostCpuS)} ms/host  others ${m.othersCores?.toFixed(1) ?? 'n/a'} cores`,
      );
      for (const failure of m.failures) log(`    failed: ${failure}`);
    };
    for (let run = 1; run <= runs; run++) {
      for (const tool of roundOrder(tools, run - 1)) await once(tool, run);
    }
    for (const part of profileParts) await once(part, 1);
    if (latencyTools.length > 0) {
      const relayed = await relayFleet(fleet, argv.latency, scratch);
      try {
        const relayedProbe = await probeCommandFor(relayed.fleet.inventory);
        for (const tool of latencyTools) {
          const workDir = mkdtempSync(path.join(scratch, 'latency-'));
          relayed.relays.takeSessions();
          const context = { fleet: relayed.fleet, forks, workDir, probeCommand: relayedProbe, hostsFile: relayed.hostsFile, auditNodeFlags };
          const m = await measure(tool, context, 1, hostGroup);
          // The last sessions close just after the tool exits.
          await new Promise((resolve) => setTimeout(resolve, 4 * argv.latency + 200));
          const sessions = relayed.relays.takeSessions();
          rmSync(workDir, { recursive: true, force: true });
          latency.push({ ...m, delayMs: argv.latency, sessions });
          const rts = sessions.map((session) => session.roundTrips).sort((a, b) => a - b);
          log(
            `N=${hosts} latency ${argv.latency} ms ${tool.label.padEnd(34)} ${m.wallS.toFixed(1).padStart(6)} s  ok ${m.ok}/${hosts}  ` +
              `round trips ${rts[0] ?? '?'}–${rts[rts.length - 1] ?? '?'} over ${sessions.length} sessions`,
          );
          for (const failure of m.failures) log(`    failed: ${failure}`);
        }
      } finally {
        await relayed.relays.close();
      }
    }
  } finally {
    await fleet.stop();
    await hostGroup?.remove();
  }
  return { measurements, latency };
}

const SCRATCH_PREFIX = 'calico-bench-';

/** Scratch dirs of runs that died by a signal (past every finally), named after their PID. */
function removeOrphanScratch(): void {
  for (const entry of readdirSync(os.tmpdir())) {
    const pid = new RegExp(`^${SCRATCH_PREFIX}(\\d+)-`).exec(entry)?.[1];
    if (pid !== undefined && !existsSync(`/proc/${pid}`)) rmSync(path.join(os.tmpdir(), entry), { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  assertBuilt();
  assertGnuTime();
  if (process.getuid?.() !== 0) throw new Error('the benchmark fleet needs root (it runs sshd)');
  checkCounts();
  const sizes = parseSizes();
  const { tools, missing } = availableTools(parseTools(argv.tools));
  const large = availableTools(parseTools(argv['large-tools']));
  const latencyTools = argv.latency > 0 ? availableTools(LATENCY_TOOLS) : { tools: [], missing: [] };
  const skipped = [...new Set([...missing, ...large.missing, ...latencyTools.missing])];
  skipped.forEach(log);
  removeOrphanScratch();
  const scratch = mkdtempSync(path.join(os.tmpdir(), `${SCRATCH_PREFIX}${process.pid}-`));
  const measurements: Measurement[] = [];
  const latency: LatencyMeasurement[] = [];
  try {
    for (const hosts of sizes) {
      const isLarge = hosts >= argv['large-from'];
      const results = await benchSize(hosts, isLarge ? large.tools : tools, isLarge ? argv['large-runs'] : argv.runs, latencyTools.tools, scratch);
      measurements.push(...results.measurements);
      latency.push(...results.latency);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const summaries = summarize(measurements);
  const latencySummaries = summarizeLatency(latency);
  const targets = evaluateTargets(summaries, latencySummaries);
  const machine = { cores: os.cpus().length, loadAverage: os.loadavg(), node: process.version, kernel: os.release() };
  if (argv.json) {
    process.stdout.write(`${JSON.stringify({ machine, skipped, summaries, latency: latencySummaries, targets, measurements, latencyMeasurements: latency }, null, 2)}\n`);
  } else {
    process.stdout.write(`\n${renderTable(summaries)}\n${renderLatencyTable(latencySummaries)}\n${renderTargets(targets)}\n${renderHostProfile(summaries)}`);
  }
}

main().catch((error: unknown) => {
  log(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
});

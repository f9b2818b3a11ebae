/**
 * The floor: `true` (or COMMAND) on every host through OUR client (the built runner and
 * transport, planned from the inventory as `audit` does), at the given parallelism. Run as
 *   node --import tsx bench/floor.ts INVENTORY KNOWN_HOSTS FORKS [COMMAND]
 * Prints one JSON line: hosts ok, wall and CPU measured inside the process from before
 * planning to after the last host, so loading tsx is not counted (that favours the floor).
 */
import { loadDist, type Inventory, type Plan, type Runner, type Transport } from './dist.js';
import { topReasons } from './tools.js';

const [inventoryFile, knownHostsFile, forksText, command = 'true'] = process.argv.slice(2);
if (!inventoryFile || !knownHostsFile || !forksText) throw new Error('usage: floor.ts INVENTORY KNOWN_HOSTS FORKS');

const { loadInventory } = await loadDist<Inventory>('inventory/index.js');
const { planTargets } = await loadDist<Plan>('audit/plan.js');
const { runAudit } = await loadDist<Runner>('runner/index.js');
const { createConnector } = await loadDist<Transport>('transport/index.js');

const started = performance.now();
const cpuBefore = process.cpuUsage();
const targets = planTargets({ inventory: loadInventory([inventoryFile]), connection: {}, settings: {} });
const hosts = await runAudit(targets, {
  connector: createConnector({ knownHostsFile }),
  forks: Number(forksText),
  buildCommand: () => command,
});
const cpu = process.cpuUsage(cpuBefore);
// `true` prints no probe sections, so the runner calls these hosts errors; what counts here
// is that the command ran to its end (the runner times exec only when it returned).
const failures = hosts.filter((h) => h.timings.execMs === undefined);
process.stdout.write(
  `${JSON.stringify({
    ok: hosts.length - failures.length,
    total: hosts.length,
    wallS: (performance.now() - started) / 1000,
    cpuS: (cpu.user + cpu.system) / 1e6,
    maxRssKb: process.resourceUsage().maxRSS,
    failures: topReasons(failures.map((h) => `${h.status} (${h.phase ?? '?'}): ${h.message ?? ''}`)),
  })}\n`,
);

/**
 * Where the auditor's CPU goes: a `node --cpu-prof` profile of an audit run (bench
 * --cpu-prof DIR), its main-thread samples put under the first step of the pipeline found on
 * each sample's stack, innermost first. Printed per profile by the benchmark, and usable alone:
 *   node --import tsx bench/cpu-profile.ts DIR/CPU.*.cpuprofile
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Steps of an audit, matched against each stack frame "function url". */
const STEPS: [string, RegExp][] = [
  ['idle', /^\(idle\) /],
  ['garbage collection', /^\(garbage collector\) /],
  ['HTML report', /dist\/report\/(html|inline-css|view-model|hostset)\.js|\/(handlebars|htmlparser2|entities|@css-inline)\//],
  ['JSON, JUnit, terminal', /dist\/report\//],
  ['checks (judging)', /dist\/checks\//],
  ['probe output parsing', /dist\/probes\/|dist\/runner\/interpret\.js/],
  ['loading modules', /node:internal\/modules\/|^compileFunction|^internalModuleStat|^readFileUtf8/],
  ['host key signatures (verify, sign)', /dist\/transport\/identities\.js|node:internal\/crypto\/(sig|keys)/],
  ['ssh2 protocol, crypto', /\/ssh2\//],
  ['transport (connect, known_hosts)', /dist\/transport\//],
  ['runner', /dist\/runner\//],
  ['inventory, planning', /dist\/(audit|inventory|cli)\//],
];

export interface StepCost {
  step: string;
  ms: number;
}

export function costByStep(profile: Profile): StepCost[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totals = new Map<string, number>();
  for (const [id, us] of selfUs) {
    let step = 'other';
    for (let at: number | undefined = id; at !== undefined && step === 'other'; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const text = `${frame.functionName || '(anonymous)'} ${frame.url}`;
      step = STEPS.find(([, pattern]) => pattern.test(text))?.[0] ?? 'other';
    }
    totals.set(step, (totals.get(step) ?? 0) + us);
  }
  return [...totals].map(([step, us]) => ({ step, ms: us / 1000 })).sort((a, b) => b.ms - a.ms);
}

export function renderCostByStep(file: string, hosts: number): string {
  const costs = costByStep(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const busy = costs.filter((cost) => cost.step !== 'idle');
  const total = busy.reduce((sum, cost) => sum + cost.ms, 0);
  const rows = busy.map((cost) => `  ${cost.step.padEnd(36)} ${cost.ms.toFixed(0).padStart(6)} ms  ${(cost.ms / hosts).toFixed(2).padStart(6)} ms/host`);
  return `Auditor main thread, N=${hosts}: ${total.toFixed(0)} ms busy (${(total / hosts).toFixed(2)} ms/host)\n${rows.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, hosts = '1'] = process.argv.slice(2);
  if (!file) throw new Error('usage: cpu-profile.ts FILE.cpuprofile [HOSTS]');
  process.stdout.write(renderCostByStep(file, Number(hosts)));
}

/** Medians per tool and fleet size, ratios against the references, the issue's targets, and the table. */
import type { Measurement } from './measure.js';
import type { LatencySummary } from './latency.js';
import type { ToolId } from './tools.js';

export interface ToolSummary {
  tool: string;
  label: string;
  hosts: number;
  forks: number;
  runs: number;
  wallS: number;
  hostsPerS: number;
  clientCpuMsPerHost: number;
  maxRssMb: number;
  hostCpuMsPerHost?: number;
  /** Mean cores used by unrelated processes during the runs (0 on a quiet machine). */
  othersCores?: number;
  /** Fewest hosts ok in any run. */
  okMin: number;
  allOk: boolean;
}

export interface Target {
  name: string;
  hosts: number;
  met: boolean | undefined;
  measured: string;
}

export function median(values: number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function summarize(measurements: Measurement[]): ToolSummary[] {
  const groups = new Map<string, Measurement[]>();
  for (const m of measurements) {
    const key = `${m.hosts}/${m.tool}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  return [...groups.values()].map((runs) => {
    const first = runs[0] as Measurement;
    const wallS = median(runs.map((r) => r.wallS));
    const summary: ToolSummary = {
      tool: first.tool,
      label: first.label,
      hosts: first.hosts,
      forks: first.forks,
      runs: runs.length,
      wallS,
      hostsPerS: first.hosts / wallS,
      clientCpuMsPerHost: (median(runs.map((r) => r.clientCpuS)) * 1000) / first.hosts,
      maxRssMb: median(runs.map((r) => r.maxRssKb)) / 1024,
      okMin: Math.min(...runs.map((r) => r.ok)),
      allOk: runs.every((r) => r.ok === r.hosts),
    };
    const host = runs.map((r) => r.hostCpuS).filter((v): v is number => v !== undefined);
    if (host.length === runs.length) {
      summary.hostCpuMsPerHost = (median(host) * 1000) / first.hosts;
      summary.othersCores = median(runs.map((r) => r.othersCores ?? 0));
    }
    return summary;
  });
}

function find(summaries: ToolSummary[], hosts: number, tool: string): ToolSummary | undefined {
  return summaries.find((s) => s.hosts === hosts && s.tool === tool);
}

/** Audit wall time divided by the reference's (below 1: the audit is faster). */
export function wallRatio(summaries: ToolSummary[], hosts: number, reference: string): number | undefined {
  const ours = find(summaries, hosts, 'calico-preflight');
  const other = find(summaries, hosts, reference);
  return ours && other ? ours.wallS / other.wallS : undefined;
}

const f1 = (n: number): string => n.toFixed(1);
const f2 = (n: number): string => n.toFixed(2);

/** The issue's targets, for every size they name that was measured. */
export function evaluateTargets(summaries: ToolSummary[], latency: LatencySummary[] = []): Target[] {
  const targets: Target[] = [];
  for (const hosts of [...new Set(latency.map((s) => s.hosts))].sort((a, b) => a - b)) {
    const rows = latency.filter((s) => s.hosts === hosts);
    const ours = rows.find((s) => s.tool === 'calico-preflight');
    const peers = rows.filter((s) => s.tool !== 'calico-preflight');
    if (!ours || peers.length === 0) continue;
    targets.push({
      name: 'round trips per host <= every other tool\'s',
      hosts,
      met: peers.every((peer) => ours.roundTrips <= peer.roundTrips),
      measured: rows.map((s) => `${s.tool} ${s.roundTrips}`).join(', '),
    });
  }
  const sizes = [...new Set(summaries.map((s) => s.hosts))].sort((a, b) => a - b);
  const ratioTarget = (hosts: number, reference: ToolId, name: string, test: (r: number) => boolean, show: (r: number) => string): void => {
    const ratio = wallRatio(summaries, hosts, reference);
    if (ratio !== undefined) targets.push({ name, hosts, met: test(ratio), measured: show(ratio) });
  };
  if (sizes.includes(200)) {
    ratioTarget(200, 'pssh-bundle', 'wall <= 0.7 x parallel-ssh running the 8-tool bundle', (r) => r <= 0.7, (r) => `${f2(r)} x`);
    ratioTarget(200, 'floor-ours', 'wall <= 1.6 x the `true` floor through our client', (r) => r <= 1.6, (r) => `${f2(r)} x`);
    ratioTarget(200, 'ansible-probe', '>= 4 x faster than ansible -m raw', (r) => 1 / r >= 4, (r) => `${f1(1 / r)} x faster`);
  }
  for (const hosts of sizes) {
    const ours = find(summaries, hosts, 'calico-preflight');
    if (!ours) continue;
    // Hosts that failed early cost less: a per-host figure only counts when every host was audited.
    const partial = ours.allOk ? '' : ` (only ${ours.okMin}/${hosts} ok)`;
    targets.push({
      name: 'auditor CPU <= 15 ms per host',
      hosts,
      met: ours.allOk && ours.clientCpuMsPerHost <= 15,
      measured: `${f1(ours.clientCpuMsPerHost)} ms${partial}`,
    });
    if (hosts === 1000) {
      targets.push({ name: 'peak RSS <= 250 MB', hosts, met: ours.maxRssMb <= 250, measured: `${ours.maxRssMb.toFixed(0)} MB` });
      targets.push({ name: 'every host ok, in < 45 s', hosts, met: ours.allOk && ours.wallS < 45, measured: `${ours.okMin}/${hosts} ok, ${f1(ours.wallS)} s` });
    }
  }
  const audited = sizes.map((h) => find(summaries, h, 'calico-preflight')).filter((s): s is ToolSummary => s !== undefined);
  const [smallest, largest] = [audited[0], audited[audited.length - 1]];
  if (smallest && largest && largest.hosts > smallest.hosts) {
    const growth = largest.wallS / largest.hosts / (smallest.wallS / smallest.hosts);
    targets.push({
      name: `linear growth: wall per host at N=${largest.hosts} / at N=${smallest.hosts}`,
      hosts: largest.hosts,
      met: smallest.allOk && largest.allOk && growth <= 1.25,
      measured:
        `${f2(growth)} (CPU per host ${f1(smallest.clientCpuMsPerHost)} -> ${f1(largest.clientCpuMsPerHost)} ms)` +
        (largest.allOk ? '' : `, only ${largest.okMin}/${largest.hosts} ok`),
    });
  }
  return targets;
}

/** Columns aligned: the first to the left, the others to the right. */
export function pad(cells: string[][]): string {
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length))) ?? [];
  return cells.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')).join('\n');
}

const isProfilePart = (s: ToolSummary): boolean => s.tool.startsWith('host:');

export function renderTable(summaries: ToolSummary[]): string {
  const sizes = [...new Set(summaries.filter((s) => !isProfilePart(s)).map((s) => s.hosts))].sort((a, b) => a - b);
  const blocks = sizes.map((hosts) => {
    const rows = summaries.filter((s) => s.hosts === hosts && !isProfilePart(s));
    const header = ['', 'wall s', 'hosts/s', 'client CPU ms/host', 'peak RSS MB', 'host CPU ms/host', 'all ok', 'audit ÷ this', 'others’ cores'];
    const body = rows.map((s) => {
      const ratio = s.tool === 'calico-preflight' ? undefined : wallRatio(summaries, hosts, s.tool);
      return [
        s.label,
        f1(s.wallS),
        f1(s.hostsPerS),
        f1(s.clientCpuMsPerHost),
        s.maxRssMb.toFixed(0),
        s.hostCpuMsPerHost === undefined ? 'n/a' : f1(s.hostCpuMsPerHost),
        s.allOk ? 'yes' : `no (${s.okMin})`,
        ratio === undefined ? '' : f2(ratio),
        s.othersCores === undefined ? 'n/a' : f1(s.othersCores),
      ];
    });
    const forks = rows[0]?.forks ?? hosts;
    const runs = rows[0]?.runs ?? 0;
    return `N=${hosts} hosts, forks ${forks}, median of ${runs} run(s)\n${pad([header, ...body])}`;
  });
  return blocks.join('\n\n');
}

export function renderTargets(targets: Target[]): string {
  if (targets.length === 0) return '';
  const rows = targets.map((t) => [t.met === undefined ? '?' : t.met ? 'met' : 'MISSED', `N=${t.hosts}`, t.name, t.measured]);
  return `Targets\n${pad(rows)}`;
}

/** Host CPU per host of each probe-script part, and its price above the bare login. */
export function renderHostProfile(summaries: ToolSummary[]): string {
  const parts = summaries.filter(isProfilePart);
  if (parts.length === 0) return '';
  const sizes = [...new Set(parts.map((s) => s.hosts))].sort((a, b) => a - b);
  return sizes
    .map((hosts) => {
      const rows = parts.filter((s) => s.hosts === hosts);
      const login = rows.find((s) => s.tool === 'host:true')?.hostCpuMsPerHost ?? NaN;
      const body = rows.map((s) => {
        const ms = s.hostCpuMsPerHost ?? NaN;
        return [s.label.replace(/^host profile: /, ''), f1(ms), s.tool === 'host:true' ? '' : f1(ms - login), f1(s.wallS)];
      });
      return `\nHost profile, N=${hosts} (one run each, through our client)\n${pad([['part', 'host CPU ms/host', 'above `true`', 'wall s'], ...body])}\n`;
    })
    .join('');
}

/**
 * The latency table. This kernel has no sch_netem (and no module support), so `tc netem`
 * cannot delay the fleet's traffic; instead every host gets a delaying relay (./relay.ts) and
 * the tools connect to the relays. Each run records, per host, the session time and the round
 * trips the client waited for, so wall time per host can be read against round trips.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Fleet } from '../test/fleet/index.js';
import type { Measurement } from './measure.js';
import { startRelays, type Relays, type SessionStats } from './relay.js';
import { median, pad } from './summary.js';
import type { ToolId } from './tools.js';

/** The same work on every host: the audit, and the probe script through the reference tools. */
export const LATENCY_TOOLS: ToolId[] = ['calico-preflight', 'pssh-probe', 'ansible-probe'];

export interface RelayedFleet {
  /** The fleet as the tools see it: inventory and known_hosts name the relays. */
  fleet: Fleet;
  /** `address:port` of each relay, for parallel-ssh. */
  hostsFile: string;
  relays: Relays;
}

/** Relays in front of every host, and the inventory, known_hosts and hosts file that point at them. */
export async function relayFleet(fleet: Fleet, delayMs: number, dir: string): Promise<RelayedFleet> {
  const relays = await startRelays(
    fleet.hosts.map((host) => ({ host: host.address, port: host.port })),
    delayMs,
  );
  const lines = fleet.hosts.map((host, i) => {
    const { port } = relays.endpoints[i]!;
    const vars = { ...host.vars, ansible_host: '127.0.0.1', ansible_port: String(port) };
    return { inventory: `${host.name} ${Object.entries(vars).map(([k, v]) => `${k}=${v}`).join(' ')}`, knownHost: `[127.0.0.1]:${port} ${host.hostKey}`, address: `127.0.0.1:${port}` };
  });
  const inventory = path.join(dir, 'relayed.ini');
  const knownHosts = path.join(dir, 'relayed_known_hosts');
  const hostsFile = path.join(dir, 'relayed_hosts');
  writeFileSync(inventory, `[fleet]\n${lines.map((line) => line.inventory).join('\n')}\n`);
  writeFileSync(knownHosts, `${lines.map((line) => line.knownHost).join('\n')}\n`);
  writeFileSync(hostsFile, `${lines.map((line) => line.address).join('\n')}\n`);
  return { fleet: { ...fleet, inventory, knownHosts }, hostsFile, relays };
}

export interface LatencyMeasurement extends Measurement {
  delayMs: number;
  sessions: SessionStats[];
}

export interface LatencySummary {
  tool: string;
  label: string;
  hosts: number;
  delayMs: number;
  wallS: number;
  ok: number;
  sessions: number;
  roundTrips: number;
  handshakeRoundTrips: number;
  sessionMedianMs: number;
  sessionP90Ms: number;
  hostCpuMsPerHost?: number;
  othersCores?: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export function summarizeLatency(measurements: LatencyMeasurement[]): LatencySummary[] {
  return measurements.map((m) => {
    const summary: LatencySummary = {
      tool: m.tool,
      label: m.label,
      hosts: m.hosts,
      delayMs: m.delayMs,
      wallS: m.wallS,
      ok: m.ok,
      sessions: m.sessions.length,
      roundTrips: median(m.sessions.map((s) => s.roundTrips)),
      handshakeRoundTrips: median(m.sessions.map((s) => s.handshakeRoundTrips)),
      sessionMedianMs: median(m.sessions.map((s) => s.durationMs)),
      sessionP90Ms: percentile(m.sessions.map((s) => s.durationMs), 0.9),
    };
    if (m.hostCpuS !== undefined) summary.hostCpuMsPerHost = (m.hostCpuS * 1000) / m.hosts;
    if (m.othersCores !== undefined) summary.othersCores = m.othersCores;
    return summary;
  });
}

export function renderLatencyTable(summaries: LatencySummary[]): string {
  if (summaries.length === 0) return '';
  const delayMs = summaries[0]!.delayMs;
  const sizes = [...new Set(summaries.map((s) => s.hosts))].sort((a, b) => a - b);
  const header = ['', 'wall s', 'wall ms/host', 'round trips', 'of which key exchange', `× ${2 * delayMs} ms`, 'session ms median', 'p90', 'host CPU ms/host', 'all ok', 'others’ cores'];
  const blocks = sizes.map((hosts) => {
    const rows = summaries.filter((s) => s.hosts === hosts).map((s) => [
      s.label,
      s.wallS.toFixed(1),
      ((s.wallS * 1000) / s.hosts).toFixed(1),
      s.roundTrips.toFixed(0),
      s.handshakeRoundTrips.toFixed(0),
      (s.roundTrips * 2 * s.delayMs).toFixed(0),
      s.sessionMedianMs.toFixed(0),
      s.sessionP90Ms.toFixed(0),
      s.hostCpuMsPerHost === undefined ? 'n/a' : s.hostCpuMsPerHost.toFixed(1),
      s.ok === s.hosts && s.sessions >= s.hosts ? 'yes' : `no (${s.ok})`,
      s.othersCores === undefined ? 'n/a' : s.othersCores.toFixed(1),
    ]);
    return `N=${hosts}, every host ${delayMs} ms away each way (relay; TCP handshake not counted)\n${pad([header, ...rows])}`;
  });
  return `\nLatency (one run each)\n${blocks.join('\n\n')}\n`;
}

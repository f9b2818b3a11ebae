/**
 * The personality fleet's network: one bridge in the root namespace holding `NET.1/24`,
 * and per host a network namespace joined to it by a veth pair (`eth0` inside), with
 * the host's MTU, addresses, extra interfaces, sysctls, iptables rules (either backend) and
 * nftables ruleset. No default route anywhere: nothing leaves the machine.
 *
 * Each fleet claims its own /24 of 198.19.0.0/16 (inside the benchmark range 198.18.0.0/15)
 * through an exclusively created record file listing everything it will create, written
 * before anything is created. A later fleet removes what a dead process left behind by
 * reading those records: only names this module generated are ever deleted.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Personality } from './spec.js';

const REGISTRY = '/run/calico-preflight-personalities';
const FIRST_HOST_OCTET = 10;

export interface HostNetwork {
  name: string;
  netns: string;
  /** Root-namespace end of the host's veth pair. */
  veth: string;
  address: string;
}

export interface FleetNetwork {
  /** First three octets of the fleet's /24, e.g. `198.19.37`: what `{{net}}` expands to. */
  net: string;
  bridge: string;
  /** The bridge's address: where the auditor's traffic to the hosts comes from. */
  gateway: string;
  hosts: HostNetwork[];
  /** Directory that teardown removes along with the network (the hosts' layers). */
  dir: string;
  record: string;
}

/** What one fleet creates, written (minus `path`) to its claim file before anything exists. */
interface FleetRecord {
  pid: number;
  bridge: string;
  netns: string[];
  veths: string[];
  dir: string;
  path: string;
}

function ip(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('ip', args, (error, stdout, stderr) => {
      if (error) reject(new Error(`ip ${args.join(' ')}: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

/** `ip ARGS` with INPUT on its stdin (e.g. `ip netns exec NS nft -f -`). */
function ipWithInput(args: string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile('ip', args, (error, _stdout, stderr) => {
      if (error) reject(new Error(`ip ${args.join(' ')}: ${stderr.trim() || error.message}`));
      else resolve();
    });
    child.stdin?.end(input);
  });
}

function ipSync(args: string[]): string {
  try {
    return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    // Teardown of something already gone.
    return '';
  }
}

export function expandNet(value: string, net: string): string {
  return value.replaceAll('{{net}}', net);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Synchronous so that it also runs from an exit hook. Killing each namespace's processes
 * first lets the namespace (and with it the veth pair) go at once.
 */
function destroy(record: FleetRecord): void {
  for (const netns of record.netns) {
    for (const pid of ipSync(['netns', 'pids', netns]).split(/\s+/).filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // Exited meanwhile.
      }
    }
    ipSync(['netns', 'del', netns]);
  }
  for (const veth of record.veths) ipSync(['link', 'del', veth]);
  ipSync(['link', 'del', record.bridge]);
  rmSync(record.dir, { recursive: true, force: true });
  rmSync(record.path, { force: true });
  liveRecords.delete(record);
}

const liveRecords = new Set<FleetRecord>();
let exitHookInstalled = false;

/** A test process that ends without stop() (a crash, Ctrl-C) still leaves nothing behind. */
function removeOnExit(record: FleetRecord): void {
  liveRecords.add(record);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => [...liveRecords].forEach(destroy));
}

/** Removes the networks of personality fleets whose process died without tearing down. */
export function removeLeftovers(): void {
  mkdirSync(REGISTRY, { recursive: true });
  for (const file of readdirSync(REGISTRY)) {
    const path = join(REGISTRY, file);
    let record: FleetRecord;
    try {
      record = JSON.parse(readFileSync(path, 'utf8')) as FleetRecord;
    } catch {
      // A claim being written right now, or one whose writer died mid-write.
      if (Date.now() - statSync(path).mtimeMs > 60_000) rmSync(path, { force: true });
      continue;
    }
    if (!alive(record.pid)) destroy({ ...record, path });
  }
}

function claimSubnet(planned: Omit<FleetRecord, 'pid' | 'path'>): { third: number; record: string } {
  const start = randomInt(1, 255);
  for (let i = 0; i < 254; i++) {
    const third = ((start + i - 1) % 254) + 1;
    const record = join(REGISTRY, `subnet-${third}.json`);
    try {
      writeFileSync(record, JSON.stringify({ pid: process.pid, ...planned }), { flag: 'wx' });
      return { third, record };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`personality fleet: every /24 of 198.19.0.0/16 is claimed (see ${REGISTRY})`);
}

/** Octets in spec order: explicit ones kept, the others assigned from .10 up, skipping taken ones. */
function hostOctets(personalities: Personality[]): number[] {
  const explicit = personalities.flatMap((p) => (p.network?.octet === undefined ? [] : [p.network.octet]));
  const taken = new Set(explicit);
  if (taken.size < explicit.length || explicit.some((octet) => !Number.isInteger(octet) || octet < 2 || octet > 254)) {
    throw new Error(`personality octets must be distinct integers from 2 to 254 (.1 is the bridge): ${explicit.join(', ')}`);
  }
  let next = FIRST_HOST_OCTET;
  return personalities.map((p) => {
    if (p.network?.octet !== undefined) return p.network.octet;
    while (taken.has(next)) next++;
    taken.add(next);
    return next;
  });
}

async function configureHost(p: Personality, host: HostNetwork, network: FleetNetwork): Promise<void> {
  const { netns, veth } = host;
  const spec = p.network ?? {};
  const inNs = (args: string[]): Promise<string> => ip(['-n', netns, ...args]);
  const exec = (command: string[]): Promise<string> => ip(['netns', 'exec', netns, ...command]);
  await ip(['netns', 'add', netns]);
  await ip(['link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns]);
  await ip(['link', 'set', veth, 'master', network.bridge, 'up']);
  await inNs(['link', 'set', 'lo', 'up']);
  await inNs(['link', 'set', 'eth0', 'mtu', String(spec.mtu ?? 1500), 'up']);
  await inNs(['addr', 'add', `${host.address}/24`, 'dev', 'eth0']);
  for (const cidr of spec.extraAddresses ?? []) await inNs(['addr', 'add', expandNet(cidr, network.net), 'dev', 'eth0']);
  for (const iface of spec.interfaces ?? []) {
    await inNs(['link', 'add', iface.name, 'type', ...iface.type]);
    if (iface.mtu !== undefined) await inNs(['link', 'set', iface.name, 'mtu', String(iface.mtu)]);
    for (const cidr of iface.addresses ?? []) await inNs(['addr', 'add', expandNet(cidr, network.net), 'dev', iface.name]);
    await inNs(['link', 'set', iface.name, 'up']);
  }
  for (const [key, value] of Object.entries(spec.sysctl ?? {})) await exec(['sysctl', '-q', '-w', `${key}=${value}`]);
  for (const rule of spec.iptables ?? []) await exec(['iptables', ...rule]);
  for (const rule of spec.iptablesLegacy ?? []) await exec(['iptables-legacy', ...rule]);
  if (spec.nft) await ipWithInput(['netns', 'exec', netns, 'nft', '-f', '-'], spec.nft);
}

/** Creates the bridge and every host's namespace; on failure removes what was made. */
export async function createNetwork(personalities: Personality[], dir: string): Promise<FleetNetwork> {
  removeLeftovers();
  const tag = randomBytes(3).toString('hex');
  const bridge = `cpfb${tag}`;
  const names = personalities.map((p, i) => ({
    name: p.name,
    netns: `cpf-${tag}-${p.name}`,
    veth: `cpf${tag}v${i}`,
  }));
  const { third, record } = claimSubnet({
    bridge,
    netns: names.map((n) => n.netns),
    veths: names.map((n) => n.veth),
    dir,
  });
  const net = `198.19.${third}`;
  const octets = hostOctets(personalities);
  const network: FleetNetwork = {
    net,
    bridge,
    gateway: `${net}.1`,
    hosts: names.map((n, i) => ({ ...n, address: `${net}.${octets[i]}` })),
    dir,
    record,
  };
  removeOnExit(recordOf(network));
  try {
    await ip(['link', 'add', bridge, 'type', 'bridge']);
    await ip(['addr', 'add', `${network.gateway}/24`, 'dev', bridge]);
    await ip(['link', 'set', bridge, 'up']);
    await Promise.all(personalities.map((p, i) => configureHost(p, network.hosts[i] as HostNetwork, network)));
    return network;
  } catch (error) {
    destroyNetwork(network);
    throw error;
  }
}

export function destroyNetwork(network: FleetNetwork): void {
  destroy(recordOf(network));
}

function recordOf(network: FleetNetwork): FleetRecord {
  return {
    pid: process.pid,
    bridge: network.bridge,
    netns: network.hosts.map((h) => h.netns),
    veths: network.hosts.map((h) => h.veth),
    dir: network.dir,
    path: network.record,
  };
}

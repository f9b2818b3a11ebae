/**
 * startPersonalityFleet: real sshd hosts that each look like a different machine (distro,
 * kernel, services, capabilities, network), for end-to-end audits. Built on startFleet:
 * every personality is a wrapped host whose sshd runs in its own network, mount, UTS and
 * PID namespaces (see ./wrap.ts, ./layers.ts, ./network.ts).
 */
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { skipUnlessTools } from '../../support/tools.js';
import { fleetSkipReason, startFleet, type Fleet, type FleetHost, type HostRole } from '../index.js';
import { writeHostLayers } from './layers.js';
import { createNetwork, destroyNetwork, expandNet, type FleetNetwork } from './network.js';
import type { Personality } from './spec.js';
import { setupScript, wrapArgv } from './wrap.js';

export type { Personality } from './spec.js';
export type { FleetNetwork, HostNetwork } from './network.js';

const LOGIN_ROLES: Record<NonNullable<Personality['login']>, HostRole> = { root: 'plain', user: 'user', sudoer: 'sudo-nopasswd' };

const REQUIRED_TOOLS = ['/usr/sbin/ip', '/usr/sbin/capsh', '/usr/bin/nc.openbsd', '/usr/sbin/iptables', '/usr/sbin/sysctl'];

export interface PersonalityFleet {
  fleet: Fleet;
  network: FleetNetwork;
  host(name: string): FleetHost;
  /** `ssh` argv that runs `command` on a host as root with the fleet's key and known_hosts. */
  sshArgv(name: string, command: string): string[];
  /** Stops every sshd and removes namespaces, links and files. Idempotent. */
  stop(): Promise<void>;
}

/**
 * For `describe.skipIf(...)`: why personalities cannot run here, or undefined. Under CI a
 * missing tool is an error, never a skip.
 */
export function personalitySkipReason(): string | undefined {
  return fleetSkipReason() ?? skipUnlessTools(REQUIRED_TOOLS, 'apt-get install iproute2 libcap2-bin netcat-openbsd iptables procps');
}

function checkNames(personalities: Personality[]): void {
  const seen = new Set<string>();
  for (const p of personalities) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(p.name)) throw new Error(`personality name ${p.name}: use a-z, 0-9 and -`);
    if (seen.has(p.name)) throw new Error(`two personalities are named ${p.name}`);
    seen.add(p.name);
  }
}

export async function startPersonalityFleet(
  personalities: Personality[],
  options: { startTimeoutMs?: number } = {},
): Promise<PersonalityFleet> {
  checkNames(personalities);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'calico-personalities-'));
  await chmod(dir, 0o755);
  const network = await createNetwork(personalities, dir);
  let fleet: Fleet;
  try {
    const hosts = await Promise.all(
      personalities.map(async (p, i) => {
        const hostNet = network.hosts[i] as FleetNetwork['hosts'][number];
        const hostDir = path.join(dir, p.name);
        const layers = await writeHostLayers(p, hostDir, network.net);
        const setupPath = path.join(hostDir, 'setup.sh');
        await writeFile(setupPath, setupScript(p.name, p.hostname ?? p.name, layers), { mode: 0o755 });
        const vars = Object.fromEntries(Object.entries(p.vars ?? {}).map(([k, v]) => [k, expandNet(v, network.net)]));
        return {
          name: p.name,
          role: LOGIN_ROLES[p.login ?? 'root'],
          address: hostNet.address,
          port: 22,
          vars,
          wrap: (argv: string[]) => wrapArgv(hostNet.netns, setupPath, p.dropCapabilities ?? [], argv),
        };
      }),
    );
    fleet = await startFleet({ hosts, logLevel: 'INFO', ...(options.startTimeoutMs ? { startTimeoutMs: options.startTimeoutMs } : {}) });
  } catch (error) {
    destroyNetwork(network);
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    fleet,
    network,
    host: (name) => fleet.host(name),
    sshArgv(name, command) {
      const host = fleet.host(name);
      return [
        'ssh', '-i', fleet.clientKey, '-p', String(host.port),
        '-o', `UserKnownHostsFile=${fleet.knownHosts}`, '-o', 'StrictHostKeyChecking=yes',
        '-o', 'BatchMode=yes', '-o', 'KexAlgorithms=curve25519-sha256', '-o', 'ConnectTimeout=10',
        `${host.user}@${host.address}`, command,
      ];
    },
    stop() {
      stopped ??= fleet.stop().finally(() => destroyNetwork(network));
      return stopped;
    },
  };
}

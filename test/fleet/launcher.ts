/**
 * startFleet: real OpenSSH hosts on loopback for tests and benchmarks. Every loopback host
 * gets its own 127.X.Y.Z address (random block per fleet, so concurrent fleets never meet)
 * on a common port and its own host key; see daemon.ts for why one listener process
 * starts `sshd -i` per connection. Hosts with a `wrap` run their own `sshd -D`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DaemonListener } from './daemon.js';
import { inventoryText, knownHostsText } from './files.js';
import { generateKeys, type KeyPair } from './keys.js';
import { run } from './run.js';
import { daemonArgv, inetdArgv, lightShellArgv, sshdConfig, SSHD, type SshdBase } from './sshd.js';
import { createSudoUsers, removeSudoUsers, type SudoRight, type SudoUsers } from './users.js';
import { fleetSupport } from './support.js';
import type { Fleet, FleetHost, FleetOptions, HostRole, HostSpec } from './types.js';

const KEYLESS_ROLES: HostRole[] = ['closed-port', 'silent'];
/** Roles that log in as a fresh user instead of root, and that user's sudo rights. */
const SUDO_RIGHTS: Partial<Record<HostRole, SudoRight>> = { user: 'none', 'sudo-nopasswd': 'nopasswd', 'sudo-password': 'password' };
const ADDRESS_ATTEMPTS = 6;

interface PlannedHost {
  spec: HostSpec;
  name: string;
  role: HostRole;
  user: string;
  password?: string;
  key?: KeyPair;
  /** The key known_hosts claims for a changed-key host. */
  staleKey?: KeyPair;
  base?: SshdBase;
}

interface Running {
  processes: ChildProcess[];
  users: SudoUsers;
  dir: string;
}

const liveFleets = new Set<Running>();

function padWidth(count: number): number {
  return Math.max(3, String(count).length);
}

function nameHosts(options: FleetOptions): { spec: HostSpec; name: string; role: HostRole }[] {
  const count = options.count ?? 0;
  const specs: HostSpec[] = [...Array.from({ length: count }, (): HostSpec => ({ role: 'plain' })), ...(options.hosts ?? [])];
  const width = padWidth(specs.length);
  const used = new Set<string>();
  let plainNumber = 0;
  return specs.map((spec) => {
    const role = spec.role ?? 'plain';
    let name = spec.name;
    if (!name && role === 'plain') {
      do name = `host${String(++plainNumber).padStart(width, '0')}`;
      while (used.has(name));
    }
    if (!name) {
      name = role;
      for (let n = 2; used.has(name); n++) name = `${role}-${n}`;
    }
    if (used.has(name)) throw new Error(`fleet: two hosts are named ${name}`);
    used.add(name);
    return { spec, name, role };
  });
}

/** `count` addresses in a random 127.X.Y.0 block of whole /24s, skipping .0, .1 and .255. */
function loopbackBlock(count: number): string[] {
  const perNet = 253;
  const nets = Math.max(1, Math.ceil(count / perNet));
  const second = randomInt(16, 255);
  const third = randomInt(0, Math.floor(256 / nets)) * nets;
  const addresses: string[] = [];
  for (let i = 0; i < count; i++) addresses.push(`127.${second}.${third + Math.floor(i / perNet)}.${2 + (i % perNet)}`);
  return addresses;
}

function waitForLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`fleet: listener not ready after ${timeoutMs} ms`)), timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line !== undefined) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fleet: listener exited with ${code}: ${stderr.trim() || stdout.trim()}`));
    });
  });
}

/** Resolves once something at address:port sends an SSH banner. */
async function waitForBanner(address: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const banner = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: address, port });
      socket.setTimeout(1000, () => socket.destroy());
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('SSH-'));
      });
      socket.once('error', () => resolve(false));
      socket.once('close', () => resolve(false));
    });
    if (banner) return;
    if (Date.now() > deadline) throw new Error(`fleet: no sshd answered on ${address}:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function detach(child: ChildProcess): void {
  // A forgotten fleet must not keep a script alive; the exit hook still cleans it up.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as net.Socket | null)?.unref?.();
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Group already gone.
  }
}

function cleanupNow(running: Running): void {
  for (const child of running.processes) killGroup(child, 'SIGKILL');
  removeSudoUsers(running.users);
  rmSync(running.dir, { recursive: true, force: true });
  liveFleets.delete(running);
}

let hooksInstalled = false;
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => [...liveFleets].forEach(cleanupNow));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = (): void => {
      [...liveFleets].forEach(cleanupNow);
      process.off(signal, onSignal);
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

async function stopRunning(running: Running): Promise<void> {
  if (!liveFleets.has(running)) return;
  await Promise.all(
    running.processes.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => {
            killGroup(child, 'SIGKILL');
            resolve();
          }, 3000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          killGroup(child, 'SIGTERM');
        }),
    ),
  );
  cleanupNow(running);
}

export async function startFleet(options: FleetOptions = {}): Promise<Fleet> {
  const support = fleetSupport();
  if (!support.available) throw new Error(`fleet: ${support.reason}`);
  const named = nameHosts(options);
  const byName = new Map(named.map((h) => [h.name, h]));
  for (const host of named) {
    const via = host.spec.via;
    if (via !== undefined && byName.get(via)?.role !== 'bastion') {
      throw new Error(`fleet: host ${host.name} is behind ${via}, which is not a bastion of this fleet`);
    }
  }

  const fleetId = randomBytes(3).toString('hex');
  const dir = await mkdtemp(path.join(os.tmpdir(), `calico-fleet-${fleetId}-`));
  // sshd reads authorized_keys as the login user: the sudo users must reach it.
  await chmod(dir, 0o755);
  const running: Running = { processes: [], users: { users: [], sudoersFile: '' }, dir };
  liveFleets.add(running);
  installExitHooks();
  try {
    return await build(options, named, fleetId, dir, running);
  } catch (error) {
    await stopRunning(running);
    throw error;
  }
}

async function build(
  options: FleetOptions,
  named: { spec: HostSpec; name: string; role: HostRole }[],
  fleetId: string,
  dir: string,
  running: Running,
): Promise<Fleet> {
  const logLevel = options.logLevel ?? 'VERBOSE';
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  for (const sub of ['keys', 'authorized_keys', 'logs', 'run']) await mkdir(path.join(dir, sub), { mode: 0o755 });
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

  const planned: PlannedHost[] = named.map((h) => ({ ...h, user: 'root' }));
  const keyHosts = planned.filter((h) => !KEYLESS_ROLES.includes(h.role));
  const stale = planned.filter((h) => h.role === 'changed-key');
  const keyPaths = [
    path.join(dir, 'client_key'),
    ...keyHosts.map((h) => path.join(dir, 'keys', h.name)),
    ...stale.map((h) => path.join(dir, 'keys', `${h.name}.stale`)),
  ];
  const [clientKey, ...hostKeys] = await generateKeys(keyPaths);
  if (!clientKey) throw new Error('fleet: no client key');
  keyHosts.forEach((h, i) => (h.key = hostKeys[i]));
  stale.forEach((h, i) => (h.staleKey = hostKeys[keyHosts.length + i]));

  const sudoHosts = planned.filter((h) => SUDO_RIGHTS[h.role] !== undefined);
  running.users = await createSudoUsers(
    fleetId,
    sudoHosts.map((h) => ({ sudo: SUDO_RIGHTS[h.role] as SudoRight })),
  );
  sudoHosts.forEach((h, i) => {
    const user = running.users.users[i];
    if (!user) return;
    h.user = user.name;
    if (user.password) h.password = user.password;
  });

  const authorizedDir = path.join(dir, 'authorized_keys');
  for (const user of new Set(planned.map((h) => h.user))) {
    await writeFile(path.join(authorizedDir, user), `${clientKey.publicKey}\n`, { mode: 0o644 });
  }
  const configFile = path.join(dir, 'sshd_config');
  await writeFile(configFile, sshdConfig(authorizedDir, logLevel));
  const lightBashrc = path.join(dir, 'bashrc');
  await writeFile(lightBashrc, '# calico-preflight test fleet: a plain shell for every session\n', { mode: 0o644 });

  for (const host of planned) {
    if (!host.key) continue;
    const roleOptions =
      host.role === 'wrong-credentials'
        ? ['AuthorizedKeysFile=none']
        : host.role === 'sudo-password'
          ? ['PasswordAuthentication=yes']
          : [];
    host.base = {
      configFile,
      hostKey: host.key.privatePath,
      logFile: path.join(dir, 'logs', `${host.name}.log`),
      options: [...roleOptions, ...(host.spec.sshdOptions ?? [])],
    };
  }
  await validateConfigs(planned);

  const loopbackHosts = planned.filter((h) => h.spec.address === undefined);
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const daemonScript = fileURLToPath(new URL('./daemon.ts', import.meta.url));

  for (let attempt = 1; ; attempt++) {
    const addresses = loopbackBlock(loopbackHosts.length);
    const port = randomInt(20_000, 60_000);
    const placed = planned.map((host) => {
      const index = loopbackHosts.indexOf(host);
      const listenAddress = host.spec.address ?? (addresses[index] as string);
      const address = host.spec.via ? `${host.name}.fleet-${fleetId}.internal` : listenAddress;
      return { host, listenAddress, address, port: host.spec.port ?? port };
    });
    const hostsFile = path.join(dir, 'hosts');
    const internalNames = placed.filter((p) => p.host.spec.via).map((p) => `${p.listenAddress} ${p.address}\n`);
    await writeFile(hostsFile, readFileSync('/etc/hosts', 'utf8') + internalNames.join(''), { mode: 0o644 });

    const plan: DaemonListener[] = placed
      .filter((p) => !p.host.spec.wrap && p.host.role !== 'closed-port')
      .map((p) => {
        const listener: DaemonListener = { address: p.listenAddress, port: p.port };
        if (p.host.base) listener.argv = inetdArgv(p.host.base);
        return listener;
      });
    const planFile = path.join(dir, 'listeners.json');
    await writeFile(planFile, JSON.stringify(plan));
    const argv = lightShellArgv([process.execPath, '--import', tsxLoader, daemonScript, planFile], lightBashrc, hostsFile);
    const daemon = spawn(argv[0] as string, argv.slice(1), { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    running.processes.push(daemon);
    const answer = await waitForLine(daemon, startTimeoutMs);
    if (answer === 'ready') {
      detach(daemon);
      await startWrappedHosts(placed, lightBashrc, dir, running, startTimeoutMs);
      return finish(placed, { dir, port, clientKey, running });
    }
    killGroup(daemon, 'SIGKILL');
    running.processes.pop();
    if (!answer.includes('EADDRINUSE') || attempt >= ADDRESS_ATTEMPTS) throw new Error(`fleet: listener failed: ${answer}`);
  }
}

async function validateConfigs(planned: PlannedHost[]): Promise<void> {
  const seen = new Set<string>();
  for (const host of planned) {
    if (!host.base) continue;
    const signature = host.base.options.join('\n');
    if (seen.has(signature)) continue;
    seen.add(signature);
    const { configFile, hostKey, options } = host.base;
    await run(SSHD, ['-t', '-f', configFile, '-h', hostKey, ...options.flatMap((o) => ['-o', o])]);
  }
}

interface Placed {
  host: PlannedHost;
  listenAddress: string;
  address: string;
  port: number;
}

async function startWrappedHosts(
  placed: Placed[],
  lightBashrc: string,
  dir: string,
  running: Running,
  timeoutMs: number,
): Promise<void> {
  await Promise.all(
    placed
      .filter((p) => p.host.spec.wrap && p.host.base)
      .map(async (p) => {
        const base = p.host.base as SshdBase;
        const listen = p.host.spec.listen ?? [`${p.listenAddress.includes(':') ? `[${p.listenAddress}]` : p.listenAddress}:${p.port}`];
        const inner = daemonArgv(base, listen, path.join(dir, 'run', `${p.host.name}.pid`));
        const argv = (p.host.spec.wrap as (argv: string[]) => string[])(lightShellArgv(inner, lightBashrc));
        const child = spawn(argv[0] as string, argv.slice(1), { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        running.processes.push(child);
        const exited = new Promise<never>((_, reject) =>
          child.once('exit', (code) => reject(new Error(`fleet: sshd of ${p.host.name} exited with ${code}: ${stderr.trim()}`))),
        );
        await Promise.race([waitForBanner(p.address, p.port, timeoutMs), exited]);
        detach(child);
      }),
  );
}

function finish(
  placed: Placed[],
  context: { dir: string; port: number; clientKey: KeyPair; running: Running },
): Fleet {
  const { dir, port, clientKey, running } = context;
  const knownHosts = path.join(dir, 'known_hosts');
  const inventory = path.join(dir, 'inventory.ini');
  const listenOf = new Map(placed.map((p) => [p.host.name, p]));
  const hosts: FleetHost[] = placed.map(({ host, listenAddress, address, port: hostPort }) => {
    const vars: Record<string, string> = {
      ansible_host: address,
      ansible_port: String(hostPort),
      ansible_user: host.user,
      ansible_ssh_private_key_file: clientKey.privatePath,
    };
    if (host.password) vars.ansible_become_password = host.password;
    const bastion = host.spec.via ? listenOf.get(host.spec.via) : undefined;
    if (bastion) {
      vars.ansible_ssh_common_args =
        `-o ProxyCommand="ssh -W %h:%p -p ${bastion.port} -i ${clientKey.privatePath}` +
        ` -o UserKnownHostsFile=${knownHosts} ${bastion.host.user}@${bastion.address}"`;
    }
    Object.assign(vars, host.spec.vars);
    const fleetHost: FleetHost = {
      name: host.name,
      role: host.role,
      address,
      port: hostPort,
      listenAddress,
      user: host.user,
      logFile: host.base?.logFile ?? path.join(dir, 'logs', `${host.name}.log`),
      vars,
    };
    if (host.password) fleetHost.password = host.password;
    if (host.key) fleetHost.hostKey = host.key.publicKey;
    if (host.spec.via) fleetHost.via = host.spec.via;
    return fleetHost;
  });

  const entries = placed.flatMap(({ host, address, port: hostPort }) => {
    if (host.role === 'unknown-key') return [];
    const key = host.staleKey ?? host.key;
    return key ? [{ address, port: hostPort, key: key.publicKey }] : [];
  });
  writeFileSync(knownHosts, knownHostsText(entries));
  writeFileSync(inventory, inventoryText(hosts));

  const byName = new Map(hosts.map((h) => [h.name, h]));
  return {
    dir,
    port,
    hosts,
    host(name) {
      const host = byName.get(name);
      if (!host) throw new Error(`fleet: no host named ${name}`);
      return host;
    },
    byRole: (role) => hosts.filter((h) => h.role === role),
    clientKey: clientKey.privatePath,
    clientPublicKey: clientKey.publicKey,
    knownHosts,
    inventory,
    authorizeKey(publicKey, user = 'root') {
      appendFileSync(path.join(dir, 'authorized_keys', user), `${publicKey}\n`, { mode: 0o644 });
    },
    stop: () => stopRunning(running),
  };
}

/** The ssh transport and Connector against a real sshd fleet (test/fleet). */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { createConnector, resolveConnection, type ConnectionSpec, type ConnectorOptions } from '../../src/transport/index.js';
import { HostError } from '../../src/transport/types.js';
import { fleetSkipReason, startFleet, type Fleet, type FleetHost } from '../fleet/index.js';
import { sshKeygen, tempDir } from './helpers.js';

const skipReason = fleetSkipReason();
if (skipReason) console.warn(`skipping ssh transport tests: ${skipReason}`);

/** Deadlines of the failure tests; the rest use generous ones, as other tests load the machine. */
const SILENT_HANDSHAKE_MS = 2000;
const REFUSED_CONNECT_MS = 3000;
const QUICK_FAILURE_MS = 10_000;
/** Scheduling slack on a busy 2-core machine. */
const SLACK_MS = 1500;

async function failure(promise: Promise<unknown>): Promise<{ error: HostError; ms: number }> {
  const started = Date.now();
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof HostError)) throw error;
    return { error, ms: Date.now() - started };
  }
  throw new Error('expected a HostError, but it succeeded');
}

function fingerprintOf(publicKey: string, dir: string): string {
  const file = path.join(dir, `fp-${Math.random().toString(36).slice(2)}.pub`);
  writeFileSync(file, `${publicKey}\n`);
  return execFileSync('ssh-keygen', ['-lf', file], { encoding: 'utf8' }).split(' ')[1] as string;
}

function logLines(host: FleetHost, text: string): string[] {
  if (!existsSync(host.logFile)) return [];
  return readFileSync(host.logFile, 'utf8').split('\n').filter((line) => line.includes(text));
}

function logins(host: FleetHost): number {
  return logLines(host, 'Accepted publickey').length;
}

describe.skipIf(skipReason !== undefined)('ssh transport on a real fleet', () => {
  let fleet: Fleet;
  const temp = tempDir('transport');

  const connector = (options: ConnectorOptions = {}) =>
    createConnector({
      knownHostsFile: fleet.knownHosts,
      agentSocket: null,
      connectTimeoutMs: 10_000,
      handshakeTimeoutMs: 20_000,
      passphrases: {},
      ...options,
    });
  const spec = (name: string): ConnectionSpec => resolveConnection(name, fleet.host(name).vars);

  beforeAll(async () => {
    fleet = await startFleet({
      count: 2,
      hosts: [
        { role: 'unknown-key' },
        { role: 'changed-key' },
        { role: 'closed-port' },
        { role: 'silent' },
        { role: 'wrong-credentials' },
        { role: 'sudo-password' },
        { role: 'bastion' },
        { name: 'target1', via: 'bastion' },
        { name: 'target2', via: 'bastion' },
        { name: 'target3', via: 'bastion' },
        { name: 'debug-log', sshdOptions: ['LogLevel=DEBUG'] },
        { name: 'inner-bastion', role: 'bastion', via: 'bastion' },
        { name: 'deep', via: 'inner-bastion' },
      ],
    });
  });
  afterAll(async () => {
    await fleet?.stop();
    temp.remove();
  });

  it('runs a command and returns raw bytes, exit code and stdin', async () => {
    const conn = connector();
    const transport = await conn.open(spec('host001'));
    try {
      // A 4-byte character printed in two writes must come back intact.
      const result = await transport.exec(`printf '\\360\\237'; printf '\\230\\200 '; cat; printf oops >&2; exit 7`, {
        timeoutMs: 10_000,
        stdin: Buffer.from('from stdin'),
      });
      expect(result.stdout.toString('utf8')).toBe('😀 from stdin');
      expect(result.stderr.toString()).toBe('oops');
      expect(result.code).toBe(7);
      expect(result.truncated).toBe(false);
      expect(transport.kind).toBe('ssh');
      expect(transport.timings?.handshakeMs).toBeGreaterThan(0);
      // stdin is closed even when nothing is sent: `cat` ends at once.
      expect((await transport.exec('cat; echo done', { timeoutMs: 5000 })).stdout.toString()).toBe('done\n');
    } finally {
      conn.closeAll();
    }
  });

  it('negotiates the cheap key exchange and cipher first', async () => {
    const conn = connector();
    (await conn.open(spec('debug-log'))).close();
    conn.closeAll();
    const log = readFileSync(fleet.host('debug-log').logFile, 'utf8');
    expect(log).toContain('kex: algorithm: curve25519-sha256');
    expect(log).toMatch(/kex: client->server cipher: aes128-gcm@openssh.com/);
    expect(log).toContain('kex: host key algorithm: ssh-ed25519');
  });

  it('caps output per stream and says so', async () => {
    const conn = connector();
    const transport = await conn.open(spec('host002'));
    try {
      const result = await transport.exec('head -c 100000 /dev/zero; echo short >&2', { timeoutMs: 10_000, maxOutputBytes: 1000 });
      expect(result.stdout.length).toBe(1000);
      expect(result.stderr.toString()).toBe('short\n');
      expect(result.truncated).toBe(true);
    } finally {
      conn.closeAll();
    }
  });

  it('ends a command at its client-side deadline', async () => {
    const conn = connector();
    const transport = await conn.open(spec('host001'));
    try {
      const { error, ms } = await failure(transport.exec('sleep 30', { timeoutMs: 500 }));
      expect(error).toMatchObject({ status: 'timeout', phase: 'command' });
      expect(ms).toBeLessThan(500 + SLACK_MS);
    } finally {
      conn.closeAll();
    }
  });

  it('feeds a sudo password on stdin', async () => {
    const conn = connector();
    const host = fleet.host('sudo-password');
    const transport = await conn.open(spec('sudo-password'));
    try {
      const result = await transport.exec("sudo -S -p '' id -u", { timeoutMs: 10_000, stdin: Buffer.from(`${host.password}\n`) });
      expect(result.stdout.toString()).toBe('0\n');
    } finally {
      conn.closeAll();
    }
  });

  it('sends its key signed at once, without first asking whether the server would take it', async () => {
    // sshd logs "Postponed publickey" when a client asks first (as OpenSSH does): a round trip.
    const host = fleet.host('host002');
    const [accepted, postponed] = [logins(host), logLines(host, 'Postponed publickey').length];
    const conn = connector();
    const result = await (await conn.open(spec('host002'))).exec('echo in', { timeoutMs: 5000 });
    conn.closeAll();
    expect(result.stdout.toString()).toBe('in\n');
    expect(logins(host)).toBe(accepted + 1);
    expect(logLines(host, 'Postponed publickey')).toHaveLength(postponed);
  });

  it('goes on to the next key when the server refuses a signed one, and signs RSA keys with SHA-2 (sshd refuses SHA-1)', async () => {
    const stranger = sshKeygen(path.join(temp.dir, 'stranger'), 'ed25519');
    const rsa = sshKeygen(path.join(temp.dir, 'rsa-login'), 'rsa');
    fleet.authorizeKey(rsa.publicKey);
    const host = fleet.host('host001');
    const conn = connector();
    const result = await (await conn.open({ ...spec('host001'), identityFiles: [stranger.privatePath, rsa.privatePath] })).exec('echo in', { timeoutMs: 5000 });
    conn.closeAll();
    expect(result.stdout.toString()).toBe('in\n');
    expect(logLines(host, 'Accepted publickey').at(-1)).toMatch(/ssh2: RSA SHA256:/);
    const { error } = await failure(connector().open({ ...spec('host001'), identityFiles: [stranger.privatePath] }));
    expect(error.status).toBe('auth-failed');
  });

  it('logs in with a password when no key is accepted', async () => {
    const host = fleet.host('sudo-password');
    const passwordOnly: ConnectionSpec = { ...spec('sudo-password'), identityFiles: [], password: host.password as string };
    const conn = connector();
    const result = await (await conn.open(passwordOnly)).exec('id -un', { timeoutMs: 5000 });
    conn.closeAll();
    expect(result.stdout.toString()).toBe(`${host.user}\n`);
    const { error } = await failure(connector().open({ ...passwordOnly, password: 'wrong' }));
    expect(error.status).toBe('auth-failed');
  });

  it('turns a connection dropped during a command into a host error, not a crash', async () => {
    const conn = connector();
    const transport = await conn.open(spec('host002'));
    // The shell's parent is the sshd process serving this connection.
    const { error } = await failure(transport.exec('kill -9 $PPID; sleep 5', { timeoutMs: 10_000 }));
    expect(error).toMatchObject({ status: 'error', phase: 'command' });
    const again = await failure(transport.exec('true', { timeoutMs: 1000 }));
    expect(again.error.status).toBe('error');
    conn.closeAll();
  });

  it.each([
    ['closed-port', 'refused', 'connect', { connectTimeoutMs: REFUSED_CONNECT_MS }],
    ['silent', 'timeout', 'handshake', { handshakeTimeoutMs: SILENT_HANDSHAKE_MS }],
    ['wrong-credentials', 'auth-failed', 'auth', { handshakeTimeoutMs: QUICK_FAILURE_MS }],
    ['unknown-key', 'host-key-unknown', 'handshake', { handshakeTimeoutMs: QUICK_FAILURE_MS }],
    ['changed-key', 'host-key-changed', 'handshake', { handshakeTimeoutMs: QUICK_FAILURE_MS }],
  ] as const)('reports %s as %s in phase %s within its deadline', async (name, status, phase, deadlines) => {
    const conn = connector(deadlines);
    const deadline = 'connectTimeoutMs' in deadlines ? deadlines.connectTimeoutMs : deadlines.handshakeTimeoutMs;
    const { error, ms } = await failure(conn.open(spec(name)));
    conn.closeAll();
    expect(error).toMatchObject({ status, phase });
    expect(ms).toBeLessThan(deadline + SLACK_MS);
  });

  it('reports an unresolvable name as dns', async () => {
    const conn = connector();
    const { error } = await failure(conn.open(resolveConnection('ghost', { ansible_host: 'no-such-host.invalid' })));
    expect(error).toMatchObject({ status: 'dns', phase: 'dns' });
  });

  it('names the fingerprint and key type of an unknown key, as ssh-keygen prints them', async () => {
    const host = fleet.host('unknown-key');
    const before = readFileSync(fleet.knownHosts, 'utf8');
    const { error } = await failure(connector().open(spec('unknown-key')));
    expect(error.message).toContain(`ssh-ed25519 ${fingerprintOf(host.hostKey as string, temp.dir)}`);
    expect(error.message).toContain(`[${host.address}]:${host.port}`);
    expect(readFileSync(fleet.knownHosts, 'utf8')).toBe(before);
  });

  it('says loudly what was expected and what was offered for a changed key', async () => {
    const host = fleet.host('changed-key');
    const { error } = await failure(connector({ acceptNewHostKeys: true }).open(spec('changed-key')));
    expect(error.status).toBe('host-key-changed');
    const knownLine = readFileSync(fleet.knownHosts, 'utf8').split('\n').findIndex((l) => l.startsWith(`[${host.address}]`)) + 1;
    const expectedKey = readFileSync(fleet.knownHosts, 'utf8').split('\n')[knownLine - 1]?.split(' ').slice(1).join(' ') ?? '';
    expect(error.message).toContain(`expected ssh-ed25519 ${fingerprintOf(expectedKey, temp.dir)} (${fleet.knownHosts}:${knownLine})`);
    expect(error.message).toContain(`offered ssh-ed25519 ${fingerprintOf(host.hostKey as string, temp.dir)}`);
  });

  it('accepts new keys only with acceptNewHostKeys, appending one entry per host', async () => {
    const knownHosts = path.join(temp.dir, 'known_hosts.tofu');
    copyFileSync(fleet.knownHosts, knownHosts);
    const host = fleet.host('unknown-key');
    const tofu = connector({ knownHostsFile: knownHosts, acceptNewHostKeys: true });
    const transports = await Promise.all([1, 2, 3].map(() => tofu.open(spec('unknown-key'))));
    tofu.closeAll();
    expect(transports).toHaveLength(3);
    const added = readFileSync(knownHosts, 'utf8').split('\n').filter((l) => l.startsWith(`[${host.address}]:${host.port} `));
    expect(added).toEqual([`[${host.address}]:${host.port} ${host.hostKey}`]);
    // ssh itself now trusts the appended entry.
    execFileSync('ssh-keygen', ['-F', `[${host.address}]:${host.port}`, '-f', knownHosts]);
    const strict = connector({ knownHostsFile: knownHosts });
    (await strict.open(spec('unknown-key'))).close();
    strict.closeAll();
  });

  it('reaches hosts behind a bastion over ONE bastion login, checking each target under its own name', async () => {
    const bastion = fleet.host('bastion');
    const before = logins(bastion);
    const conn = connector();
    const transports = await Promise.all(['target1', 'target2', 'target3'].map((name) => conn.open(spec(name))));
    const outputs = await Promise.all(transports.map((t) => t.exec('echo reached', { timeoutMs: 10_000 })));
    conn.closeAll();
    expect(outputs.map((o) => o.stdout.toString())).toEqual(['reached\n', 'reached\n', 'reached\n']);
    expect(spec('target1').via).toBe(`root@${bastion.address}:${bastion.port}`);
    expect(logins(bastion) - before).toBe(1);

    const withoutTarget = path.join(temp.dir, 'known_hosts.no-target');
    const target = fleet.host('target2');
    writeFileSync(
      withoutTarget,
      readFileSync(fleet.knownHosts, 'utf8').split('\n').filter((l) => !l.startsWith(`[${target.address}]`)).join('\n'),
    );
    const { error } = await failure(connector({ knownHostsFile: withoutTarget }).open(spec('target2')));
    expect(error.status).toBe('host-key-unknown');
    expect(error.message).toContain(`[${target.address}]:${target.port}`);
  });

  it('follows a chain of two jump hosts (-J outer,inner)', async () => {
    const [outer, inner] = [fleet.host('bastion'), fleet.host('inner-bastion')];
    const hop = (h: FleetHost) => ({ host: h.address, port: h.port, user: h.user, identityFiles: [fleet.clientKey] });
    const deep: ConnectionSpec = { ...spec('deep'), jumps: [hop(outer), hop(inner)] };
    const conn = connector();
    const result = await (await conn.open(deep)).exec('echo deep', { timeoutMs: 10_000 });
    conn.closeAll();
    expect(result.stdout.toString()).toBe('deep\n');
  });

  it('reports a target its jump host cannot resolve or reach as dns / refused', async () => {
    const bastion = fleet.host('bastion');
    const closed = fleet.host('closed-port');
    const viaBastion = (host: string, port: number): ConnectionSpec => ({ ...spec('target1'), host, port });
    const conn = connector();
    const unknown = await failure(conn.open(viaBastion('no-such-host.invalid', 22)));
    expect(unknown.error).toMatchObject({ status: 'dns', phase: 'dns' });
    expect(unknown.error.message).toBe(`root@${bastion.address}:${bastion.port} cannot resolve no-such-host.invalid`);
    const refused = await failure(conn.open(viaBastion(closed.address, closed.port)));
    expect(refused.error).toMatchObject({ status: 'refused', phase: 'connect' });
    conn.closeAll();
  });

  it('fails every host behind an unreachable jump host with the jump host named', async () => {
    const closed = fleet.host('closed-port');
    const conn = connector();
    const behindClosed = (name: string): ConnectionSpec => ({
      ...spec(name),
      jumps: [{ host: closed.address, port: closed.port, user: 'root', identityFiles: [fleet.clientKey] }],
    });
    const errors = await Promise.all(['target1', 'target2'].map(async (name) => (await failure(conn.open(behindClosed(name)))).error));
    for (const error of errors) {
      expect(error).toMatchObject({ status: 'refused', phase: 'connect' });
      expect(error.message).toBe(`jump host root@${closed.address}:${closed.port}: connection refused by ${closed.address}:${closed.port}`);
    }
  });

  it('logs in with a key held by a real ssh-agent', async () => {
    const socket = path.join(temp.dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 50; i++) {
        try {
          execFileSync('ssh-add', [fleet.clientKey], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      const keyless: ConnectionSpec = { ...spec('host001'), identityFiles: [] };
      const withAgent = connector({ agentSocket: socket });
      const result = await (await withAgent.open(keyless)).exec('echo agent', { timeoutMs: 5000 });
      withAgent.closeAll();
      expect(result.stdout.toString()).toBe('agent\n');
      const { error } = await failure(connector().open(keyless));
      expect(error.status).toBe('auth-failed');
    } finally {
      agent.kill();
    }
  });

  it('decrypts an encrypted key with the passphrase from CALICO_PREFLIGHT_KEY_PASSPHRASE', async () => {
    const key = sshKeygen(path.join(temp.dir, 'encrypted'), 'ed25519', 'sesame');
    fleet.authorizeKey(key.publicKey);
    const encrypted: ConnectionSpec = { ...spec('host002'), identityFiles: [key.privatePath] };
    const saved = process.env.CALICO_PREFLIGHT_KEY_PASSPHRASE;
    try {
      process.env.CALICO_PREFLIGHT_KEY_PASSPHRASE = 'sesame';
      const fromEnv = createConnector({ knownHostsFile: fleet.knownHosts, agentSocket: null });
      const result = await (await fromEnv.open(encrypted)).exec('echo unlocked', { timeoutMs: 5000 });
      fromEnv.closeAll();
      expect(result.stdout.toString()).toBe('unlocked\n');

      process.env.CALICO_PREFLIGHT_KEY_PASSPHRASE = 'wrong';
      const wrong = createConnector({ knownHostsFile: fleet.knownHosts, agentSocket: null });
      await expect(wrong.open(encrypted)).rejects.toThrow(
        new UserError(`wrong passphrase from CALICO_PREFLIGHT_KEY_PASSPHRASE for private key file ${key.privatePath}`),
      );
    } finally {
      if (saved === undefined) delete process.env.CALICO_PREFLIGHT_KEY_PASSPHRASE;
      else process.env.CALICO_PREFLIGHT_KEY_PASSPHRASE = saved;
    }
    // No variable and no terminal: one clear sentence naming the key file.
    await expect(connector().open(encrypted)).rejects.toThrow(
      new UserError(
        `private key file ${key.privatePath} is encrypted: set CALICO_PREFLIGHT_KEY_PASSPHRASE or run on a terminal to be asked for its passphrase`,
      ),
    );
  });

  it('asks for a passphrase once per key, however many hosts use it', async () => {
    const key = sshKeygen(path.join(temp.dir, 'asked'), 'ed25519', 'open sesame');
    fleet.authorizeKey(key.publicKey);
    const asked: string[] = [];
    const conn = connector({ passphrases: { ask: async (file) => (asked.push(file), 'open sesame') } });
    await conn.prepare?.([{ ...spec('host001'), identityFiles: [key.privatePath] }]);
    const transports = await Promise.all(
      ['host001', 'host002'].map((name) => conn.open({ ...spec(name), identityFiles: [key.privatePath] })),
    );
    conn.closeAll();
    expect(transports).toHaveLength(2);
    expect(asked).toEqual([key.privatePath]);
  });

  it('names a missing key file in one sentence', async () => {
    const missing = path.join(temp.dir, 'no-such-key');
    await expect(connector().open({ ...spec('host001'), identityFiles: [missing] })).rejects.toThrow(
      new UserError(`private key file ${missing} does not exist`),
    );
  });

  it('gives up at once when the attempt is aborted', async () => {
    const controller = new AbortController();
    const reason = new HostError('timeout', 'total', 'per-host limit');
    setTimeout(() => controller.abort(reason), 200);
    const started = Date.now();
    await expect(connector().open(spec('silent'), { signal: controller.signal })).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(200 + SLACK_MS);
  });
});

/**
 * The run's Connector: TCP connect, SSH handshake and login with a deadline per phase,
 * host keys checked against known_hosts, and one shared connection per jump host.
 */
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { Client, type AnyAuthMethod, type ConnectConfig, type ParsedKey } from 'ssh2';
import type { ConnectPhase } from '../core/result.js';
import { describeEndpoint, type ConnectionSpec, type Endpoint } from './connection-spec.js';
import { CLOSED_BEFORE_LOGIN, forwardError, sessionError, socketError } from './errors.js';
import { IdentityLoader, type PassphraseSource } from './identities.js';
import { KnownHostsStore } from './known-hosts-store.js';
import { LocalTransport } from './local-transport.js';
import { signPublicKeyLoginsAtOnce } from './sign-first.js';
import { SshTransport } from './ssh-transport.js';
import { HostError, type Connector, type OpenOptions, type Transport } from './types.js';

export interface ConnectorOptions {
  /** Default ~/.ssh/known_hosts. */
  knownHostsFile?: string;
  /** Trust on first use (`--accept-new-host-keys`). */
  acceptNewHostKeys?: boolean;
  /** ssh-agent socket; default SSH_AUTH_SOCK; null: no agent. */
  agentSocket?: string | null;
  /** TCP connect deadline unless the spec has its own (default 10 s). */
  connectTimeoutMs?: number;
  /** Handshake plus login deadline (default 20 s). */
  handshakeTimeoutMs?: number;
  /** Where passphrases of encrypted keys come from (default: env variable, then the terminal). */
  passphrases?: PassphraseSource;
}

// Cheap and universally offered; OpenSSH's own defaults still follow as fallbacks.
const PREFERRED_KEX = ['curve25519-sha256', 'curve25519-sha256@libssh.org'];
const PREFERRED_CIPHERS = ['aes128-gcm@openssh.com'];
const RSA_ALGORITHMS = ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
const SUPPORTED_HOST_KEY_TYPES = new Set([
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'ssh-rsa',
]);

function preferFirst<T extends string>(names: T[]): { remove: T[]; prepend: T[] } {
  return { remove: names, prepend: names };
}

/** The host key algorithms to offer first: those whose keys known_hosts already holds. */
function hostKeyAlgorithms(knownTypes: string[]): string[] {
  return knownTypes.filter((t) => SUPPORTED_HOST_KEY_TYPES.has(t)).flatMap((t) => (t === 'ssh-rsa' ? RSA_ALGORITHMS : [t]));
}

function where(endpoint: Endpoint): string {
  return endpoint.port === 22 ? endpoint.host : `${endpoint.host}:${endpoint.port}`;
}

/** Settles like `work`, or rejects as soon as the signal aborts. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined, onLate: (value: T) => void): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.then(onLate, () => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      work.then(onLate, () => undefined);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function viaJump(error: unknown, jump: Endpoint): unknown {
  if (!(error instanceof HostError)) return error;
  return new HostError(error.status, error.phase, `jump host ${describeEndpoint(jump)}: ${error.message}`);
}

/** A jump host may open the channel and then drop it when the target is unreachable. */
function unreachedViaJump(error: unknown, target: Endpoint, jump: Endpoint): unknown {
  if (!(error instanceof HostError) || error.phase !== 'handshake' || !/Connection lost before handshake/.test(error.message)) {
    return error;
  }
  return new HostError('error', 'connect', `${describeEndpoint(jump)} could not reach ${where(target)}: its channel closed before the SSH handshake`);
}

export class SshConnector implements Connector {
  private readonly store: KnownHostsStore;
  private readonly identities: IdentityLoader;
  private readonly agentSocket: string | undefined;
  private readonly connectTimeoutMs: number;
  private readonly handshakeTimeoutMs: number;
  private readonly bastions = new Map<string, Promise<Client>>();
  private readonly clients = new Set<Client>();

  constructor(options: ConnectorOptions = {}) {
    this.store = new KnownHostsStore({
      file: options.knownHostsFile ?? path.join(os.homedir(), '.ssh', 'known_hosts'),
      acceptNew: options.acceptNewHostKeys ?? false,
    });
    this.identities = new IdentityLoader(options.passphrases);
    const agent = options.agentSocket === undefined ? process.env.SSH_AUTH_SOCK : options.agentSocket;
    this.agentSocket = agent || undefined;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.handshakeTimeoutMs = options.handshakeTimeoutMs ?? 20_000;
  }

  async prepare(specs: ConnectionSpec[]): Promise<void> {
    const endpoints = specs.filter((s) => s.kind === 'ssh').flatMap((s) => [s, ...s.jumps]);
    for (const endpoint of endpoints) await this.identities.load(endpoint.identityFiles);
  }

  async open(spec: ConnectionSpec, options: OpenOptions = {}): Promise<Transport> {
    if (spec.kind === 'local') return new LocalTransport();
    const { signal } = options;
    signal?.throwIfAborted();
    const keys = await this.identities.load(spec.identityFiles);
    const started = performance.now();
    const deadline = started + (options.timeLeftMs ?? Infinity);
    const withinBudget = (limitMs: number): number => Math.max(1, Math.min(limitMs, Math.floor(deadline - performance.now())));
    const connectTimeoutMs = withinBudget(spec.connectTimeoutMs ?? this.connectTimeoutMs);
    let sock: Duplex;
    // The last jump host of the chain is the one that opens the channel to the target.
    const lastJump = spec.jumps[spec.jumps.length - 1];
    if (lastJump) {
      const bastion = await raceAbort(this.bastion(spec.jumps, connectTimeoutMs), signal, () => undefined);
      sock = await raceAbort(this.forward(bastion, spec, lastJump, connectTimeoutMs), signal, (s) => s.destroy());
    } else {
      sock = await this.tcpConnect(spec, connectTimeoutMs, signal);
    }
    const connected = performance.now();
    const client = await this.login(spec, sock, keys, withinBudget(this.handshakeTimeoutMs), signal).catch((error: unknown) => {
      throw lastJump ? unreachedViaJump(error, spec, lastJump) : error;
    });
    return new SshTransport(client, where(spec), {
      connectMs: Math.round(connected - started),
      handshakeMs: Math.round(performance.now() - connected),
    });
  }

  closeAll(): void {
    for (const client of this.clients) client.end();
    this.clients.clear();
    this.bastions.clear();
  }

  /** The logged-in connection to the last jump host of `chain`, opened once per run. */
  private bastion(chain: Endpoint[], connectTimeoutMs: number): Promise<Client> {
    const key = chain.map(describeEndpoint).join('>');
    const pooled = this.bastions.get(key);
    if (pooled) return pooled;
    const jump = chain[chain.length - 1] as Endpoint;
    const before = chain.slice(0, -1);
    const opening = (async (): Promise<Client> => {
      const keys = await this.identities.load(jump.identityFiles);
      const previous = before[before.length - 1];
      const sock = previous
        ? await this.forward(await this.bastion(before, connectTimeoutMs), jump, previous, connectTimeoutMs)
        : await this.tcpConnect(jump, connectTimeoutMs);
      const client = await this.login(jump, sock, keys, this.handshakeTimeoutMs);
      client.on('close', () => {
        if (this.bastions.get(key) === opening) this.bastions.delete(key);
      });
      return client;
    })().catch((error: unknown) => {
      throw viaJump(error, jump);
    });
    // A jump host that failed stays failed for this run: its hosts fail fast with its reason.
    opening.catch(() => undefined);
    this.bastions.set(key, opening);
    return opening;
  }

  private forward(bastion: Client, target: Endpoint, jump: Endpoint, timeoutMs: number): Promise<Duplex> {
    const name = describeEndpoint(jump);
    return new Promise((resolve, reject) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        reject(new HostError('timeout', 'connect', `${name} did not reach ${where(target)} within ${timeoutMs / 1000}s`));
      }, timeoutMs);
      try {
        bastion.forwardOut('127.0.0.1', 0, target.host, target.port, (error, channel) => {
          clearTimeout(timer);
          if (timedOut) {
            channel?.close();
            return;
          }
          if (error) return reject(forwardError(error, where(target), name));
          channel.on('error', () => undefined);
          resolve(channel);
        });
      } catch (error) {
        clearTimeout(timer);
        reject(new HostError('error', 'connect', `connection to jump host ${name} is gone: ${(error as Error).message}`));
      }
    });
  }

  private tcpConnect(endpoint: Endpoint, timeoutMs: number, signal?: AbortSignal): Promise<net.Socket> {
    const target = where(endpoint);
    return new Promise((resolve, reject) => {
      const socket = new net.Socket();
      let resolved = net.isIP(endpoint.host) !== 0;
      const finish = (error?: unknown): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        socket.off('error', onError);
        if (error === undefined) {
          // Until ssh2 takes the socket over, a reset must not become an unhandled 'error'.
          socket.on('error', () => undefined);
          return resolve(socket);
        }
        socket.destroy();
        reject(error);
      };
      const onError = (error: NodeJS.ErrnoException): void => finish(socketError(error, target));
      const onAbort = (): void => finish(signal?.reason);
      const timer = setTimeout(() => {
        const seconds = timeoutMs / 1000;
        finish(
          resolved
            ? new HostError('timeout', 'connect', `TCP connect to ${target} did not finish within ${seconds}s`)
            : new HostError('timeout', 'dns', `resolving ${endpoint.host} took longer than ${seconds}s`),
        );
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('lookup', () => (resolved = true));
      socket.once('error', onError);
      socket.once('connect', () => finish());
      socket.setNoDelay(true);
      socket.connect({ host: endpoint.host, port: endpoint.port });
    });
  }

  private authMethods(endpoint: Endpoint, keys: ParsedKey[]): AnyAuthMethod[] {
    const username = endpoint.user;
    const keyMethods: AnyAuthMethod[] = keys.map((key) => ({ type: 'publickey', username, key }));
    const agent: AnyAuthMethod[] = this.agentSocket ? [{ type: 'agent', username, agent: this.agentSocket }] : [];
    // Like ssh: keys named explicitly go first; otherwise the agent before default keys.
    const methods = endpoint.identityFiles.length > 0 ? [...keyMethods, ...agent] : [...agent, ...keyMethods];
    const { password } = endpoint;
    if (password !== undefined) {
      methods.push({ type: 'password', username, password });
      methods.push({
        type: 'keyboard-interactive',
        username,
        prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => password)),
      });
    }
    return methods;
  }

  private async login(endpoint: Endpoint, sock: Duplex, keys: ParsedKey[], timeoutMs: number, signal?: AbortSignal): Promise<Client> {
    const knownTypes = await this.store.knownKeyTypes(endpoint.host, endpoint.port);
    const hostKeys = hostKeyAlgorithms(knownTypes);
    let hostKeyError: HostError | undefined;
    let phase: ConnectPhase = 'handshake';
    const config: ConnectConfig & { authHandler: AnyAuthMethod[] } = {
      sock: sock as ConnectConfig['sock'],
      username: endpoint.user,
      readyTimeout: timeoutMs,
      keepaliveInterval: 15_000,
      keepaliveCountMax: 3,
      authHandler: this.authMethods(endpoint, keys),
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        this.store.verify(endpoint.host, endpoint.port, key).then(
          () => verify(true),
          (error: unknown) => {
            hostKeyError = error instanceof HostError ? error : new HostError('error', 'handshake', String(error));
            verify(false);
          },
        );
      },
      algorithms: {
        kex: preferFirst(PREFERRED_KEX),
        cipher: preferFirst(PREFERRED_CIPHERS),
        ...(hostKeys.length > 0 ? { serverHostKey: preferFirst(hostKeys) } : {}),
      } as ConnectConfig['algorithms'],
    };
    const client = new Client();
    // Kept for the connection's life: a reset after login must not become an unhandled 'error'.
    client.on('error', () => undefined);
    client.on('handshake', () => (phase = 'auth'));
    this.clients.add(client);
    client.on('close', () => this.clients.delete(client));
    const onAbort = (): void => {
      client.end();
      sock.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await new Promise<void>((resolve, reject) => {
        client.once('ready', resolve);
        client.once('error', reject);
        client.once('close', () => reject(new Error(CLOSED_BEFORE_LOGIN)));
        client.connect(config);
        signPublicKeyLoginsAtOnce(client);
      });
      return client;
    } catch (error) {
      client.end();
      sock.destroy();
      if (signal?.aborted) throw signal.reason;
      throw hostKeyError ?? sessionError(error as Error, where(endpoint), phase, timeoutMs);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

export function createConnector(options: ConnectorOptions = {}): Connector {
  return new SshConnector(options);
}

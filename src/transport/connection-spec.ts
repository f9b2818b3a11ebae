/**
 * Where and how to reach a host, resolved from flags, inventory variables and ssh config
 * (in that order of precedence). Pure: no files are read here.
 */
import os from 'node:os';
import { UserError } from '../core/errors.js';
import type { HostVars, VarValue } from '../core/vars.js';
import { parseAnsibleSshArgs, type JumpTarget, type SshArgs } from './ssh-args.js';
import { expandSshTokens, sshConfigFor, type SshConfigSource } from './ssh-config-file.js';

/** One SSH server to log in to: a target or a jump host. */
export interface Endpoint {
  /** Name or address to connect to; host keys are looked up under it. */
  host: string;
  port: number;
  user: string;
  /** Private keys to offer, in order; they must exist. Empty: ~/.ssh/id_* when present. */
  identityFiles: string[];
  password?: string;
}

export interface ConnectionSpec extends Endpoint {
  kind: 'ssh' | 'local';
  /** Inventory host name. */
  name: string;
  /** Jump hosts, outermost first (ProxyJump order). */
  jumps: Endpoint[];
  /** The jump chain for reports, e.g. `admin@bastion:2222`. */
  via?: string;
  /** TCP connect deadline from ansible_ssh_timeout / ConnectTimeout / flags. */
  connectTimeoutMs?: number;
}

/** Command-line settings; each wins over inventory variables and ssh config. */
export interface ConnectionFlags {
  user?: string;
  privateKey?: string;
  password?: string;
  connectTimeoutSec?: number;
  sshCommonArgs?: string;
  sshExtraArgs?: string;
}

const SSH_CONNECTIONS = new Set(['ssh', 'smart', 'paramiko', 'paramiko_ssh']);

function stringVar(vars: HostVars, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value: VarValue | undefined = vars[key];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new UserError(`${key} must be a plain value, not ${JSON.stringify(value)}`);
  }
  return undefined;
}

function portVar(vars: HostVars, hostName: string, ...keys: string[]): number | undefined {
  const text = stringVar(vars, ...keys);
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UserError(`host ${hostName}: ${keys[0]}=${text} is not a TCP port`);
  }
  return port;
}

function secondsVar(vars: HostVars, hostName: string, key: string): number | undefined {
  const text = stringVar(vars, key);
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (!(seconds > 0)) throw new UserError(`host ${hostName}: ${key}=${text} is not a number of seconds`);
  return seconds;
}

function localUser(): string {
  return os.userInfo().username;
}

function mergeArgs(common: SshArgs, extra: SshArgs): SshArgs {
  const merged: SshArgs = { identityFiles: [...common.identityFiles, ...extra.identityFiles] };
  const port = common.port ?? extra.port;
  const user = common.user ?? extra.user;
  const jumps = common.jumps ?? extra.jumps;
  const timeout = common.connectTimeoutSec ?? extra.connectTimeoutSec;
  if (port !== undefined) merged.port = port;
  if (user !== undefined) merged.user = user;
  if (jumps !== undefined) merged.jumps = jumps;
  if (timeout !== undefined) merged.connectTimeoutSec = timeout;
  return merged;
}

function resolveJump(jump: JumpTarget, sshConfig: SshConfigSource | undefined, fallbackKeys: string[]): Endpoint {
  const config = sshConfigFor(sshConfig, jump.host);
  const user = jump.user ?? config.user ?? localUser();
  const host = config.hostName ?? jump.host;
  // ssh would offer only its default keys to a jump host; the target's keys are a better guess.
  const identityFiles = jump.identityFiles ?? (config.identityFiles.length > 0 ? config.identityFiles : fallbackKeys);
  return {
    host,
    port: jump.port ?? config.port ?? 22,
    user,
    identityFiles: identityFiles.map((file) => expandSshTokens(file, { host, user })),
  };
}

export function describeEndpoint(endpoint: Endpoint): string {
  return `${endpoint.user}@${endpoint.host}${endpoint.port === 22 ? '' : `:${endpoint.port}`}`;
}

export function resolveConnection(
  hostName: string,
  hostVars: HostVars,
  flags: ConnectionFlags = {},
  sshConfig?: SshConfigSource,
): ConnectionSpec {
  const connection = stringVar(hostVars, 'ansible_connection') ?? 'ssh';
  const address = stringVar(hostVars, 'ansible_host', 'ansible_ssh_host');
  if (connection === 'local' || (connection === 'ssh' && hostName === 'localhost' && address === undefined)) {
    return { kind: 'local', name: hostName, host: 'localhost', port: 0, user: localUser(), identityFiles: [], jumps: [] };
  }
  if (!SSH_CONNECTIONS.has(connection)) {
    throw new UserError(`host ${hostName}: ansible_connection=${connection} is not supported (only ssh and local)`);
  }

  const args = mergeArgs(
    parseAnsibleSshArgs(flags.sshCommonArgs ?? stringVar(hostVars, 'ansible_ssh_common_args') ?? '', `ssh args of ${hostName}`),
    parseAnsibleSshArgs(flags.sshExtraArgs ?? stringVar(hostVars, 'ansible_ssh_extra_args') ?? '', `ssh args of ${hostName}`),
  );
  const target = address ?? hostName;
  const config = sshConfigFor(sshConfig, target);
  const host = config.hostName ?? target;
  const port = portVar(hostVars, hostName, 'ansible_port', 'ansible_ssh_port') ?? args.port ?? config.port ?? 22;
  const user = flags.user ?? stringVar(hostVars, 'ansible_user', 'ansible_ssh_user') ?? args.user ?? config.user ?? localUser();

  const inventoryKey = stringVar(hostVars, 'ansible_ssh_private_key_file', 'ansible_private_key_file');
  const keys = flags.privateKey
    ? [flags.privateKey]
    : inventoryKey || args.identityFiles.length > 0
      ? [...(inventoryKey ? [inventoryKey] : []), ...args.identityFiles]
      : config.identityFiles;
  const identityFiles = keys.map((file) => expandSshTokens(file, { host, user }));

  const jumpTargets = args.jumps ?? config.jumps;
  const jumps = jumpTargets && jumpTargets !== 'none' ? jumpTargets.map((j) => resolveJump(j, sshConfig, identityFiles)) : [];

  const spec: ConnectionSpec = { kind: 'ssh', name: hostName, host, port, user, identityFiles, jumps };
  const password = flags.password ?? stringVar(hostVars, 'ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password');
  if (password !== undefined) spec.password = password;
  if (jumps.length > 0) spec.via = jumps.map(describeEndpoint).join(',');
  const timeoutSec =
    flags.connectTimeoutSec ?? secondsVar(hostVars, hostName, 'ansible_ssh_timeout') ?? secondsVar(hostVars, hostName, 'ansible_timeout') ?? args.connectTimeoutSec;
  if (timeoutSec !== undefined) spec.connectTimeoutMs = Math.round(timeoutSec * 1000);
  return spec;
}

/**
 * ~/.ssh/config through the `ssh-config` package: Host, HostName, User, Port,
 * IdentityFile, ProxyJump (and an `ssh -W` ProxyCommand). `Match exec` is never run and
 * `Include` is not followed (the package does not expand it).
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import SSHConfig from 'ssh-config';
import { UserError } from '../core/errors.js';
import { parseJumpList, parseProxyCommand, type JumpTarget } from './ssh-args.js';

export interface SshConfigSource {
  file: string;
  config: SSHConfig;
}

export interface SshConfigHost {
  hostName?: string;
  user?: string;
  port?: number;
  identityFiles: string[];
  jumps?: JumpTarget[] | 'none';
}

export function defaultSshConfigPath(): string {
  return path.join(os.homedir(), '.ssh', 'config');
}

export function parseSshConfig(text: string, file: string): SshConfigSource {
  return { file, config: SSHConfig.parse(text) };
}

/**
 * Reads the ssh config: `file` when given (it must exist), else ~/.ssh/config when present.
 */
export async function loadSshConfig(file?: string): Promise<SshConfigSource | undefined> {
  const chosen = file ?? defaultSshConfigPath();
  try {
    return parseSshConfig(await readFile(chosen, 'utf8'), chosen);
  } catch (error) {
    if (file === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError(`cannot read ssh config ${chosen}: ${(error as Error).message}`);
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `~`, `%d`, `%u`, `%h`, `%r`, `%%` as ssh expands them in paths and HostName. */
export function expandSshTokens(text: string, tokens: { host: string; user?: string }): string {
  const home = os.homedir();
  const expanded = text.replace(/^~(?=\/|$)/, home);
  return expanded.replace(/%([%dhur])/g, (_, token: string) => {
    switch (token) {
      case 'd':
        return home;
      case 'u':
        return os.userInfo().username;
      case 'h':
        return tokens.host;
      case 'r':
        return tokens.user ?? os.userInfo().username;
      default:
        return '%';
    }
  });
}

export function sshConfigFor(source: SshConfigSource | undefined, host: string): SshConfigHost {
  if (!source) return { identityFiles: [] };
  const computed = source.config.compute(host, { ignoreCase: true, matchExec: false });
  const result: SshConfigHost = { identityFiles: [] };
  const hostName = first(computed.hostname);
  if (hostName) result.hostName = expandSshTokens(hostName, { host });
  const user = first(computed.user);
  if (user) result.user = user;
  const port = first(computed.port);
  if (port) {
    const number = Number(port);
    if (!Number.isInteger(number) || number < 1 || number > 65535) {
      throw new UserError(`${source.file}: invalid Port ${port} for host ${host}`);
    }
    result.port = number;
  }
  const identityFiles = computed.identityfile;
  const tokens = { host: result.hostName ?? host, ...(result.user ? { user: result.user } : {}) };
  for (const file of Array.isArray(identityFiles) ? identityFiles : identityFiles ? [identityFiles] : []) {
    if (file.toLowerCase() !== 'none') result.identityFiles.push(expandSshTokens(file, tokens));
  }
  const proxyJump = first(computed.proxyjump);
  const proxyCommand = first(computed.proxycommand);
  if (proxyJump) result.jumps = parseJumpList(proxyJump);
  else if (proxyCommand) result.jumps = parseProxyCommand(proxyCommand);
  return result;
}

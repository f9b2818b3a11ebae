/**
 * ~/.ssh/config through the `ssh-config` package: Host, HostName, User, Port,
 * IdentityFile, ProxyJump (and an `ssh -W` ProxyCommand). `Match exec` is never run.
 * The package does not follow `Include`: included files are spliced in here first.
 */
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import picomatch from 'picomatch';
import SSHConfig from 'ssh-config';
import { UserError } from '../core/errors.js';
import { parseJumpList, parseProxyCommand, shellSplit, type JumpTarget } from './ssh-args.js';

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

const INCLUDE_LINE = /^\s*include(?:\s*=\s*|\s+)(.+)$/i;
const BLOCK_LINE = /^\s*(?:host|match)(?:\s*=\s*|\s+)/i;
const MAX_INCLUDE_DEPTH = 16;

/** Files an Include pattern names, sorted; wildcards only in the last path component. */
async function includedFiles(pattern: string): Promise<string[]> {
  const expanded = pattern.replace(/^~(?=\/)/, os.homedir());
  const absolute = path.isAbsolute(expanded) ? expanded : path.join(os.homedir(), '.ssh', expanded);
  const directory = path.dirname(absolute);
  const isMatch = picomatch(path.basename(absolute), { dot: false });
  const names = await readdir(directory).catch(() => [] as string[]);
  return names.filter((name) => isMatch(name)).sort().map((name) => path.join(directory, name));
}

/** Splices included files in place; a missing include is skipped, as ssh does. */
async function expandIncludes(text: string, file: string, depth: number): Promise<string> {
  if (depth > MAX_INCLUDE_DEPTH) throw new UserError(`${file}: Include nested more than ${MAX_INCLUDE_DEPTH} levels deep`);
  const out: string[] = [];
  let currentBlock = 'Host *';
  for (const line of text.split('\n')) {
    const include = INCLUDE_LINE.exec(line);
    if (!include) {
      if (BLOCK_LINE.test(line)) currentBlock = line.trim();
      out.push(line);
      continue;
    }
    for (const pattern of shellSplit(include[1] as string)) {
      for (const included of await includedFiles(pattern)) {
        const body = await expandIncludes(await readFile(included, 'utf8'), included, depth + 1);
        out.push(body);
        // The included file's own Host blocks end with it: the including block resumes.
        if (body.split('\n').some((l) => BLOCK_LINE.test(l))) out.push(currentBlock);
      }
    }
  }
  return out.join('\n');
}

/**
 * Reads the ssh config: `file` when given (it must exist), else ~/.ssh/config when present.
 */
export async function loadSshConfig(file?: string): Promise<SshConfigSource | undefined> {
  const chosen = file ?? defaultSshConfigPath();
  try {
    return parseSshConfig(await expandIncludes(await readFile(chosen, 'utf8'), chosen, 0), chosen);
  } catch (error) {
    if (error instanceof UserError) throw error;
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

/**
 * The parts of an ssh command line (ansible_ssh_common_args / ansible_ssh_extra_args,
 * ProxyCommand) that decide where and how to connect. Pure; unknown options are ignored.
 */
import { UserError } from '../core/errors.js';

export interface JumpTarget {
  host: string;
  port?: number;
  user?: string;
  identityFiles?: string[];
}

export interface SshArgs {
  port?: number;
  user?: string;
  identityFiles: string[];
  /** From -J / ProxyJump / a `ssh -W %h:%p` ProxyCommand; `none` disables jumps. */
  jumps?: JumpTarget[] | 'none';
  connectTimeoutSec?: number;
}

/** Splits like a POSIX shell would (quotes and backslashes), without expansions. */
export function shellSplit(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] as string)) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new UserError(`unbalanced ${quote} quote in ssh arguments: ${text}`);
  if (inWord) words.push(word);
  return words;
}

function parsePort(text: string, context: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(`invalid port ${text} in ${context}`);
  return port;
}

/** `[user@]host[:port]` or `ssh://[user@]host[:port]`, comma-separated. */
export function parseJumpList(text: string): JumpTarget[] | 'none' {
  if (text.trim().toLowerCase() === 'none') return 'none';
  return text.split(',').map((item) => {
    let rest = item.trim().replace(/^ssh:\/\//, '');
    const jump: JumpTarget = { host: '' };
    const at = rest.lastIndexOf('@');
    if (at >= 0) {
      jump.user = rest.slice(0, at);
      rest = rest.slice(at + 1);
    }
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
    const portMatch = /^([^:]+):(\d+)$/.exec(rest);
    if (bracketed) {
      jump.host = bracketed[1] as string;
      if (bracketed[2]) jump.port = parsePort(bracketed[2], `jump host ${item}`);
    } else if (portMatch) {
      jump.host = portMatch[1] as string;
      jump.port = parsePort(portMatch[2] as string, `jump host ${item}`);
    } else {
      jump.host = rest;
    }
    if (!jump.host) throw new UserError(`invalid jump host "${item}"`);
    return jump;
  });
}

/** Options that take a value, so that value is not mistaken for the destination. */
const VALUE_OPTIONS = new Set('BbcDEeFIiJLlmOoPpQRSWw'.split(''));

/**
 * `ssh [opts] -W %h:%p [user@]bastion` (the common Ansible jump recipe) as a jump target.
 * Anything else cannot be replayed without running a command: it is refused.
 */
export function parseProxyCommand(command: string): JumpTarget[] | 'none' {
  if (command.trim().toLowerCase() === 'none') return 'none';
  const words = shellSplit(command);
  const program = words.shift() ?? '';
  const refuse = (): never => {
    throw new UserError(`unsupported ProxyCommand "${command}": only "ssh -W %h:%p [user@]bastion" jumps are understood; use ProxyJump`);
  };
  if (!/(^|\/)ssh$/.test(program)) return refuse();
  const parsed = parseSshArgs(words, 'ProxyCommand');
  if (!parsed.forward || parsed.destination === undefined) return refuse();
  const jump = parseJumpList(parsed.destination);
  if (jump === 'none' || jump.length !== 1 || !jump[0]) return refuse();
  const target = jump[0];
  if (parsed.args.port !== undefined && target.port === undefined) target.port = parsed.args.port;
  if (parsed.args.user !== undefined && target.user === undefined) target.user = parsed.args.user;
  if (parsed.args.identityFiles.length > 0) target.identityFiles = parsed.args.identityFiles;
  return [...(parsed.args.jumps !== 'none' ? (parsed.args.jumps ?? []) : []), target];
}

function applyOption(args: SshArgs, option: string, source: string): void {
  const match = /^\s*([A-Za-z]+)\s*(?:=\s*|\s+)(.*)$/.exec(option);
  if (!match) return;
  const key = (match[1] as string).toLowerCase();
  const value = (match[2] as string).trim();
  switch (key) {
    case 'port':
      args.port ??= parsePort(value, source);
      break;
    case 'user':
      args.user ??= value;
      break;
    case 'identityfile':
      args.identityFiles.push(value);
      break;
    case 'proxyjump':
      args.jumps ??= parseJumpList(value);
      break;
    case 'proxycommand':
      args.jumps ??= parseProxyCommand(value);
      break;
    case 'connecttimeout':
      args.connectTimeoutSec ??= Number(value) || undefined;
      break;
  }
}

interface ParsedCommandLine {
  args: SshArgs;
  forward: boolean;
  destination?: string;
}

function parseSshArgs(words: string[], source: string): ParsedCommandLine {
  const args: SshArgs = { identityFiles: [] };
  let forward = false;
  let destination: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (!word.startsWith('-') || word.length < 2) {
      destination ??= word;
      continue;
    }
    const flag = word[1] as string;
    let value: string | undefined;
    if (VALUE_OPTIONS.has(flag)) value = word.length > 2 ? word.slice(2) : words[++i];
    if (value === undefined) continue;
    switch (flag) {
      case 'o':
        applyOption(args, value, source);
        break;
      case 'p':
        args.port ??= parsePort(value, source);
        break;
      case 'l':
        args.user ??= value;
        break;
      case 'i':
        args.identityFiles.push(value);
        break;
      case 'J':
        args.jumps ??= parseJumpList(value);
        break;
      case 'W':
        forward = true;
        break;
    }
  }
  const parsed: ParsedCommandLine = { args, forward };
  if (destination !== undefined) parsed.destination = destination;
  return parsed;
}

/** Parses Ansible's extra ssh arguments; the first value of an option wins, as in ssh. */
export function parseAnsibleSshArgs(text: string, source: string): SshArgs {
  return parseSshArgs(shellSplit(text), source).args;
}

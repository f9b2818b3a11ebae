/** sshd configuration and command lines for fleet hosts. */
import { existsSync } from 'node:fs';

export const SSHD = '/usr/sbin/sshd';
const ROOT_BASHRC = '/root/.bashrc';

export interface SshdBase {
  configFile: string;
  hostKey: string;
  logFile: string;
  options: string[];
}

/** The one sshd_config every fleet host shares; per-host differences go in `-o` options. */
export function sshdConfig(authorizedKeysDir: string, logLevel: string): string {
  return [
    'UsePAM no',
    'StrictModes no',
    `AuthorizedKeysFile ${authorizedKeysDir}/%u`,
    'PermitRootLogin yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    // Counts per sshd process; benchmarks open hundreds of logins at once.
    'MaxStartups 4096',
    'MaxSessions 10',
    `LogLevel ${logLevel}`,
    'UseDNS no',
    'PrintMotd no',
    'PrintLastLog no',
    'AllowTcpForwarding yes',
    'AcceptEnv LANG LC_*',
    'Subsystem sftp internal-sftp',
    '',
  ].join('\n');
}

function common(base: SshdBase): string[] {
  return ['-f', base.configFile, '-h', base.hostKey, '-E', base.logFile, ...base.options.flatMap((o) => ['-o', o])];
}

/** One connection, stdin/stdout being the accepted socket. */
export function inetdArgv(base: SshdBase): string[] {
  return [SSHD, '-i', ...common(base)];
}

/** A standalone sshd for a host with its own namespaces. */
export function daemonArgv(base: SshdBase, listen: string[], pidFile: string): string[] {
  return [
    SSHD,
    '-D',
    ...common(base),
    '-o',
    `PidFile=${pidFile}`,
    ...listen.flatMap((address) => ['-o', `ListenAddress=${address}`]),
  ];
}

/**
 * Runs argv in a private mount namespace where root's .bashrc is a plain one (root's real
 * one runs pyenv init, ~0.15 CPU-s per session) and, when given, /etc/hosts is replaced.
 */
export function lightShellArgv(argv: string[], lightBashrc: string, hostsFile?: string): string[] {
  const mounts: string[] = [];
  const files: string[] = [];
  if (existsSync(ROOT_BASHRC)) {
    files.push(lightBashrc);
    mounts.push(`mount --bind "$${files.length}" ${ROOT_BASHRC}`);
  }
  if (hostsFile) {
    files.push(hostsFile);
    mounts.push(`mount --bind "$${files.length}" /etc/hosts`);
  }
  const script = [...mounts, `shift ${files.length}`, 'exec "$@"'].join(' && ');
  return ['unshare', '--mount', '--propagation', 'private', '--', 'sh', '-c', script, 'fleet-ns', ...files, ...argv];
}

/**
 * How a personality host's sshd is started: in its network namespace, then in new mount,
 * UTS and PID namespaces where a setup script mounts the overlays (read-only, or writable
 * into the host's own upper directories) and /proc files, sets the
 * hostname, starts the host's daemons and listeners and finally execs the fleet's sshd
 * argv — through `capsh --drop=…` when capabilities leave the bounding set.
 *
 * The PID namespace makes the host's process list its own and makes sshd its PID 1, so
 * /proc/1/status shows the shrunken bounding set as it would in a container; killing that
 * PID 1 ends every process of the host.
 */
import { SSHD } from '../sshd.js';
import type { HostLayers } from './layers.js';
import { shQuote } from './standins.js';

const CAPSH = '/usr/sbin/capsh';

export function setupScript(name: string, hostname: string, layers: HostLayers): string {
  const overlays = layers.overlays.map(({ target, lower, upper, work }) => {
    const writable = upper && work ? `,upperdir=${upper},workdir=${work}` : '';
    return `mount -t overlay personality -o ${shQuote(`lowerdir=${lower}:${target}${writable}`)} ${target}`;
  });
  const binds = layers.binds.map(({ source, target }) => `mount --bind ${shQuote(source)} ${target}`);
  // A daemon's PID (in the host's PID namespace) lets the systemctl stand-in stop it.
  const processes = layers.processes.map(({ command, unit }) =>
    `${command} </dev/null >/dev/null 2>&1 &${unit ? ` echo $! >${shQuote(`${layers.stateDir}/pid/${unit}`)}` : ''}`,
  );
  return [
    '#!/bin/sh',
    `# namespaces of test personality ${name}; runs as PID 1 of its PID namespace, then execs sshd`,
    'set -e',
    ...overlays,
    ...binds,
    `hostname ${shQuote(hostname)}`,
    ...processes,
    'exec "$@"',
    '',
  ].join('\n');
}

/**
 * The fleet's sshd argv wrapped for a personality. The fleet's own wrapping (a mount
 * namespace for a light .bashrc) needs CAP_SYS_ADMIN, so capabilities are dropped right
 * before sshd itself.
 */
export function wrapArgv(netns: string, setupPath: string, dropCapabilities: string[], argv: string[]): string[] {
  let inner = argv;
  if (dropCapabilities.length > 0) {
    const sshdAt = argv.indexOf(SSHD);
    if (sshdAt < 0) throw new Error(`cannot drop capabilities: ${SSHD} is not in the fleet argv ${argv.join(' ')}`);
    const capsh = [CAPSH, `--drop=${dropCapabilities.join(',')}`, '--', '-c', 'exec "$@"', 'capsh'];
    inner = [...argv.slice(0, sshdAt), ...capsh, ...argv.slice(sshdAt)];
  }
  return [
    'ip', 'netns', 'exec', netns,
    'unshare', '--mount', '--uts', '--pid', '--fork', '--kill-child', '--mount-proc', '--propagation', 'private',
    'sh', setupPath, ...inner,
  ];
}
